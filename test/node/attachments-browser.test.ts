/**
 * Attachments run nothing (issue: trust at the edge): a vault of files clipped from the web
 * (test/fixtures/hostile-attachments/: an SVG with a script and an onload, an HTML page with a
 * script and an onerror, an XML file with an XHTML script, a PDF), served by `npm run dev` and
 * opened in Chromium by their links. No script of theirs runs on the site's origin; the SVG still
 * shows inside the note, and the PDF still displays, on its own and embedded.
 */
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DevSite } from './site.ts'
import { startSite } from './site.ts'

const PORT = 8809
let site: DevSite

beforeAll(async () => {
  site = await startSite(PORT, join('test', 'fixtures', 'hostile-attachments'))
}, 120_000)
afterAll(() => site?.stop())

async function withPage<T>(run: (page: Page) => Promise<T>): Promise<T> {
  const context = await site.browser.newContext()
  try {
    return await run(await context.newPage())
  } finally {
    await context.close()
  }
}

/** The href of the note's link with this text. */
const hrefOf = (page: Page, text: string) => page.getByRole('link', { name: text, exact: true }).getAttribute('href')

describe('an attachment opened by its link', () => {
  for (const [text, kind] of [
    ['the picture', 'image/svg+xml'],
    ['the saved page', 'text/html'],
    ['the feed', 'xml'],
  ] as const) {
    it(`runs none of its scripts or handlers: ${text} (${kind})`, async () => {
      await withPage(async (page) => {
        await page.goto(site.base)
        const href = await hrefOf(page, text)
        expect(href).toMatch(/^\/[a-z]+\.(svg|html|xml)$/)
        const blocked: string[] = []
        page.on('console', (message) => blocked.push(message.text()))
        const res = await page.goto(site.base + href!)
        expect(res!.status()).toBe(200)
        expect(res!.headers()['content-type']).toContain(kind)
        expect(res!.headers()['x-content-type-options']).toBe('nosniff')
        expect(res!.headers()['content-security-policy']).toMatch(/(^|;\s*)sandbox(;|$)/)
        await page.waitForLoadState('load')
        // The scripts would mark the document; the sandbox left it unmarked and said why.
        expect(await page.evaluate(() => document.documentElement.getAttribute('data-ran'))).toBeNull()
        // A sandboxed document has an opaque origin: nothing of the site's storage or cookies.
        expect(await page.evaluate(() => window.origin)).toBe('null')
        expect(blocked.join('\n')).toMatch(/Blocked script execution|sandboxed|Content Security Policy/)
      })
    })
  }

  it('the SVG still shows inside the note', async () => {
    await withPage(async (page) => {
      await page.goto(site.base)
      const size = await page
        .locator('.note-body img[src$="evil.svg"]')
        .evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : -1))
      expect(size).toBe(120)
    })
  })

  it('the PDF displays, opened and embedded', async () => {
    await withPage(async (page) => {
      await page.goto(site.base)
      const href = await hrefOf(page, 'the paper')
      // Firefox's and Safari's viewers (and Chromium's before) show no PDF in a sandboxed document:
      // a PDF gets no sandbox; its own scripts run inside the viewer, never with the site's origin.
      const res = await page.request.get(site.base + href!)
      expect(res.headers()['content-type']).toBe('application/pdf')
      expect(res.headers()['x-content-type-options']).toBe('nosniff')
      expect(res.headers()['content-security-policy'] ?? '').not.toMatch(/sandbox/)
      // The note's embed: an iframe whose viewer has the document's one page.
      await page.locator('.note-body iframe.pdf').scrollIntoViewIfNeeded()
      await expect.poll(() => pdfPages(page, href!), { timeout: 20_000 }).toBe(1)
      await page.goto(site.base + href!)
      await expect.poll(() => pdfPages(page, href!), { timeout: 20_000 }).toBe(1)
    })
  })
})

/** How many pages Chromium's PDF viewer shows for the PDF at `path` in this page (undefined: no viewer yet). */
async function pdfPages(page: Page, path: string): Promise<number | undefined> {
  const holder = page.frames().find((frame) => new URL(frame.url(), site.base).pathname === path)
  const viewer = holder?.childFrames().find((frame) => frame.url().startsWith('chrome-extension://'))
  if (!viewer) return undefined
  return viewer
    .evaluate(() => {
      type Shadowed = Element & { shadowRoot: ShadowRoot | null; docLength?: number }
      const toolbar = document
        .querySelector('pdf-viewer')
        ?.shadowRoot?.querySelector('viewer-toolbar') as Shadowed | null
      return (toolbar?.shadowRoot?.querySelector('viewer-page-selector') as Shadowed | null)?.docLength
    })
    .catch(() => undefined)
}
