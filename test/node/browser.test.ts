/**
 * The site's client behaviour in a real browser (Chromium through playwright-core), on
 * the fixture vault served by `npm run dev`: callouts, link previews, search, the theme toggle,
 * phone layouts, accessibility (axe-core) and screenshots of the seed note.
 *
 * Every page is opened through `open()`, which records every request the page makes and every
 * script error; `done()` asserts that nothing left 127.0.0.1 and nothing threw, then closes.
 */
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AxeResults } from 'axe-core'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { DevSite } from './site.ts'
import { startSite } from './site.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const PORT = 8793
const HOST = `127.0.0.1:${PORT}`
const base = `http://${HOST}`
const SCREENSHOTS = join(ROOT, 'test/.out/screenshots')
const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js')
const TEST_TIMEOUT = 60_000

let site: DevSite
let browser: Browser

beforeAll(async () => {
  site = await startSite(PORT)
  browser = site.browser
}, 120_000)

afterAll(() => site?.stop())

interface Session {
  context: BrowserContext
  page: Page
  /** Every URL requested that does not go to the dev server. */
  offsite: string[]
  /** Uncaught exceptions and console errors. */
  errors: string[]
}

const open_: Session[] = []

/** A fresh context and page, with its requests and errors recorded. */
async function open(options: BrowserContextOptions = {}): Promise<Session> {
  const context = await browser.newContext(options)
  const session: Session = { context, page: undefined as unknown as Page, offsite: [], errors: [] }
  context.on('request', (request) => {
    const url = new URL(request.url())
    if (/^(data|blob|about):$/.test(url.protocol)) return
    if (url.host !== HOST) session.offsite.push(request.url())
  })
  session.page = await context.newPage()
  session.page.on('pageerror', (error) => session.errors.push(`pageerror: ${error.message}`))
  session.page.on('console', (message) => {
    // The site has no favicon: the 404 the browser logs for the one it asks for on its own is not
    // the page's doing. Every other failed load or console error is.
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) {
      session.errors.push(`console: ${message.text()} (${message.location().url})`)
    }
  })
  open_.push(session)
  return session
}

/** Nothing left loopback and nothing threw; then the context is closed. */
async function done(session: Session): Promise<void> {
  await session.context.close()
  open_.splice(open_.indexOf(session), 1)
  expect(session.offsite, 'requests that left 127.0.0.1').toEqual([])
  expect(session.errors, 'script errors').toEqual([])
}

afterEach(async () => {
  // A failed test leaves its contexts open: close them, so the next test starts clean.
  for (const session of open_.splice(0)) await session.context.close().catch(() => {})
})

/** Waits for src/client/main.ts to have run: it unhides the theme toggle. */
async function clientReady(page: Page): Promise<void> {
  await page.locator('#theme-toggle').waitFor({ state: 'visible', timeout: 10_000 })
}

async function goto(page: Page, path: string): Promise<void> {
  const response = await page.goto(`${base}${path}`)
  expect(response?.status(), `GET ${path}`).toBe(200)
}

const popover = (page: Page) => page.locator('#link-preview')

describe('callouts', () => {
  it(
    'unfolds the collapsed callout from the keyboard with JavaScript on',
    async () => {
      const session = await open()
      const { page } = session
      await goto(page, '/thoughts/alignment')
      await clientReady(page)
      const callout = page.locator('details.callout')
      const text = page.getByText('The real challenge')
      expect(await callout.evaluate((node) => (node as HTMLDetailsElement).open)).toBe(false)
      expect(await text.isVisible()).toBe(false)
      // The link inside the folded callout is not reachable while it is closed.
      expect(await page.locator('details.callout a.internal').isVisible()).toBe(false)

      await page.locator('details.callout > summary').focus()
      await page.keyboard.press('Enter')
      await expect
        .poll(() => callout.evaluate((node) => (node as HTMLDetailsElement).open), { timeout: 10_000 })
        .toBe(true)
      expect(await text.isVisible()).toBe(true)
      expect(await page.locator('details.callout a.internal').isVisible()).toBe(true)

      // Enter again folds it back.
      await page.keyboard.press('Enter')
      await expect
        .poll(() => callout.evaluate((node) => (node as HTMLDetailsElement).open), { timeout: 10_000 })
        .toBe(false)
      expect(await text.isVisible()).toBe(false)
      await done(session)
    },
    TEST_TIMEOUT,
  )

  it(
    'shows each type its own Lucide icon, in the callout’s colour, in both themes (C11)',
    async () => {
      const session = await open()
      const { page } = session
      await goto(page, '/thoughts/alignment')
      const icon = page.locator('.callout-abstract .callout-icon').first()
      const look = () =>
        icon.evaluate((node) => {
          const style = getComputedStyle(node)
          const title = getComputedStyle(node.parentElement!)
          return {
            mask: style.maskImage || style.webkitMaskImage,
            fill: style.backgroundColor,
            title: title.color,
            width: node.getBoundingClientRect().width,
          }
        })
      const light = await look()
      // Lucide's clipboard-list, the icon Obsidian gives abstract / summary / tldr.
      expect(decodeURIComponent(light.mask)).toContain('lucide-clipboard-list')
      expect(light.fill).toBe(light.title)
      expect(light.width).toBeGreaterThan(10)
      await page.emulateMedia({ colorScheme: 'dark' })
      const dark = await look()
      expect(dark.mask).toBe(light.mask)
      expect(dark.fill).toBe(dark.title)
      expect(dark.fill).not.toBe(light.fill)
      await done(session)
    },
    TEST_TIMEOUT,
  )
})

describe('link previews', () => {
  it(
    'shows a popover with the target note when a link is hovered, and hides it when the mouse leaves',
    async () => {
      const session = await open({ viewport: { width: 1280, height: 900 } })
      const { page } = session
      const fragments: string[] = []
      page.on('request', (request) => {
        if (request.url().includes('/_hyphae/fragment/')) fragments.push(new URL(request.url()).pathname)
      })
      await goto(page, '/thoughts/alignment')
      await clientReady(page)
      await expect(popover(page).isVisible()).resolves.toBe(false)

      const link = page.getByRole('link', { name: 'frame-context collapse' })
      expect(await link.getAttribute('href')).toBe('/thoughts/overton-window')
      await link.hover()
      await popover(page).waitFor({ state: 'visible', timeout: 5_000 })
      expect(await popover(page).getAttribute('role')).toBe('tooltip')
      expect(await popover(page).locator('article.preview h2.preview-title').textContent()).toBe('Overton Window')
      expect(await popover(page).textContent()).toContain('The range of ideas the public will accept.')
      expect(await link.getAttribute('aria-describedby')).toBe('link-preview')
      expect(fragments).toEqual(['/_hyphae/fragment/thoughts/overton-window'])

      // Placed just under the link, inside the viewport.
      const linkBox = (await link.boundingBox())!
      const box = (await popover(page).boundingBox())!
      expect(box.y).toBeGreaterThanOrEqual(linkBox.y + linkBox.height)
      expect(box.y).toBeLessThan(linkBox.y + linkBox.height + 20)
      expect(box.x).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width).toBeLessThanOrEqual(1280)

      // The mouse leaves for an empty corner: hidden.
      await page.mouse.move(5, 5)
      await popover(page).waitFor({ state: 'hidden', timeout: 5_000 })
      expect(await link.getAttribute('aria-describedby')).toBeNull()

      // Hovered again: shown again from the fragment already fetched.
      await link.hover()
      await popover(page).waitFor({ state: 'visible', timeout: 5_000 })
      expect(fragments).toHaveLength(1)
      // Escape hides it.
      await page.keyboard.press('Escape')
      await popover(page).waitFor({ state: 'hidden', timeout: 5_000 })
      await done(session)
    },
    TEST_TIMEOUT,
  )

  it(
    'keeps the popover open while the mouse travels from the link into it',
    async () => {
      const session = await open({ viewport: { width: 1280, height: 900 } })
      const { page } = session
      await goto(page, '/thoughts/alignment')
      await clientReady(page)
      const link = page.getByRole('link', { name: 'frame-context collapse' })
      await link.hover()
      await popover(page).waitFor({ state: 'visible', timeout: 5_000 })
      const linkBox = (await link.boundingBox())!
      const box = (await popover(page).boundingBox())!
      // A reader's mouse moves continuously: across the gap between the link and the popover.
      await page.mouse.move(linkBox.x + 5, box.y + 20, { steps: 20 })
      await page.waitForTimeout(300)
      expect(await popover(page).isVisible(), 'popover still open with the mouse inside it').toBe(true)
      // Leaving the popover hides it.
      await page.mouse.move(box.x + box.width + 50, box.y + box.height + 50, { steps: 5 })
      await popover(page).waitFor({ state: 'hidden', timeout: 5_000 })
      await done(session)
    },
    TEST_TIMEOUT,
  )

  it(
    'shows the popover when a link gets keyboard focus, and follows the focus',
    async () => {
      const session = await open({ viewport: { width: 1280, height: 900 } })
      const { page } = session
      await goto(page, '/thoughts/alignment')
      await clientReady(page)
      // A link in the note (the explorer's links before it get no preview).
      const focusedHref = () =>
        page.evaluate(() =>
          document.activeElement?.matches('a.internal') ? document.activeElement.getAttribute('href') : null,
        )

      async function tabTo(href: string): Promise<void> {
        for (let i = 0; i < 60; i++) {
          await page.keyboard.press('Tab')
          if ((await focusedHref()) === href) return
        }
        throw new Error(`Tab never reached the link to ${href}`)
      }

      await tabTo('/thoughts/overton-window')
      await popover(page).waitFor({ state: 'visible', timeout: 5_000 })
      expect(await popover(page).locator('.preview-title').textContent()).toBe('Overton Window')
      expect(await page.getByRole('link', { name: 'frame-context collapse' }).getAttribute('aria-describedby')).toBe(
        'link-preview',
      )

      await page.keyboard.press('Escape')
      await popover(page).waitFor({ state: 'hidden', timeout: 5_000 })

      // The next internal link in tab order (the folded callout's link is skipped) shows its own note.
      await tabTo('/thoughts/llms')
      await popover(page).waitFor({ state: 'visible', timeout: 5_000 })
      await expect
        .poll(() => popover(page).locator('.preview-title').textContent(), { timeout: 10_000 })
        .toBe('Large language models')
      expect(await popover(page).textContent()).toContain('Models that predict the next token.')
      await done(session)
    },
    TEST_TIMEOUT,
  )

  it(
    'scrolls the popover of a heading link to that heading',
    async () => {
      const session = await open({ viewport: { width: 1280, height: 900 } })
      const { page } = session
      await goto(page, '/thoughts/alignment')
      await clientReady(page)
      const link = page.getByRole('link', { name: 'ablate', exact: true })
      expect(await link.getAttribute('href')).toBe('/thoughts/mechanistic-interpretability#ablation')

      /** Where the #ablation heading sits in the popover's visible box. */
      const headingPlacement = () =>
        popover(page).evaluate((node) => {
          const heading = node.querySelector('#ablation')
          if (!heading) return null
          const outer = node.getBoundingClientRect()
          const inner = heading.getBoundingClientRect()
          return {
            scrollTop: node.scrollTop,
            scrollable: node.scrollHeight > node.clientHeight,
            visible: inner.top >= outer.top && inner.bottom <= outer.top + node.clientHeight + node.clientTop,
            offsetFromTop: inner.top - outer.top,
          }
        })

      await link.hover()
      await popover(page).waitFor({ state: 'visible', timeout: 5_000 })
      expect(await popover(page).locator('.preview-title').textContent()).toBe('mechanistic interpretability')
      const natural = await headingPlacement()
      expect(natural, 'the preview holds the #ablation heading').not.toBeNull()
      expect(natural!.scrollTop > 0 || natural!.visible, JSON.stringify(natural)).toBe(true)
      expect(natural!.visible, JSON.stringify(natural)).toBe(true)

      // The fixture note is short enough to fit the popover whole; in a popover too short for it,
      // the heading is only in view if the popover was scrolled to it.
      await page.mouse.move(5, 5)
      await popover(page).waitFor({ state: 'hidden', timeout: 5_000 })
      // The site's CSP refuses injected <style>; shrink the popover through the CSSOM instead.
      await page.evaluate(() =>
        document.querySelector<HTMLElement>('.popover')!.style.setProperty('max-height', '6rem', 'important'),
      )
      await link.hover()
      await popover(page).waitFor({ state: 'visible', timeout: 5_000 })
      const constrained = await headingPlacement()
      expect(constrained!.scrollable, JSON.stringify(constrained)).toBe(true)
      expect(constrained!.scrollTop, JSON.stringify(constrained)).toBeGreaterThan(0)
      expect(constrained!.visible, JSON.stringify(constrained)).toBe(true)
      // Near the top of the box, not merely somewhere in it.
      expect(constrained!.offsetFromTop, JSON.stringify(constrained)).toBeLessThan(40)

      // A plain link to the same note starts at the top.
      await page.mouse.move(5, 5)
      await popover(page).waitFor({ state: 'hidden', timeout: 5_000 })
      await page.getByRole('link', { name: 'thoughts/mechanistic interpretability' }).hover()
      await popover(page).waitFor({ state: 'visible', timeout: 5_000 })
      expect((await headingPlacement())!.scrollTop).toBe(0)
      await done(session)
    },
    TEST_TIMEOUT,
  )
})

describe('search', () => {
  it(
    'focuses the header search with /, lists matches with the words marked, and opens a result',
    async () => {
      const session = await open()
      const { page } = session
      await goto(page, '/thoughts/alignment')
      await clientReady(page)
      const input = page.locator('#search-input')
      expect(await input.evaluate((node) => node === document.activeElement)).toBe(false)

      await page.keyboard.press('/')
      expect(await input.evaluate((node) => node === document.activeElement)).toBe(true)
      await page.keyboard.type('retrieval')
      expect(await input.inputValue()).toBe('retrieval')
      await Promise.all([page.waitForURL(`${base}/search?q=retrieval`), page.keyboard.press('Enter')])

      expect(await page.locator('#search-input').inputValue()).toBe('retrieval')
      const results = page.locator('ol.search-results li')
      expect(await results.count()).toBeGreaterThanOrEqual(1)
      const rag = results.filter({ has: page.locator('a.internal[href="/thoughts/rag"]') })
      expect(await rag.count()).toBe(1)
      expect(await rag.locator('a.internal').textContent()).toBe('RAG')
      const marks = await rag.locator('p.snippet mark').allTextContents()
      expect(marks.length).toBeGreaterThanOrEqual(1)
      expect(marks.map((mark) => mark.toLowerCase())).toContain('retrieval')

      await Promise.all([page.waitForURL(`${base}/thoughts/rag`), rag.locator('a.internal').click()])
      expect(await page.locator('h1.note-title').textContent()).toBe('RAG')
      expect(await page.locator('.note-body').textContent()).toContain('Retrieval-augmented generation.')
      await done(session)
    },
    TEST_TIMEOUT,
  )

  it(
    'focuses the header search with Ctrl+K, and / typed in a field stays in the field',
    async () => {
      const session = await open()
      const { page } = session
      await goto(page, '/search?q=model')
      await clientReady(page)
      const input = page.locator('#search-input')
      await page.locator('h1').click()
      await page.keyboard.press('Control+k')
      expect(await input.evaluate((node) => node === document.activeElement)).toBe(true)
      // Its text is selected, ready to be replaced.
      expect(
        await input.evaluate((node) => [
          (node as HTMLInputElement).selectionStart,
          (node as HTMLInputElement).selectionEnd,
        ]),
      ).toEqual([0, 5])
      await page.keyboard.type('a/b')
      expect(await input.inputValue()).toBe('a/b')

      // In the search page's own field, / is typed, not a jump to the header.
      const pageInput = page.locator('#search-page-input')
      await pageInput.fill('x')
      await pageInput.press('/')
      expect(await pageInput.inputValue()).toBe('x/')
      expect(await pageInput.evaluate((node) => node === document.activeElement)).toBe(true)
      await done(session)
    },
    TEST_TIMEOUT,
  )

  it(
    'shows the best notes while the reader types, as an ARIA combobox: keyboard',
    async () => {
      const session = await open()
      const { page } = session
      await goto(page, '/thoughts/alignment')
      await clientReady(page)
      const input = page.locator('#search-input')
      expect(await input.getAttribute('role')).toBe('combobox')
      expect(await input.getAttribute('aria-expanded')).toBe('false')
      await page.keyboard.press('/')
      // Half a word: the last word matches as a prefix.
      await page.keyboard.type('retriev')
      const list = page.locator('#search-suggestions')
      await list.waitFor({ state: 'visible' })
      expect(await input.getAttribute('aria-expanded')).toBe('true')
      expect(await input.getAttribute('aria-controls')).toBe('search-suggestions')
      expect(await list.getAttribute('role')).toBe('listbox')
      const options = list.locator('[role="option"]')
      expect(await options.locator('.suggestion-title').allTextContents()).toEqual(['RAG', 'All results'])
      expect(await options.first().locator('.suggestion-snippet mark').allTextContents()).toEqual(['Retrieval'])
      expect(await page.locator('form.search [role="status"]').textContent()).toBe('1 note')

      // ↓ chooses the first, ↓ the next, ↑ back; the box names the chosen one.
      await page.keyboard.press('ArrowDown')
      expect(await options.first().getAttribute('aria-selected')).toBe('true')
      expect(await input.getAttribute('aria-activedescendant')).toBe(await options.first().getAttribute('id'))
      await page.keyboard.press('ArrowDown')
      expect(await options.nth(1).getAttribute('aria-selected')).toBe('true')
      expect(await options.first().getAttribute('aria-selected')).toBe('false')
      await page.keyboard.press('ArrowUp')
      expect(await input.evaluate((node) => node === document.activeElement)).toBe(true)

      // Esc closes the list, a second Esc clears the box.
      await page.keyboard.press('Escape')
      expect(await list.isVisible()).toBe(false)
      expect(await input.getAttribute('aria-expanded')).toBe('false')
      await page.keyboard.press('Escape')
      expect(await input.inputValue()).toBe('')

      // Enter on a chosen option opens it.
      await page.keyboard.type('retriev')
      await list.waitFor({ state: 'visible' })
      await page.keyboard.press('ArrowDown')
      await Promise.all([page.waitForURL(`${base}/thoughts/rag`), page.keyboard.press('Enter')])
      expect(await page.locator('h1.note-title').textContent()).toBe('RAG')
      await done(session)
    },
    TEST_TIMEOUT,
  )

  it(
    'shows the best notes while the reader types: mouse, no match, and all results',
    async () => {
      const session = await open()
      const { page } = session
      await goto(page, '/')
      await clientReady(page)
      const input = page.locator('#search-input')
      const list = page.locator('#search-suggestions')
      await input.click()
      await page.keyboard.type('zzqxv')
      await list.locator('.suggestion-none').waitFor({ state: 'visible' })
      expect(await list.locator('.suggestion-none').textContent()).toBe('No note matches every word.')
      expect(await list.locator('[role="option"]').count()).toBe(0)

      await input.fill('')
      await page.keyboard.type('alignm')
      await list.locator('[role="option"]').first().waitFor({ state: 'visible' })
      const titles = await list.locator('.suggestion-title').allTextContents()
      expect(titles[0]).toBe('Alignment')
      expect(titles.at(-1)).toBe('All results')
      await Promise.all([
        page.waitForURL(`${base}/thoughts/alignment`),
        list.locator('[role="option"]').first().locator('a').click(),
      ])
      expect(await page.locator('h1.note-title').textContent()).toBe('Alignment')

      await clientReady(page)
      await page.locator('#search-input').click()
      await page.keyboard.type('alignm')
      await list.locator('.suggestion-all').waitFor({ state: 'visible' })
      await Promise.all([page.waitForURL(`${base}/search?q=alignm`), list.locator('.suggestion-all a').click()])
      expect((await page.locator('ol.search-results li a.internal').allTextContents())[0]).toBe('Alignment')
      await done(session)
    },
    TEST_TIMEOUT,
  )

  it(
    'on a phone the list stays inside the screen, under the header',
    async () => {
      const session = await open({ viewport: { width: 360, height: 740 } })
      const { page } = session
      await goto(page, '/')
      await clientReady(page)
      await page.locator('#search-input').click()
      await page.keyboard.type('alignm')
      const list = page.locator('#search-suggestions')
      await list.locator('[role="option"]').first().waitFor({ state: 'visible' })
      const box = (await list.boundingBox())!
      expect(box.x).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width).toBeLessThanOrEqual(360)
      expect(box.width).toBeGreaterThan(300)
      await done(session)
    },
    TEST_TIMEOUT,
  )

  it(
    'works as a plain form with JavaScript disabled',
    async () => {
      const session = await open({ javaScriptEnabled: false })
      const { page } = session
      await goto(page, '/')
      // No client code ran: the toggle stays hidden, no popover exists.
      expect(await page.locator('#theme-toggle').isVisible()).toBe(false)
      expect(await page.locator('#link-preview').count()).toBe(0)

      await page.locator('#search-input').fill('retrieval')
      await Promise.all([page.waitForURL(`${base}/search?q=retrieval`), page.locator('#search-input').press('Enter')])
      expect(await page.locator('ol.search-results li a.internal').allTextContents()).toEqual(['RAG'])
      expect(await page.locator('ol.search-results p.snippet mark').first().textContent()).toMatch(/^retrieval$/i)

      // The search page's own form, with its button.
      await page.locator('#search-page-input').fill('model')
      await Promise.all([
        page.waitForURL(`${base}/search?q=model`),
        page.getByRole('button', { name: 'Search' }).click(),
      ])
      expect(await page.locator('ol.search-results li a.internal[href="/thoughts/alignment"]').count()).toBe(1)
      expect(await page.locator('p[role="status"]').textContent()).toMatch(/^\d+ notes?$/)

      await Promise.all([
        page.waitForURL(`${base}/thoughts/alignment`),
        page.locator('ol.search-results a.internal[href="/thoughts/alignment"]').click(),
      ])
      expect(await page.locator('h1.note-title').textContent()).toBe('Alignment')
      await done(session)
    },
    TEST_TIMEOUT,
  )
})

describe('theme', () => {
  const LIGHT = 'rgb(253, 252, 249)'
  const DARK = 'rgb(24, 26, 25)'
  const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor)
  const chosen = (page: Page) => page.evaluate(() => document.documentElement.dataset.theme ?? null)

  it(
    'toggles between light and dark and keeps the choice across a reload',
    async () => {
      const session = await open({ colorScheme: 'light' })
      const { page } = session
      await goto(page, '/thoughts/alignment')
      await clientReady(page)
      const toggle = page.locator('#theme-toggle')
      expect(await chosen(page)).toBeNull()
      const before = await background(page)
      expect(before).toBe(LIGHT)
      expect(await toggle.getAttribute('aria-label')).toBe('Switch to dark theme')

      await toggle.click()
      expect(await chosen(page)).toBe('dark')
      const after = await background(page)
      expect(after).not.toBe(before)
      expect(after).toBe(DARK)
      expect(await page.evaluate(() => localStorage.getItem('hyphae-theme'))).toBe('dark')
      expect(await toggle.getAttribute('aria-label')).toBe('Switch to light theme')

      await page.reload()
      await clientReady(page)
      expect(await chosen(page)).toBe('dark')
      expect(await background(page)).toBe(after)
      expect(await toggle.getAttribute('aria-label')).toBe('Switch to light theme')

      // The choice holds on another page of the site too.
      await goto(page, '/search?q=model')
      expect(await chosen(page)).toBe('dark')
      expect(await background(page)).toBe(DARK)

      // And back to light, also kept.
      await clientReady(page)
      await toggle.click()
      expect(await chosen(page)).toBe('light')
      expect(await background(page)).toBe(LIGHT)
      await page.reload()
      expect(await chosen(page)).toBe('light')
      expect(await background(page)).toBe(LIGHT)
      await done(session)
    },
    TEST_TIMEOUT,
  )

  it(
    'starts from a dark system theme and overrides it with light',
    async () => {
      const session = await open({ colorScheme: 'dark' })
      const { page } = session
      await goto(page, '/thoughts/alignment')
      await clientReady(page)
      expect(await background(page)).toBe(DARK)
      expect(await page.locator('#theme-toggle').getAttribute('aria-label')).toBe('Switch to light theme')
      await page.locator('#theme-toggle').click()
      expect(await background(page)).toBe(LIGHT)
      await page.reload()
      expect(await chosen(page)).toBe('light')
      expect(await background(page)).toBe(LIGHT)
      await done(session)
    },
    TEST_TIMEOUT,
  )
})

describe('the explorer', () => {
  it(
    'at 1280 px is a side column beside the note, the current note marked and its folder open; folders toggle',
    async () => {
      const session = await open({ viewport: { width: 1280, height: 800 } })
      const { page } = session
      await goto(page, '/thoughts/rag')
      await clientReady(page)
      const explorer = page.locator('nav#explorer')
      expect(await page.locator('.menu-button').isVisible()).toBe(false)
      const column = (await explorer.boundingBox())!
      const main = (await page.locator('main').boundingBox())!
      expect(column.x).toBe(0)
      expect(column.x + column.width).toBeLessThanOrEqual(main.x)
      expect(await explorer.locator('[aria-current="page"]').textContent()).toBe('RAG')
      const folder = explorer.locator('details[data-folder="thoughts"]')
      expect(await folder.getAttribute('open')).toBe('')
      await folder.locator('summary').click()
      expect(await folder.getAttribute('open')).toBeNull()
      expect(await explorer.locator('a[href="/thoughts/alignment"]').isVisible()).toBe(false)
      await folder.locator('summary').click()
      await Promise.all([
        page.waitForURL(`${base}/thoughts/alignment`),
        explorer.locator('a[href="/thoughts/alignment"]').click(),
      ])
      expect(await page.locator('nav#explorer [aria-current="page"]').textContent()).toBe('Alignment')
      mkdirSync(SCREENSHOTS, { recursive: true })
      await page.screenshot({ path: join(SCREENSHOTS, 'explorer-1280.png') })
      await done(session)
    },
    TEST_TIMEOUT,
  )

  it(
    'at 360 px hides behind the menu button, which opens and closes it (Esc too)',
    async () => {
      const session = await open({ viewport: { width: 360, height: 740 } })
      const { page } = session
      await goto(page, '/thoughts/rag')
      await clientReady(page)
      const button = page.locator('.menu-button')
      const explorer = page.locator('nav#explorer')
      expect(await explorer.isVisible()).toBe(false)
      expect(await button.getAttribute('role')).toBe('button')
      expect(await button.getAttribute('aria-expanded')).toBe('false')
      await button.click()
      expect(await explorer.isVisible()).toBe(true)
      expect(await button.getAttribute('aria-expanded')).toBe('true')
      // Focus moves into the list, at the current note.
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('RAG')
      mkdirSync(SCREENSHOTS, { recursive: true })
      await page.screenshot({ path: join(SCREENSHOTS, 'explorer-360-open.png') })
      await page.keyboard.press('Escape')
      expect(await explorer.isVisible()).toBe(false)
      expect(await button.evaluate((node) => node === document.activeElement)).toBe(true)
      await button.press('Enter')
      expect(await explorer.isVisible()).toBe(true)
      await button.click()
      expect(await explorer.isVisible()).toBe(false)
      expect(new URL(page.url()).hash).toBe('')
      await done(session)
    },
    TEST_TIMEOUT,
  )

  it(
    'works without JavaScript: the menu link opens it at 360 px, folders open and close, links go',
    async () => {
      const session = await open({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false })
      const { page } = session
      await goto(page, '/thoughts/rag')
      const explorer = page.locator('nav#explorer')
      expect(await explorer.isVisible()).toBe(false)
      await page.locator('.menu-button').click()
      expect(new URL(page.url()).hash).toBe('#explorer')
      expect(await explorer.isVisible()).toBe(true)
      const folder = explorer.locator('details[data-folder="thoughts"]')
      await folder.locator('summary').click()
      expect(await folder.getAttribute('open')).toBeNull()
      await folder.locator('summary').click()
      expect(await folder.getAttribute('open')).toBe('')
      await Promise.all([
        page.waitForURL(`${base}/thoughts/ethics`),
        explorer.locator('a[href="/thoughts/ethics"]').click(),
      ])
      expect(await page.locator('h1.note-title').textContent()).toBe('ethics')
      // At 1280 px the column shows without any script.
      await page.setViewportSize({ width: 1280, height: 800 })
      expect(await page.locator('nav#explorer').isVisible()).toBe(true)
      await done(session)
    },
    TEST_TIMEOUT,
  )
})

describe('the garden’s graph', () => {
  it(
    '/graph opens whole in its frame, zooms with its buttons, and every dot is a link',
    async () => {
      const session = await open({ viewport: { width: 1280, height: 800 } })
      const { page } = session
      await goto(page, '/graph')
      await clientReady(page)
      const frame = page.locator('.graph-frame')
      await frame.locator('svg').waitFor()
      const fitted = Number(await frame.getAttribute('data-scale'))
      expect(fitted).toBeGreaterThan(0)
      expect(fitted).toBeLessThanOrEqual(1)
      await page.getByRole('button', { name: 'Zoom out' }).click()
      expect(Number(await frame.getAttribute('data-scale'))).toBeLessThan(fitted)
      await page.getByRole('button', { name: 'Zoom in' }).click()
      await page.getByRole('button', { name: 'Zoom in' }).click()
      expect(Number(await frame.getAttribute('data-scale'))).toBeGreaterThan(fitted)
      mkdirSync(SCREENSHOTS, { recursive: true })
      await page.getByRole('button', { name: 'Zoom to fit' }).click()
      await page.screenshot({ path: join(SCREENSHOTS, 'graph-1280.png') })
      expect(await frame.locator('svg a').count()).toBe(9)
      await Promise.all([
        page.waitForURL(`${base}/thoughts/rag`),
        frame.locator('svg a[href="/thoughts/rag"] circle').click(),
      ])
      expect(await page.locator('h1.note-title').textContent()).toBe('RAG')
      await done(session)
    },
    TEST_TIMEOUT,
  )
})

describe('on a 360 px phone', () => {
  it.each(['/', '/thoughts/alignment', '/thoughts/diagrams', '/search?q=model', '/tags/ml', '/graph'])(
    '%s does not scroll sideways',
    async (path) => {
      const session = await open({ viewport: { width: 360, height: 740 } })
      const { page } = session
      await goto(page, path)
      await clientReady(page)
      if (path === '/thoughts/diagrams') await page.waitForSelector('pre.mermaid svg', { timeout: 20_000 })
      await page.evaluate(() => document.fonts.ready)
      const layout = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        // The elements that reach past the right edge, for the failure message.
        overflowing: [...document.body.querySelectorAll('*')]
          .filter((element) => element.getBoundingClientRect().right > 360.5)
          .slice(0, 10)
          .map(
            (element) =>
              `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className && typeof element.className === 'string' ? `.${element.className.trim().split(/\s+/).join('.')}` : ''} right=${Math.round(element.getBoundingClientRect().right)}`,
          ),
      }))
      expect(layout.scrollWidth, `${path} overflows: ${layout.overflowing.join(', ')}`).toBeLessThanOrEqual(360)
      await done(session)
    },
    TEST_TIMEOUT,
  )
})

describe('the local graph', () => {
  it.each([1280, 360])(
    'draws every label whole inside the graph at %i px',
    async (width) => {
      const session = await open({ viewport: { width, height: 900 } })
      const { page } = session
      await goto(page, '/thoughts/alignment')
      const clipped = await page.locator('section.graph svg').evaluate((svg) => {
        const box = svg.getBoundingClientRect()
        return [...svg.querySelectorAll('text')]
          .map((text) => ({ label: text.textContent, rect: text.getBoundingClientRect() }))
          .filter(
            ({ rect }) =>
              rect.left < box.left - 0.5 ||
              rect.right > box.right + 0.5 ||
              rect.top < box.top - 0.5 ||
              rect.bottom > box.bottom + 0.5,
          )
          .map(
            ({ label, rect }) =>
              `"${label}" spans x ${Math.round(rect.left - box.left)}..${Math.round(rect.right - box.left)} of 0..${Math.round(box.width)}`,
          )
      })
      expect(clipped, 'graph labels cut off at the edge of the SVG').toEqual([])
      await done(session)
    },
    TEST_TIMEOUT,
  )
})

describe('accessibility (axe-core)', () => {
  const cases = ['/thoughts/alignment', '/', '/search?q=model', '/graph'].flatMap((path) =>
    (['light', 'dark'] as const).map((scheme) => [path, scheme] as const),
  )

  it.each(cases)(
    '%s in %s has no serious or critical violations',
    async (path, scheme) => {
      // bypassCSP: the site's policy (rightly) refuses the inline script that injects axe-core.
      const session = await open({ colorScheme: scheme, viewport: { width: 1280, height: 900 }, bypassCSP: true })
      const { page } = session
      await goto(page, path)
      await clientReady(page)
      await page.addScriptTag({ path: AXE })
      const violations = await page.evaluate(async () => {
        const { axe } = globalThis as unknown as { axe: { run: () => Promise<AxeResults> } }
        const results = await axe.run()
        return results.violations.map((violation) => ({
          id: violation.id,
          impact: violation.impact ?? null,
          help: violation.help,
          targets: violation.nodes.map(
            (node) => `${node.target.join(' ')} (${node.failureSummary?.replace(/\s+/g, ' ').trim() ?? ''})`,
          ),
        }))
      })
      const minor = violations.filter((violation) => violation.impact !== 'serious' && violation.impact !== 'critical')
      if (minor.length) console.log(`axe ${path} (${scheme}), minor/moderate:`, JSON.stringify(minor))
      const serious = violations.filter(
        (violation) => violation.impact === 'serious' || violation.impact === 'critical',
      )
      const message = serious
        .map((violation) => `${violation.id} [${violation.impact}] ${violation.help}: ${violation.targets.join(' | ')}`)
        .join('\n')
      expect(serious, `${path} (${scheme}):\n${message}`).toEqual([])
      await done(session)
    },
    TEST_TIMEOUT,
  )
})

describe('screenshots of the seed note', () => {
  const sizes = { desktop: { width: 1280, height: 900 }, phone: { width: 360, height: 740 } }
  const cases = (['desktop', 'phone'] as const).flatMap((size) =>
    (['light', 'dark'] as const).map((scheme) => [size, scheme] as const),
  )

  it.each(cases)(
    'alignment-%s-%s.png',
    async (size, scheme) => {
      mkdirSync(SCREENSHOTS, { recursive: true })
      const file = join(SCREENSHOTS, `alignment-${size}-${scheme}.png`)
      rmSync(file, { force: true })
      const session = await open({ colorScheme: scheme, viewport: sizes[size] })
      const { page } = session
      await goto(page, '/thoughts/alignment')
      await clientReady(page)
      // The image is lazy: bring it in, wait for it, and go back to the top.
      await page.locator('.note-body img').scrollIntoViewIfNeeded()
      await page.waitForFunction(
        () => [...document.images].every((image) => image.complete && image.naturalWidth > 0),
        undefined,
        { timeout: 10_000 },
      )
      await page.evaluate(() => document.fonts.ready)
      await page.evaluate(() => window.scrollTo(0, 0))
      await page.screenshot({ path: file, fullPage: true })
      await done(session)

      expect(statSync(file).size).toBeGreaterThan(10_000)
      const png = readFileSync(file)
      expect(png.subarray(1, 4).toString()).toBe('PNG')
      // IHDR width: a full-page shot as wide as the viewport (no sideways overflow).
      expect(png.readUInt32BE(16)).toBe(sizes[size].width)
    },
    TEST_TIMEOUT,
  )
})
