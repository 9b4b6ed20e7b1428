/**
 * Protected notes at build time (scripts/stages/access.ts): which notes and files a group's, the
 * warnings for groups without a password, and the mistakes that must never make a private note
 * public (a misspelt group, an unreadable hyphae.json). The worker's side: test/worker/access.test.ts.
 */
import { existsSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildToDisk } from '../../scripts/build.ts'
import { parseDevVars, passwordProblems } from '../../scripts/stages/access.ts'
import type { Slug } from '../../src/core/slug.ts'
import { tempVault } from './temp-vault.ts'

async function built(files: Record<string, string>) {
  const out = await mkdtemp(join(tmpdir(), 'hyphae-out-'))
  const result = await buildToDisk(await tempVault(files), out)
  const text = (kind: 'public' | 'protected') =>
    [...result.packed.packs]
      .filter(([name]) => name.startsWith('protected/') === (kind === 'protected'))
      .map(([, pack]) => pack.value.toString())
      .join('\n')
  return { result, out, text }
}

describe('which notes a group has', () => {
  it('a folder of hyphae.json, a frontmatter group (which wins), and nothing of either in the public packs', async () => {
    const { result, text } = await built({
      'hyphae.json': '{ "access": { "Journal/": "family", "work/deep": "work" } }',
      'index.md': 'Home: [[Day]], [[Memo]], [[Deep]].',
      'journal/Day.md': 'A family day with ocelots.',
      'journal/Memo.md': '---\naccess: work\n---\nA work memo about pangolins.',
      'work/deep/Deep.md': 'Deep work on narwhals.',
      'work/Open.md': 'Open to all.',
    })
    expect(result.packed.root.access).toEqual({
      'journal/day': 'family',
      'journal/memo': 'work',
      'work/deep/deep': 'work',
    })
    expect(result.site.notes.map((note) => note.slug)).toEqual(['index', 'work/open'])
    for (const word of ['ocelots', 'pangolins', 'narwhals']) {
      expect(text('public')).not.toContain(word)
      expect(text('protected')).toContain(word)
    }
  })

  it('a group that is no group name publishes nothing of its notes, and says which line', async () => {
    const { result, text } = await built({
      'hyphae.json': '{ "access": { "diary": "my family!" } }',
      'index.md': 'Home.',
      'diary/Secret.md': 'Capybara thoughts.',
      'Typo.md': '---\ntitle: T\naccess:\n  - a\n---\nAxolotl thoughts.',
    })
    expect(text('public') + text('protected')).not.toMatch(/Capybara|Axolotl/)
    expect(result.packed.root.access).toBeUndefined()
    const problems = result.site.problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`)
    expect(problems).toContain(
      'hyphae.json: "access": "diary" → "my family!" is not a group name (letters, digits, - and _); the notes in diary/ are not published',
    )
    expect(problems).toContain(
      'Typo.md:3: not published: "access" must be one group\'s name (letters, digits, - and _), not ["a"]',
    )
    expect(problems).toContain('hyphae.json: /diary/secret is not published: its folder\'s "access" names no group')
  })

  it('an unreadable hyphae.json that names protected folders stops the build', async () => {
    await expect(
      built({ 'hyphae.json': '{ "access": { "journal": "family" }, }', 'journal/Day.md': 'Private.' }),
    ).rejects.toThrow(
      /^hyphae\.json: not valid JSON \(.+\); it names protected folders \("access"\), so nothing is built until it reads$/,
    )
    await expect(built({ 'hyphae.json': '{ "access": ["journal"] }', 'a.md': 'A' })).rejects.toThrow(
      'hyphae.json: "access" must be an object of folder → group ({ "journal": "family" }); nothing is built until it is',
    )
  })

  it('attachments of a protected folder, or shown by protected notes alone, go to R2 and never to static assets', async () => {
    const { result, out } = await built({
      'hyphae.json': '{ "access": { "journal": "family" } }',
      'index.md': 'Home ![[shared.png]]',
      'journal/Day.md': 'Day ![[day.png]] ![[only-private.png]] ![[shared.png]]',
      'journal/day.png': 'png',
      'files/only-private.png': 'png',
      'files/shared.png': 'png',
      'files/unused.png': 'png',
    })
    expect(result.packed.root.files).toEqual({ 'files/only-private.png': ['family'], 'journal/day.png': ['family'] })
    expect(result.placement.r2.map((file) => [file.path, file.reason])).toEqual([
      ['files/only-private.png', 'protected'],
      ['journal/day.png', 'protected'],
    ])
    expect(existsSync(join(out, 'public/journal/day.png'))).toBe(false)
    expect(existsSync(join(out, 'public/files/only-private.png'))).toBe(false)
    expect(existsSync(join(out, 'public/files/shared.png'))).toBe(true)
    expect(existsSync(join(out, 'public/files/unused.png'))).toBe(true)
  })
})

describe('passwords', () => {
  const groups = new Map([
    ['journal/day' as Slug, 'family'],
    ['work/memo' as Slug, 'work-team'],
  ])
  const pathOf = (slug: Slug) => `${slug}.md`

  it('warns for each group without its secret, and for a missing session key', () => {
    expect(passwordProblems(groups, new Map(), pathOf).map((p) => `${p.file}: ${p.message}`)).toEqual([
      'journal/day.md: group "family" has no password: its 1 protected note can be read by nobody until HYPHAE_ACCESS_FAMILY is set (`npx wrangler secret put HYPHAE_ACCESS_FAMILY`, and in .dev.vars for npm run dev)',
      'work/memo.md: group "work-team" has no password: its 1 protected note can be read by nobody until HYPHAE_ACCESS_WORK_TEAM is set (`npx wrangler secret put HYPHAE_ACCESS_WORK_TEAM`, and in .dev.vars for npm run dev)',
      'hyphae.json: HYPHAE_SESSION_KEY is not set: nobody can sign in to read protected notes until it is (`npx wrangler secret put HYPHAE_SESSION_KEY` with a long random value, and in .dev.vars for npm run dev)',
    ])
  })

  it('reads them from .dev.vars and the environment', () => {
    const secrets = parseDevVars('# secrets\nHYPHAE_ACCESS_FAMILY="a b c"\nexport HYPHAE_SESSION_KEY = k\n', {
      HYPHAE_ACCESS_WORK_TEAM: 'w',
      OTHER: 'x',
    })
    expect([...secrets]).toEqual([
      ['HYPHAE_ACCESS_FAMILY', 'a b c'],
      ['HYPHAE_SESSION_KEY', 'k'],
      ['HYPHAE_ACCESS_WORK_TEAM', 'w'],
    ])
    expect(passwordProblems(groups, secrets, pathOf)).toEqual([])
  })
})
