/**
 * `/` never answers 404: a vault with no index.md and no home setting gets a generated home page
 * (the site's title, its top folders, its top-level notes, the newest notes, the most used tags).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { loadFixture, request } from './helpers.ts'

beforeAll(() => loadFixture('noHomeKv'))

/** The page's <article>, whole. */
const article = (html: string) => html.slice(html.indexOf('<article'), html.indexOf('</article>') + '</article>'.length)

describe('a vault without a home note (test/fixtures/no-home)', () => {
  it('answers / with a generated home page, named after the vault folder', async () => {
    const res = await request('/')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<title>no-home</title>')
    expect(article(html)).toBe(
      [
        '<article class="note home"><h1 class="note-title">no-home</h1><p class="note-meta">4 notes</p>',
        '<section aria-labelledby="folders-title"><h2 id="folders-title">Folders</h2><ul class="note-list folders">',
        '<li><a href="/projects">Projects/</a></li><li><a href="/reading">Reading/</a></li></ul></section>',
        '<section aria-labelledby="notes-title"><h2 id="notes-title">Notes</h2><ul class="note-list">',
        '<li><a class="internal" href="/scratchpad">Scratchpad</a></li></ul></section>',
        '<section class="recent" aria-labelledby="recent-title"><h2 id="recent-title">Recently updated</h2><ul class="note-list">',
        '<li><a class="internal" href="/projects/roadmap">Roadmap</a> <time datetime="2026-04-10">2026-04-10</time></li>',
        '<li><a class="internal" href="/projects/garden/beds">Beds</a> <time datetime="2026-03-02">2026-03-02</time></li>',
        '<li><a class="internal" href="/reading/braiding-sweetgrass">Braiding Sweetgrass</a> <time datetime="2026-01-15">2026-01-15</time></li>',
        '</ul></section>',
        '<section aria-labelledby="tags-title"><h2 id="tags-title">Tags</h2><ul class="tag-index">',
        '<li><a class="tag" href="/tags/plans">#plans</a> <span class="count">2</span></li>',
        '<li><a class="tag" href="/tags/books">#books</a> <span class="count">1</span></li>',
        '<li><a class="tag" href="/tags/gardening">#gardening</a> <span class="count">1</span></li>',
        '<li><a class="tag" href="/tags/ideas">#ideas</a> <span class="count">1</span></li>',
        '</ul></section></article>',
      ].join(''),
    )
  })

  it('every page’s Home link leads somewhere: / is cached and tagged like a page', async () => {
    const res = await request('/')
    expect(res.headers.get('cache-tag')).toContain('n:index')
    const note = await (await request('/projects/roadmap')).text()
    expect(note).toContain('href="/"')
  })

  it('folder pages still work beside it', async () => {
    const res = await request('/projects')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('<a href="/projects/garden">Garden/</a>')
  })
})
