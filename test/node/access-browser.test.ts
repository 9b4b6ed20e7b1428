/**
 * Protected notes in a real browser (test/fixtures/protected, served by `npm run dev` with the
 * groups' secrets): a locked link leads to the sign-in form; a wrong password says so and sets
 * nothing; the right one lands on the note asked for, whose session cookie the page's scripts
 * cannot read, and its picture (in the local R2 bucket) shows; signing out closes both again.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DevSite } from './site.ts'
import { startSite } from './site.ts'

const PORT = 8811
let site: DevSite

beforeAll(async () => {
  site = await startSite(PORT, join('test', 'fixtures', 'protected'), {
    HYPHAE_ACCESS_FAMILY: 'correct horse battery staple',
    HYPHAE_ACCESS_WORK: 'work-password',
    HYPHAE_SESSION_KEY: 'browser-test-session-key-0123456789',
  })
}, 120_000)
afterAll(() => site?.stop())

describe('signing in to a protected note', () => {
  it('from a locked link, through a wrong and then the right password, to the note; then out', async () => {
    const context = await site.browser.newContext()
    const page = await context.newPage()
    try {
      await page.goto(site.base)
      const locked = page.locator('.note-body a.internal.locked', { hasText: 'Diary' }).first()
      // The padlock is drawn after the writer's text.
      expect(await locked.evaluate((a) => getComputedStyle(a, '::after').content)).toContain('🔒')
      await locked.click()
      await page.waitForURL(`${site.base}/journal/diary`)
      expect(await page.locator('h1').textContent()).toBe('Sign in')
      expect(await page.content()).not.toContain('Xylophone')

      await page.getByLabel('Password').fill('not it')
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForLoadState('load')
      expect(await page.getByRole('alert').textContent()).toBe('That password is not right.')
      expect(await context.cookies()).toEqual([])

      await page.getByLabel('Password').fill('correct horse battery staple')
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL(`${site.base}/journal/diary`)
      expect(await page.locator('h1.note-title').textContent()).toBe('Diary of Xylophone')
      const [cookie] = await context.cookies()
      expect(cookie).toMatchObject({ name: '__Host-hyphae-session', httpOnly: true, secure: true, sameSite: 'Lax' })
      expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000)
      // HttpOnly: the page's scripts never see the session.
      expect(await page.evaluate(() => document.cookie)).toBe('')
      // The note's picture, which only protected notes show: npm run dev put it in the local R2 bucket.
      const photo = page.locator('.note-body img[src="/journal/photo.svg"]')
      expect(await photo.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : -1))).toBe(40)
      const served = await page.request.get(`${site.base}/journal/photo.svg`)
      expect([served.status(), served.headers()['content-type'], await served.text()]).toEqual([
        200,
        'image/svg+xml',
        await readFile(join('test', 'fixtures', 'protected', 'journal', 'photo.svg'), 'utf8'),
      ])
      await page.screenshot({ path: join('test', '.out', 'signed-in.png') })

      await page.getByRole('link', { name: 'Sign out' }).click()
      await page.waitForURL(`${site.base}/`)
      expect(await context.cookies()).toEqual([])
      const again = await page.goto(`${site.base}/journal/diary`)
      expect(again!.status()).toBe(401)
      expect((await page.request.get(`${site.base}/journal/photo.svg`)).status()).toBe(401)
    } finally {
      await context.close()
    }
  })
})
