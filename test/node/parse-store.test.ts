/**
 * The parse store (scripts/stages/parse-store.ts): a build after another parses only the notes
 * whose file changed, and makes exactly the site a build without the store makes. The vault is the
 * fixture's notes (math, code, callouts, embeds) with 420 generated ones, so the parse runs on
 * worker threads as a large vault's does, plus a note whose frontmatter does not parse and a draft.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, truncate, utimes, writeFile } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { writeVault } from '../../scripts/bench/generate-vault.ts'
import type { ParseContext } from '../../scripts/stages/draft.ts'
import { tempCopy } from './temp-vault.ts'

const BROKEN = 'broken.md'

/** The fixture vault with 420 generated notes in generated/, a note with YAML that does not parse and a draft. */
async function largeVault(): Promise<string> {
  const vault = await tempCopy('test/fixtures/vault', 'hyphae-store-')
  await writeVault(join(vault, 'generated'), 420)
  await writeFile(join(vault, BROKEN), '---\ntitle: [unclosed\n---\nStill [[Alignment]] and $x^2$.\n')
  await writeFile(join(vault, 'unfinished.md'), '---\ndraft: true\n---\nNot yet.\n')
  return vault
}

interface Built {
  /** Everything the site serves: every pack's bytes by name, the root, the explorer. */
  state: unknown
  problems: unknown
  /** The paths the build parsed (rather than took from the store). */
  parsed: string[]
}

/**
 * A build in fresh modules (nothing remembered in memory from the builds before), with the store in
 * `store` or, without one, parsing everything. `fail`: the parse throws instead.
 */
async function build(vault: string, store?: string, fail = false): Promise<Built> {
  vi.resetModules()
  const { buildToDisk, parseFresh }: typeof import('../../scripts/build.ts') = await import('../../scripts/build.ts')
  const { parseWithStore }: typeof import('../../scripts/stages/parse-store.ts') = await import(
    '../../scripts/stages/parse-store.ts'
  )
  const parsed: string[] = []
  const parse = (dir: string, notes: string[], context: ParseContext) =>
    parseWithStore(dir, notes, context, store!, (paths, prefix) => {
      if (fail) throw new Error('the parse was stopped')
      parsed.push(...paths)
      return parseFresh(dir, paths, context, prefix)
    })
  const result = await buildToDisk(vault, await mkdtemp(join(tmpdir(), 'hyphae-store-out-')), store ? { parse } : {})
  return {
    state: {
      root: result.packed.root,
      explorer: result.packed.explorer,
      packs: Object.fromEntries([...result.packed.packs].map(([name, pack]) => [name, Buffer.from(pack.value)])),
    },
    problems: result.site.problems,
    parsed: parsed.sort(),
  }
}

async function notesOf(vault: string): Promise<string[]> {
  const all = (await readdir(vault, { recursive: true })) as string[]
  return all.filter((path) => path.endsWith('.md')).sort()
}

/** Sets a file's times to `seconds` after the epoch: a save the store must see, whatever the clock did. */
const touch = (path: string, seconds: number) => utimes(path, seconds, seconds)

describe('the parse store', () => {
  let vault: string
  let store: string
  beforeEach(async () => {
    vault = await largeVault()
    store = await mkdtemp(join(tmpdir(), 'hyphae-store-dir-'))
  })

  it('a second build parses no note and makes the same site as a build without it, warnings and drafts included', async () => {
    const full = await build(vault)
    const first = await build(vault, store)
    expect(first.parsed).toEqual(await notesOf(vault))
    expect(first.state).toEqual(full.state)
    expect(first.problems).toEqual(full.problems)
    expect(full.problems).toContainEqual(expect.objectContaining({ file: BROKEN, line: 3 }))
    const second = await build(vault, store)
    expect(second.parsed).toEqual([])
    expect(second.state).toEqual(full.state)
    expect(second.problems).toEqual(full.problems)
    // A file for each parse thread, named by the index.
    const index = JSON.parse(await readFile(join(store, 'index.json'), 'utf8'))
    expect(index.files).toHaveLength(Math.min(availableParallelism(), 8))
    expect((await readdir(store)).sort()).toEqual([...index.files, 'index.json'].sort())
  }, 120_000)

  it('after an edit, a new note and a deletion, parses the edited and the new note only, and equals a full build', async () => {
    await build(vault, store)
    const edited = 'thoughts/Alignment.md'
    await writeFile(
      join(vault, edited),
      `${await readFile(join(vault, edited), 'utf8')}\nNow with $e^{i\\pi}$ and [[RAG]].\n`,
    )
    await touch(join(vault, edited), 2_000_000_000)
    await writeFile(join(vault, 'new note.md'), 'A new note linking [[Alignment#Hello]].\n')
    await rm(join(vault, 'thoughts/ethics.md'))
    const warm = await build(vault, store)
    expect(warm.parsed).toEqual(['new note.md', edited])
    const full = await build(vault)
    expect(warm.state).toEqual(full.state)
    expect(warm.problems).toEqual(full.problems)
    // And the store now holds the vault as it is: the next build parses nothing.
    expect((await build(vault, store)).parsed).toEqual([])
  }, 120_000)

  it('a change of the line-break setting parses every note again', async () => {
    await build(vault, store)
    await mkdir(join(vault, '.obsidian'), { recursive: true })
    await writeFile(join(vault, '.obsidian/app.json'), JSON.stringify({ strictLineBreaks: false }))
    const again = await build(vault, store)
    expect(again.parsed).toEqual(await notesOf(vault))
    expect(again.state).toEqual((await build(vault)).state)
  }, 120_000)

  it('a store file it cannot read: every note parsed, a warning, the same site', async () => {
    const full = await build(vault, store)
    const index = JSON.parse(await readFile(join(store, 'index.json'), 'utf8'))
    await truncate(join(store, index.files[0]), 1000)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const again = await build(vault, store)
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^hyphae: the parse cache in .* could not be read \(.*ends inside a batch\); parsing every note$/,
      ),
    )
    warn.mockRestore()
    expect(again.parsed).toEqual(await notesOf(vault))
    expect(again.state).toEqual(full.state)
  }, 120_000)

  it('a build stopped midway leaves the store as it was', async () => {
    const full = await build(vault, store)
    const before = await readFile(join(store, 'index.json'), 'utf8')
    await touch(join(vault, 'thoughts/RAG.md'), 2_000_000_000)
    await expect(build(vault, store, true)).rejects.toThrow('the parse was stopped')
    expect(await readFile(join(store, 'index.json'), 'utf8')).toBe(before)
    const next = await build(vault, store)
    expect(next.parsed).toEqual(['thoughts/RAG.md'])
    expect(next.state).toEqual(full.state)
  }, 120_000)

  it('when most notes were parsed again, the ones kept are rewritten into one file and old files are removed', async () => {
    const full = await build(vault, store)
    const notes = await notesOf(vault)
    // Notes kept in both threads' files (each thread parsed every other note).
    const resaved = notes.filter((_, i) => i % 8 > 1)
    for (const path of resaved) await touch(join(vault, path), 2_000_000_000)
    const warm = await build(vault, store)
    expect(warm.parsed).toEqual(resaved)
    const index = JSON.parse(await readFile(join(store, 'index.json'), 'utf8'))
    // The kept notes' file, then the one the parse of fewer than 400 notes wrote.
    expect(index.files[0]).toMatch(/-kept$/)
    expect(index.files).toHaveLength(2)
    expect((await readdir(store)).sort()).toEqual([...index.files, 'index.json'].sort())
    const third = await build(vault, store)
    expect(third.parsed).toEqual([])
    expect(third.state).toEqual(full.state)
    expect(third.problems).toEqual(full.problems)
  }, 120_000)
})
