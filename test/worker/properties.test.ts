/**
 * Frontmatter that changes the page or the site (OFM-SPEC D07, T02, T07, T08, Y03, Y04, Y09, Y10,
 * Y12, Y14, Y15), read from the OFM fixture vault through the worker.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { loadFixture, request } from './helpers.ts'

beforeAll(() => loadFixture('ofmKv'))

describe('permalinks and path aliases (Y14, D07)', () => {
  it('a note with `permalink: about` is served at /about', async () => {
    const res = await request('/about')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('<h1 class="note-title">About</h1>')
  })

  it.each([
    ['/props/about-this-site', '/about'],
    ['/props/About%20this%20site.md', '/about.md'],
    ['/guides/making-friends', '/props/making-friends'],
    ['/Guides/Making+friends', '/props/making-friends'],
    ['/guides/making-friends?from=old', '/props/making-friends?from=old'],
  ])('%s answers 301 → %s', async (path, location) => {
    let res = await request(path)
    // A non-canonical spelling first redirects to the canonical old URL, which then redirects to the note.
    if (res.headers.get('location') !== location) res = await request(res.headers.get('location')!)
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe(location)
  })

  it('a bare-name alias is not a redirect', async () => {
    expect((await request('/friendship')).status).toBe(404)
  })
})

describe('page properties', () => {
  let html: string
  beforeAll(async () => {
    html = await (await request('/props/episode')).text()
  })

  it('cssclasses become classes of the note (Y09), unsafe names dropped', () => {
    expect(html).toContain('<article class="note wide-page">')
  })

  it('description and image feed the social preview (Y12, Y15)', () => {
    expect(html).toContain(
      '<meta name="description" content="A note with properties that matter"/><meta property="og:title" content="Episode"/>' +
        '<meta property="og:site_name" content="ofm"/><meta property="og:description" content="A note with properties that matter"/>' +
        '<meta property="og:image" content="/engelbart.jpg"/>',
    )
  })

  it('singular `tag: one, two` is read as a list (Y10); a # in a text property is not a tag (T08)', () => {
    expect(html).toContain(
      '<span class="note-tags"><a class="tag" href="/tags/one">#one</a><a class="tag" href="/tags/two">#two</a></span>',
    )
    expect(html).not.toContain('notatag')
  })

  it('links in text and list properties count as links: backlinks (Y03, Y04)', async () => {
    expect(await (await request('/props/episode-iv')).text()).toContain(
      '<li><a class="internal" href="/props/episode">Episode</a></li>',
    )
    expect(await (await request('/dog')).text()).toContain(
      '<li><a class="internal" href="/props/episode">Episode</a></li>',
    )
  })
})

describe('a description that holds wikilinks', () => {
  it('shows them as links on the page, and as plain text in the meta tags', async () => {
    const html = await (await request('/props/described')).text()
    expect(html).toContain(
      '<p class="note-description">A note about <a class="internal" href="/dog">dogs</a> and <a class="internal" href="/example#details">Example &gt; Details</a>, with &quot;quotes&quot; &amp; more.</p>',
    )
    expect(html).toContain(
      '<meta name="description" content="A note about dogs and Example, with &quot;quotes&quot; &amp; more."/>',
    )
    // They count as links: the linked note lists this one among its backlinks.
    expect(await (await request('/dog')).text()).toContain('href="/props/described"')
  })
})

describe('tag pages (T02, T06, T07)', () => {
  it('a nested tag is listed under its parent too', async () => {
    const parent = await (await request('/tags/inbox')).text()
    const child = await (await request('/tags/inbox/to-read')).text()
    expect(parent).toContain('<h1 class="note-title">#inbox</h1>')
    expect(parent).toContain('<a class="internal" href="/cases/t07">T07</a>')
    expect(child).toContain('<h1 class="note-title">#inbox/to-read</h1>')
    expect(child).toContain('<a class="internal" href="/cases/t07">T07</a>')
  })

  it('tags ignore case: other spellings redirect to one page', async () => {
    const res = await request('/tags/INBOX/To-Read')
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe('/tags/inbox/to-read')
  })

  it('the tag index lists every tag with its count, an unknown tag is a 404', async () => {
    const index = await (await request('/tags')).text()
    expect(index).toContain('<li><a class="tag" href="/tags/inbox">#inbox</a> <span class="count">')
    expect((await request('/tags/no-such-tag')).status).toBe(404)
  })
})
