/**
 * `npm run dev -- <vault>` end to end: the fixture vault built into local KV, `wrangler dev`
 * started, and real HTTP requests on loopback, as a person with curl would make them.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DevSite } from './site.ts'
import { startSite } from './site.ts'

const PORT = 8791
const base = `http://127.0.0.1:${PORT}`
let site: DevSite
let browser: Browser

beforeAll(async () => {
  site = await startSite(PORT)
  browser = site.browser
}, 120_000)

afterAll(() => site?.stop())

describe('npm run dev -- test/fixtures/vault', () => {
  it('serves the seed note with every link resolved, the callout folded, the footnote and the image', async () => {
    const res = await fetch(`${base}/thoughts/alignment`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<a class="internal" href="/thoughts/mechanistic-interpretability#ablation">ablate</a>')
    expect(html).toContain('<details class="callout callout-abstract" data-callout="abstract" data-callout-fold="-">')
    expect(html).toContain('<a id="footnote-ref-enterprise" href="#footnote-enterprise"')
    expect(html).toContain('<a href="#footnote-ref-enterprise" data-footnote-backref')
    expect(html).toContain('<img src="/thoughts/images/alignment-asl-scale.webp"')
    expect(site.output()).toContain(
      'warning: test/fixtures/vault/thoughts/Alignment.md:33: broken link: [[thoughts/moral|morally]]',
    )
  })

  it('answers the guessable URL forms with a redirect to the note', async () => {
    const res = await fetch(`${base}/thoughts/Alignment`, { redirect: 'manual' })
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe('/thoughts/alignment')
  })

  it('answers If-None-Match with its ETag by 304', async () => {
    const etag = (await fetch(`${base}/thoughts/alignment`)).headers.get('etag')
    expect(etag).toMatch(/^"[0-9a-f]{44}-[A-Za-z0-9-]+"$/)
    const res = await fetch(`${base}/thoughts/alignment`, { headers: { 'If-None-Match': etag! } })
    expect(res.status).toBe(304)
  })

  it('serves attachments and the stylesheet from static assets', async () => {
    const image = await fetch(`${base}/thoughts/images/alignment-asl-scale.webp`)
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/webp')
    const page = await (await fetch(`${base}/thoughts/alignment`)).text()
    const href = /<link rel="stylesheet" href="(\/_hyphae\/[0-9a-f]{10}\/style\.css)"\/>/.exec(page)?.[1]
    expect(href).toBeDefined()
    const css = await fetch(`${base}${href}`)
    expect(css.headers.get('content-type')).toMatch(/^text\/css/)
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
  })
})

describe('in a real browser', () => {
  it('draws mermaid diagrams with the script the site serves itself, and typesets math without client JavaScript', async () => {
    const page = await browser.newPage()
    const requested: string[] = []
    page.on('request', (request) => requested.push(new URL(request.url()).host))
    await page.goto(`${base}/thoughts/diagrams`)
    await page.waitForSelector('pre.mermaid svg', { timeout: 20_000 })
    expect(await page.locator('pre.mermaid svg').count()).toBe(1)
    expect(await page.locator('pre.mermaid svg').innerHTML()).toContain('Idea')
    // `class C internal-link;` (OFM-SPEC L11): the node named Alignment links to the note.
    await page.waitForSelector('pre.mermaid svg a[href="/thoughts/alignment"] g.node')
    expect(await page.locator('pre.mermaid svg a[href="/thoughts/alignment"]').textContent()).toContain('Alignment')
    expect(await page.locator('.katex').count()).toBe(2)
    expect(await page.locator('.katex-display').count()).toBe(1)
    const font = await page
      .locator('.katex')
      .first()
      .evaluate((node) => getComputedStyle(node).fontFamily)
    expect(font).toContain('KaTeX_Main')
    expect(await page.locator('code.language-python .hljs-keyword').first().textContent()).toBe('def')
    expect(new Set(requested)).toEqual(new Set([`127.0.0.1:${PORT}`]))
    await page.close()
  }, 60_000)

  it('unfolds the collapsed callout with a click, no JavaScript needed', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(`${base}/thoughts/alignment`)
    const callout = page.locator('details.callout')
    expect(await callout.evaluate((node) => (node as HTMLDetailsElement).open)).toBe(false)
    expect(await page.getByText('The real challenge').isVisible()).toBe(false)
    await page.locator('details.callout > summary').click()
    expect(await callout.evaluate((node) => (node as HTMLDetailsElement).open)).toBe(true)
    expect(await page.getByText('The real challenge').isVisible()).toBe(true)
    await context.close()
  }, 60_000)
})
