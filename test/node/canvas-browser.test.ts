/**
 * Canvases in a real browser (CANVAS C61, C72): the drawing reads at full size with JavaScript off;
 * with it, the zoom buttons scale it and "Fit" fits it in its frame. An embed is scaled to the column.
 */
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DevSite } from './site.ts'
import { startSite } from './site.ts'

const PORT = 8797
let site: DevSite
let browser: Browser

beforeAll(async () => {
  site = await startSite(PORT, join('test', 'fixtures', 'canvas'))
  browser = site.browser
}, 120_000)

afterAll(() => site?.stop())

describe('a canvas page in Chromium', () => {
  it('without JavaScript: the drawing at full size, each card where the file puts it, no buttons', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await page.goto(`${site.base}/plan.canvas`)
    const drawing = await page.locator('.canvas-frame > .canvas').boundingBox()
    expect([drawing?.width, drawing?.height]).toEqual([1160, 640])
    const start = await page.locator('#node-start').boundingBox()
    const idea = await page.locator('#node-idea').boundingBox()
    // 400 px apart in the file, and so on the page.
    expect(Math.round(idea!.x - start!.x)).toBe(400)
    expect([Math.round(start!.width), Math.round(start!.height)]).toEqual([300, 140])
    expect(await page.locator('.canvas-tools').count()).toBe(0)
    // The frame scrolls to the rest of the drawing.
    expect(await page.locator('.canvas-frame').evaluate((frame) => frame.scrollWidth > frame.clientWidth)).toBe(true)
    await context.close()
  })

  it('with JavaScript: "−" zooms out, "Fit" fits the whole drawing in its frame', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(`${site.base}/plan.canvas`)
    await page.getByRole('button', { name: 'Zoom out' }).click()
    expect(await page.locator('.canvas-frame').getAttribute('data-scale')).toBe('0.83')
    await page.getByRole('button', { name: 'Zoom to fit' }).click()
    const frame = await page.locator('.canvas-frame').evaluate((element) => ({
      scroll: element.scrollWidth,
      client: element.clientWidth,
      scale: Number((element as HTMLElement).dataset.scale),
    }))
    expect(frame.scale).toBeLessThan(1)
    expect(frame.scroll).toBeLessThanOrEqual(frame.client + 1)
    const drawn = await page.locator('.canvas-frame .canvas').boundingBox()
    expect(drawn!.width).toBeLessThanOrEqual(frame.client + 1)
    await page.close()
  })

  it('with JavaScript: dragging the board pans it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(`${site.base}/plan.canvas`)
    const box = (await page.locator('.canvas-frame').boundingBox())!
    // An empty spot of the board, below the cards.
    await page.mouse.move(box.x + 300, box.y + box.height - 30)
    await page.mouse.down()
    await page.mouse.move(box.x + 100, box.y + box.height - 30, { steps: 5 })
    await page.mouse.up()
    expect(await page.locator('.canvas-frame').evaluate((frame) => frame.scrollLeft)).toBe(200)
    await page.close()
  })

  it('an embedded canvas is scaled to the column, its text still there', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(`${site.base}/overview`)
    const drawn = await page.locator('.canvas-scaled .canvas').boundingBox()
    expect(Math.round(drawn!.width)).toBe(672)
    expect(await page.locator('.canvas-scaled').textContent()).toContain('Start here')
    expect(await page.locator('.canvas-tools').count()).toBe(0)
    await page.screenshot({ path: join('test', '.out', 'screenshots', 'canvas-embed.png'), fullPage: true })
    await page.close()
  })
})
