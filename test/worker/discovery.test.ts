/**
 * Discovery and machine endpoints through the worker, on the fixture vault: search, link-preview
 * fragments, folder pages, the home page's recent notes, sitemap, feed, robots.txt and llms.txt.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { NOTE_CACHE_CONTROL } from '../../src/cache.ts'
import { loadFixture, request } from './helpers.ts'

beforeAll(() => loadFixture())

describe('search', () => {
  it('finds notes holding every word, titles first, with the matches marked', async () => {
    const html = await (await request('/search?q=Retrieval+generation')).text()
    expect(html).toContain('<p class="note-meta" role="status">1 note</p>')
    expect(html).toContain(
      '<li><a class="internal" href="/thoughts/rag">RAG</a><p class="snippet"><mark>Retrieval</mark>-augmented <mark>generation</mark>.</p></li>',
    )
    expect(html).toContain(
      '<input id="search-input" type="search" name="q" placeholder="Search  /" value="Retrieval generation" maxlength="200"/>',
    )
  })

  it('ranks a title match above a text match', async () => {
    const html = await (await request('/search?q=alignment')).text()
    const order = [...html.matchAll(/<li><a class="internal" href="([^"]+)">/g)].map((match) => match[1])
    expect(order[0]).toBe('/thoughts/alignment')
    expect(order).toContain('/thoughts/overton-window')
  })

  it('escapes the query everywhere and is never cached', async () => {
    const res = await request('/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E')
    const html = await res.text()
    expect(html).not.toContain('<script>alert')
    expect(html).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"')
    expect(html).toContain('No note matches every word.')
    expect(res.headers.get('cache-control')).toBe('no-store')
  })
})

describe('/graph', () => {
  it('draws every published note as a link, cached like a page and purged by its own tag', async () => {
    const res = await request('/graph')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe(NOTE_CACHE_CONTROL)
    expect(res.headers.get('cache-tag')).toBe('graph,site')
    const html = await res.text()
    expect(html).toContain('<title>Graph · Fixture garden</title>')
    const drawn = html.slice(html.indexOf('<article class="note graph-page">'))
    expect(drawn).toMatch(
      /^<article class="note graph-page"><h1 class="note-title">Graph<\/h1><p class="note-meta">9 notes, 8 links<\/p>/,
    )
    const hrefs = [...drawn.matchAll(/<a href="([^"]+)"><title>/g)].map((match) => match[1]).sort()
    expect(hrefs).toEqual(
      [
        '/',
        '/thoughts/alignment',
        '/thoughts/diagrams',
        '/thoughts/ethics',
        '/thoughts/existentialism',
        '/thoughts/llms',
        '/thoughts/mechanistic-interpretability',
        '/thoughts/overton-window',
        '/thoughts/rag',
      ].sort(),
    )
  })

  it('is linked from every note’s local graph', async () => {
    const html = await (await request('/thoughts/alignment')).text()
    expect(html).toContain('<p class="graph-all"><a href="/graph">Graph →</a></p></section>')
  })
})

describe('pages for discovery', () => {
  it('a link preview is the note body in a small fragment', async () => {
    const res = await request('/_hyphae/fragment/thoughts/rag')
    expect(res.status).toBe(200)
    expect(await res.text()).toBe(
      '<article class="preview"><h2 class="preview-title">RAG</h2><div class="block" id="^rag-def">\n<p>Retrieval-augmented generation.</p>\n</div>\n</article>',
    )
    expect((await request('/_hyphae/fragment/no/such')).status).toBe(404)
  })

  it('a folder without an index note lists its notes', async () => {
    const html = await (await request('/thoughts')).text()
    expect(html).toContain('<h1 class="note-title">thoughts</h1><p class="note-meta">8 notes</p>')
    expect(html).toContain('<li><a class="internal" href="/thoughts/alignment">Alignment</a></li>')
  })

  it('the home page shows the index note, then the recently updated notes', async () => {
    const html = await (await request('/')).text()
    expect(html).toContain(
      '<section class="recent" aria-labelledby="recent-title"><h2 id="recent-title">Recently updated</h2><ul class="note-list">' +
        '<li><a class="internal" href="/thoughts/alignment">Alignment</a> <time datetime="2025-10-29T06:15:15.000Z">2025-10-29</time></li></ul></section>',
    )
  })

  it('a note page has breadcrumbs, a canonical link and its local graph', async () => {
    const html = await (await request('/thoughts/llms')).text()
    expect(html).toContain(
      '<nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="/">Home</a> › <a href="/thoughts">thoughts</a></nav>',
    )
    expect(html).toContain('<link rel="canonical" href="https://garden.example/thoughts/llms"/>')
    expect(html).toContain(
      '<svg viewBox="-70 -10 460 340" role="group" aria-label="Large language models and the 2 notes it connects to">',
    )
    expect(html).toContain(
      '<a href="/thoughts/mechanistic-interpretability"><title>mechanistic interpretability</title>',
    )
  })
})

describe('for machines', () => {
  it('sitemap.xml lists every note with absolute URLs and dates', async () => {
    const res = await request('/sitemap.xml')
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8')
    const xml = await res.text()
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
      ),
    ).toBe(true)
    expect(xml).toContain(
      '<url><loc>https://garden.example/thoughts/alignment</loc><lastmod>2025-10-29T06:15:15.000Z</lastmod></url>',
    )
    expect(xml).toContain('<url><loc>https://garden.example/</loc></url>')
    expect(xml.match(/<url>/g)).toHaveLength(9)
  })

  it('feed.xml is an Atom feed of the newest notes', async () => {
    const res = await request('/feed.xml')
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8')
    expect(await res.text()).toContain(
      '<entry><title>Alignment</title><link href="https://garden.example/thoughts/alignment"/><id>https://garden.example/thoughts/alignment</id><updated>2025-10-29T06:15:15.000Z</updated><summary>and safety-related topics</summary></entry>',
    )
  })

  it('robots.txt points at the sitemap; llms.txt lists the notes as markdown links', async () => {
    expect(await (await request('/robots.txt')).text()).toBe(
      'User-agent: *\nAllow: /\nDisallow: /_hyphae/\nDisallow: /search\n\nSitemap: https://garden.example/sitemap.xml\n',
    )
    const llms = await (await request('/llms.txt')).text()
    expect(
      llms.startsWith('# Fixture garden\n\n## Notes\n\n- [Fixture garden](https://garden.example/index.md)\n'),
    ).toBe(true)
    expect(llms).toContain('- [Alignment](https://garden.example/thoughts/alignment.md): and safety-related topics\n')
  })
})
