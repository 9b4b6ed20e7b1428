/**
 * A home page for every vault, and Publish's site options (scripts/stages/site-options.ts): `/` is
 * index.md; else the note site-options.json's `indexFile` names; else hyphae.json's `"home"`; else
 * the worker's generated page (test/worker/home.test.ts). The site's name comes from `siteName`.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempVault } from './temp-vault.ts'
import { buildToDisk, ROOT } from '../../scripts/build.ts'
import { unpack } from './records.ts'

async function built(files: Record<string, string>) {
  const dir = await tempVault(files)
  const result = await buildToDisk(dir, await mkdtemp(join(tmpdir(), 'hyphae-out-')))
  const { records } = unpack(result.entries)
  const home = records.get('n:index') as { path: string; title: string } | undefined
  return {
    home: home?.path,
    title: result.site.site.title,
    redirect: (slug: string) => (records.get(`r:${slug}`) as { to: string } | undefined)?.to,
    rootFolder: records.has('f:index'),
    problems: result.site.problems.map((problem) => `${problem.file}: ${problem.message}`),
    linkTo: (from: string, text: string) =>
      (records.get(`n:${from}`) as { links: Record<string, { to: string }> }).links[text]?.to,
  }
}

const vault = {
  'Welcome.md': '---\nsite: From the note\n---\nHello, see [[About]].',
  'About.md': 'Back to [[Welcome]].',
}

describe('the home page', () => {
  it('index.md wins over every setting', async () => {
    const site = await built({
      ...vault,
      'index.md': 'Home',
      'site-options.json': '{"indexFile": "Welcome.md"}',
    })
    expect(site.home).toBe('index.md')
    expect(site.rootFolder).toBe(false)
  })

  it('Publish’s indexFile names it: served at /, its own URL redirects there, links to it lead there', async () => {
    const site = await built({
      ...vault,
      'site-options.json': '{"indexFile": "Welcome.md", "siteName": "Field notes"}',
    })
    expect(site.home).toBe('Welcome.md')
    expect(site.redirect('welcome')).toBe('index')
    expect(site.linkTo('about', 'Welcome')).toBe('index')
    expect(site.title).toBe('Field notes')
    expect(site.rootFolder).toBe(false)
  })

  it('hyphae.json "home" names it when Publish does not; a path without .md, in any case', async () => {
    const site = await built({ ...vault, 'hyphae.json': '{"home": "welcome"}' })
    expect(site.home).toBe('Welcome.md')
    expect(site.title).toBe('From the note')
  })

  it('a home setting naming no published note is a warning, and / is the generated page', async () => {
    const site = await built({ ...vault, 'site-options.json': '{"indexFile": "Start here.md"}' })
    expect(site.home).toBeUndefined()
    expect(site.rootFolder).toBe(true)
    expect(site.problems).toContain(
      'site-options.json: the home note "Start here.md" (site-options.json "indexFile") is not a published note; / shows a generated home page',
    )
  })

  it('with no home at all, the root folder record feeds the generated page and the site takes the vault’s name', async () => {
    const site = await built(vault)
    expect(site.home).toBeUndefined()
    expect(site.rootFolder).toBe(true)
    expect(site.title).toMatch(/^hyphae-vault-/)
  })

  it('a site-options.json that is not JSON is reported, and the vault still builds', async () => {
    const site = await built({ ...vault, 'site-options.json': '{indexFile: Welcome' })
    expect(site.problems.some((line) => line.startsWith('site-options.json: not valid JSON'))).toBe(true)
    expect(site.home).toBeUndefined()
  })
})

describe("Publish's publish.js", () => {
  it('is left out, and said so, unless hyphae.json opts in; then every page runs it', async () => {
    const files = { 'index.md': 'Home', 'publish.js': 'console.log(1)', 'publish.css': 'p{}' }
    const dir = await mkdtemp(join(tmpdir(), 'hyphae-vault-'))
    for (const [path, content] of Object.entries(files)) await writeFile(join(dir, path), content)
    const without = await buildToDisk(dir, await mkdtemp(join(tmpdir(), 'hyphae-out-')))
    expect(without.site.site.look).toEqual({ css: '/publish.css' })
    expect(without.leftOut).toBe('left out: 1 file (publish.js: it runs only when hyphae.json says "publishJs": true)')
    await writeFile(join(dir, 'hyphae.json'), '{"publishJs": true}')
    const opted = await buildToDisk(dir, await mkdtemp(join(tmpdir(), 'hyphae-out-')))
    expect(opted.site.site.look).toEqual({ css: '/publish.css', js: '/publish.js' })
  })
})

describe("Publish's navigation order", () => {
  it('is kept as slugs, notes and folders, for the explorer; paths that are not published are dropped', async () => {
    const result = await buildToDisk(join(ROOT, 'test/fixtures/publish'), await mkdtemp(join(tmpdir(), 'hyphae-out-')))
    expect(result.site.site.look?.navigation).toEqual(['index', 'zebra', 'guides'])
  })
})
