/**
 * A vault published with Obsidian Publish moves with no configuration (test/fixtures/publish):
 * site-options.json names the site, its home note, logo and default theme, and turns off the
 * outline, backlinks and theme toggle; publish.css applies after the site's stylesheet; publish.js
 * does not run unless hyphae.json opts in (it is not even published).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { loadFixture, request } from './helpers.ts'

beforeAll(() => loadFixture('publishKv'))

describe('the explorer', () => {
  it('lists what navigationOrdering names first, then folders, then notes; the current note marked, its folder open', async () => {
    const html = await (await request('/guides/making-friends')).text()
    expect(html).toContain('<body class="has-explorer">')
    expect(html).toContain(
      '<a class="menu-button" href="#explorer" aria-controls="explorer"><span aria-hidden="true">☰</span><span class="sr-only">Menu</span></a>',
    )
    expect(html).toContain(
      '<nav class="explorer" id="explorer" aria-label="Explorer"><ul>' +
        '<li><a href="/zebra">Zebra</a></li>' +
        '<li><details data-folder="guides" open><summary>Guides</summary><ul>' +
        '<li><a href="/guides/another">Another</a></li>' +
        '<li><a href="/guides/making-friends" aria-current="page">Making friends</a></li></ul></details></li>' +
        '<li><a href="/aardvark">Aardvark</a></li>' +
        '</ul></nav><main id="main">',
    )
  })

  it('on every page, closed where the page is no note in it', async () => {
    for (const path of ['/', '/tags', '/search?q=guide']) {
      const html = await (await request(path)).text()
      expect(html, path).toContain('<details data-folder="guides"><summary>Guides</summary>')
      expect(html, path).not.toContain('aria-current="page"')
    }
  })
})

describe("Obsidian Publish's site options", () => {
  it('the site name, the logo and the default theme; the home note at /', async () => {
    const res = await request('/')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toMatch(/^<!doctype html><html lang="en" data-theme="dark">/)
    expect(html).toContain('<title>Welcome · Field Notes</title>')
    expect(html).toContain(
      '<a class="site-title" href="/"><img class="site-logo" src="/logo.svg" alt=""/>Field Notes</a>',
    )
    expect((await request('/welcome')).headers.get('location')).toBe('/')
  })

  it('publish.css is applied after the site’s stylesheet; publish.js is neither linked nor served', async () => {
    const html = await (await request('/guides/making-friends')).text()
    const site = html.indexOf('/style.css"/>')
    const own = html.indexOf('<link rel="stylesheet" href="/publish.css"/>')
    expect(site).toBeGreaterThan(-1)
    expect(own).toBeGreaterThan(site)
    expect(html).not.toContain('publish.js')
    expect((await request('/publish.js')).status).toBe(404)
    expect((await request('/site-options.json')).status).toBe(404)
  })

  it('showOutline, showBacklinks and showThemeToggle false: none of them on the page; search stays', async () => {
    const html = await (await request('/guides/making-friends')).text()
    expect(html).not.toContain('class="toc"')
    expect(html).not.toContain('class="backlinks"')
    expect(html).not.toContain('id="theme-toggle"')
    expect(html).toContain('role="search"')
  })
})
