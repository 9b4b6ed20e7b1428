/**
 * The user's own note, thoughts/Alignment.md (copied verbatim from shared/seeds), built by the real
 * build into real KV and rendered through the whole worker.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { loadFixture, noteBody, request } from './helpers.ts'

const expected = import.meta.glob('../fixtures/expected/*.html', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>

let page: string

beforeAll(async () => {
  await loadFixture()
  const res = await request('/thoughts/alignment')
  expect(res.status).toBe(200)
  page = await res.text()
})

describe('thoughts/Alignment.md', () => {
  it('renders the whole body exactly', () => {
    expect(noteBody(page)).toBe(expected['../fixtures/expected/alignment.html'])
  })

  it.each([
    [
      'alias to a note with a space in its name (D01)',
      '<a class="internal" href="/thoughts/overton-window">frame-context collapse</a>',
    ],
    ['alias inside a callout (C02)', '<a class="internal" href="/thoughts/existentialism">existential</a>'],
    [
      'alias to a note whose title differs from its file name',
      '<a class="internal" href="/thoughts/llms">large language models</a>',
    ],
    ['link without alias shows the path as written (H04)', '<a class="internal" href="/thoughts/rag">thoughts/RAG</a>'],
    ['alias inside a quote', '<a class="internal" href="/thoughts/ethics">ethical</a>'],
    [
      'missing note rendered as broken (L06, U05)',
      '<a class="internal broken" title="Not published: thoughts/moral">morally</a>',
    ],
    [
      'bare path with spaces',
      '<a class="internal" href="/thoughts/mechanistic-interpretability">thoughts/mechanistic interpretability</a>',
    ],
    [
      'heading anchor with alias (D02)',
      '<a class="internal" href="/thoughts/mechanistic-interpretability#ablation">ablate</a>',
    ],
    [
      'external link',
      '<a class="external" href="https://openai.com/blog/our-approach-to-alignment-research">OpenAI&#39;s on alignment research (before all the safety disband)</a>',
    ],
  ])('wikilink: %s', (_name, html) => {
    expect(page).toContain(html)
  })

  it('folds the abstract callout, collapsed, with its custom title (C04, C07)', () => {
    expect(page).toContain(
      '<details class="callout callout-abstract" data-callout="abstract" data-callout-fold="-">\n' +
        '<summary class="callout-title"><span class="callout-icon" aria-hidden="true"></span>thoughts</summary>\n' +
        '<div class="callout-content">\n<p>The real challenge',
    )
    expect(page).not.toContain('[!abstract]')
  })

  it('links the footnote both ways (N01, N02)', () => {
    expect(page).toContain(
      'token-generation. <sup><a id="footnote-ref-enterprise" href="#footnote-enterprise" data-footnote-ref aria-describedby="footnote-label">1</a></sup></p>',
    )
    expect(page).toContain(
      '<li id="footnote-enterprise">\n<p>In production use cases, systems solutions such as <a class="internal" href="/thoughts/rag">thoughts/RAG</a> are more relevant',
    )
    expect(page).toContain(
      '<a href="#footnote-ref-enterprise" data-footnote-backref aria-label="Back to reference enterprise">↩</a></p>',
    )
  })

  it('embeds the image from static assets (I01)', async () => {
    expect(page).toContain(
      '<p class="embed"><img src="/thoughts/images/alignment-asl-scale.webp" alt="alignment-asl-scale.webp" loading="lazy"></p>',
    )
    const image = await request('/thoughts/images/alignment-asl-scale.webp')
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/webp')
    expect(new Uint8Array(await image.arrayBuffer()).slice(8, 12)).toEqual(new TextEncoder().encode('WEBP'))
  })

  it('shows title, description, dates and tags from the frontmatter', () => {
    expect(page).toContain(
      '<title>Alignment · Fixture garden</title><meta name="description" content="and safety-related topics"/>',
    )
    expect(page).toContain(
      '<header class="note-header"><h1 class="note-title">Alignment</h1><p class="note-description">and safety-related topics</p>' +
        '<p class="note-meta"><span class="note-date">Published <time datetime="2024-03-05">5 March 2024</time></span>' +
        '<span class="note-date">Updated <time datetime="2025-10-29T06:15:15.000Z">29 October 2025</time></span>' +
        '<span class="reading-time">1 min read</span><span class="note-tags"><a class="tag" href="/tags/ml">#ml</a></span></p></header>',
    )
  })

  it('lists the notes that link here', () => {
    expect(page).toContain(
      '<section class="backlinks" aria-labelledby="backlinks-title"><h2 id="backlinks-title">Linked from</h2><ul>' +
        '<li><a class="internal" href="/">Fixture garden</a><span class="backlink-context">A small vault for tests. Start at thoughts/Alignment.</span></li>' +
        '<li><a class="internal" href="/thoughts/overton-window">Overton Window</a><span class="backlink-context">The range of ideas the public will accept. See Alignment.</span></li></ul></section>',
    )
  })

  it('leaves no raw Obsidian syntax on the page', () => {
    expect(page).not.toMatch(/\[\[|\]\]|\[!|\[\^/)
  })

  it('reports the missing link with file and line, and still builds', () => {
    expect(inject('fixtureProblems')).toEqual([
      { file: 'thoughts/Alignment.md', line: 33, message: 'broken link: [[thoughts/moral|morally]]' },
    ])
  })
})

describe('notes the seed links to', () => {
  it('backlinks of mechanistic interpretability: both notes that link or embed it', async () => {
    const html = await (await request('/thoughts/mechanistic-interpretability')).text()
    expect(html).toContain(
      '<ul><li><a class="internal" href="/thoughts/alignment">Alignment</a><span class="backlink-context">One of thoughts/mechanistic interpretability&#39;s goal is to ablate harmful features.</span></li>' +
        '<li><a class="internal" href="/thoughts/llms">Large language models</a><span class="backlink-context">thoughts/mechanistic interpretability Ablation</span></li></ul>',
    )
  })

  it('a heading embed transcludes that section only (E02, U07)', async () => {
    const html = await (await request('/thoughts/llms')).text()
    expect(noteBody(html)).toBe(
      '<p>Models that predict the next token.</p>\n' +
        '<div class="transclude" data-slug="thoughts/mechanistic-interpretability">\n' +
        '<p class="transclude-source"><a class="internal" href="/thoughts/mechanistic-interpretability#ablation">mechanistic interpretability</a></p>\n' +
        '<h2 id="ablation">Ablation</h2>\n<p>Remove a feature and watch what breaks.</p>\n</div>\n',
    )
  })

  it('the home page renders index.md at /', async () => {
    const res = await request('/')
    expect(res.status).toBe(200)
    expect(noteBody(await res.text())).toBe(
      '<p>A small vault for tests. Start at <a class="internal" href="/thoughts/alignment">thoughts/Alignment</a>.</p>\n',
    )
  })
})
