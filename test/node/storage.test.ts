/**
 * The storage layout against the free plan (issue: packed KV records): KV writes of a first deploy
 * and of edits on generated vaults, reads through the worker's own reader, and deploys that are
 * interrupted at every point of their plan and then finish.
 */
import { describe, expect, it } from 'vitest'
import type { GeneratedNote } from '../../scripts/bench/generate-vault.ts'
import { generateVault } from '../../scripts/bench/generate-vault.ts'
import { publish } from '../../scripts/publish.ts'
import { assembleSite } from '../../scripts/stages/assemble.ts'
import { parseNotes } from '../../scripts/stages/parse.ts'
import { FRAGMENT_MARK } from '../../src/core/render.ts'
import { MAX_VALUE_BYTES } from '../../scripts/stages/pack.ts'
import { resolveVault } from '../../scripts/stages/resolve.ts'
import { graphLinks } from '../../src/core/graph.ts'
import { decodeGraphDelta, decodeRoot, packKey, ROOT_KEY } from '../../src/core/root.ts'
import { searchNotes } from '../../src/search.ts'
import type { Slug } from '../../src/core/slug.ts'
import { gardenOver, MemoryKv } from './memory-kv.ts'

type Files = Record<string, string>

function site(files: Files) {
  const sources = Object.entries(files).map(([path, source]) => ({ path, source }))
  const notes = sources.filter((file) => file.path.endsWith('.md'))
  const attachments = sources.filter((file) => !file.path.endsWith('.md')).map((file) => file.path)
  // Drafted as the build drafts them (scripts/stages/draft.ts).
  const parsed = parseNotes(notes, undefined, { breaks: false, notes: notes.map((file) => file.path), attachments })
  const resolved = resolveVault(parsed, attachments)
  return assembleSite(resolved, { breaks: false, assets: '/_hyphae/test' })
}

const filesOf = (notes: GeneratedNote[]): Files => Object.fromEntries(notes.map((note) => [note.path, note.source]))

const garden = gardenOver

/** The graph a build laid out (its record in the index pack). */
const builtGraph = (built: ReturnType<typeof site>) =>
  JSON.parse(built.entries.find((entry) => entry.key === 'graph')!.json)

/** The site is whole: the root decodes and every pack it names is there. */
function assertWhole(kv: MemoryKv): void {
  const text = kv.values.get(ROOT_KEY)
  if (text === undefined) return
  const root = decodeRoot(text)
  expect(root).toBeDefined()
  for (const [name, hash] of Object.entries(root!.packs)) expect(kv.values.has(packKey(name, hash)), name).toBe(true)
}

function clone(kv: MemoryKv): MemoryKv {
  const copy = new MemoryKv()
  for (const [key, value] of kv.values) copy.values.set(key, value)
  return copy
}

/** Writes per key over one deploy: none may be written twice. */
function writtenTwice(kv: MemoryKv, run: () => Promise<unknown>) {
  const seen = new Map<string, number>()
  const put = kv.put.bind(kv)
  kv.put = async (entries) => {
    for (const entry of entries) seen.set(entry.key, (seen.get(entry.key) ?? 0) + 1)
    await put(entries)
  }
  return run().then(() => [...seen].filter(([, count]) => count > 1).map(([key]) => key))
}

describe('KV writes on the free plan (1,000 a day)', () => {
  const small = filesOf(generateVault(200))

  it('a first deploy of a 200-note vault writes at most 60 keys, none twice, none over 25 MiB', async () => {
    const kv = new MemoryKv()
    expect(await writtenTwice(kv, () => publish(site(small), kv))).toEqual([])
    expect(kv.writes).toBeLessThanOrEqual(60)
    expect(kv.writes).toBeGreaterThan(1)
    for (const value of kv.values.values()) expect(Buffer.byteLength(value)).toBeLessThanOrEqual(MAX_VALUE_BYTES)
    // An unchanged redeploy writes and deletes nothing.
    const again = await publish(site(small), kv)
    expect([again.writes, again.deletes]).toEqual([0, 0])
  })

  it('an edit of a note’s text costs at most 2 writes, and search finds its new words at once', async () => {
    const kv = new MemoryKv()
    await publish(site(small), kv)
    const path = Object.keys(small).find((name) => name.endsWith('.md') && name !== 'index.md')!
    const edited = { ...small, [path]: `${small[path]}\n\nA zymurgical afterthought about quokkas.\n` }
    const result = await publish(site(edited), kv)
    expect(result.writes).toBeLessThanOrEqual(2)
    assertWhole(kv)
    const slug = site(edited).notes.find((note) => note.path === path)!.slug
    const found = await garden(kv).postings(['zymurgical', 'quokkas'])
    expect(found.get('zymurgical')?.body).toEqual([slug])
    expect(found.get('quokkas')?.body).toEqual([slug])
    // The prefix records' completions change through the root's delta too: a half-typed new word finds it.
    // And its result shows the new text (its `x:` record, rewritten with the note's pack).
    const hits = await searchNotes(garden(kv), 'zymurg', 5)
    expect(hits.map((hit) => [hit.slug, hit.terms])).toEqual([[slug, ['zymurg', 'zymurgical']]])
    expect(hits[0]!.note.text).toMatch(/A zymurgical afterthought about quokkas\.$/)
    expect((await garden(kv).note(slug as Slug))?.body).toContain('zymurgical')
  })

  it('a new note changes the explorer every page shows: a new shell hash (in every ETag) and a purge of everything', async () => {
    const kv = new MemoryKv()
    await publish(site(small), kv)
    const before = decodeRoot(kv.values.get(ROOT_KEY)!)!.shell
    const path = Object.keys(small).find((name) => name.endsWith('.md') && name !== 'index.md')!
    // A text edit leaves the shell alone: only the edited note's pages are purged.
    const edited = await publish(site({ ...small, [path]: `${small[path]}\n\nMore words.\n` }), kv)
    expect(decodeRoot(kv.values.get(ROOT_KEY)!)!.shell).toBe(before)
    expect(edited.plan.purge).not.toEqual({ everything: true })
    const added = await publish(site({ ...small, 'area 0/A new note.md': 'Fresh.\n' }), kv)
    const text = kv.values.get(ROOT_KEY)!
    expect(decodeRoot(text)!.shell).not.toBe(before)
    expect(added.plan.purge).toEqual({ everything: true })
    const explorer = new TextDecoder().decode((await garden(kv).explorer())?.bytes)
    expect(explorer).toContain('<a href="/area-0/a-new-note">A new note</a>')
    expect(await garden(kv).shell()).toBe(decodeRoot(text)!.shell)
  })

  it('an edit that adds a link to another note costs at most 4 writes, and the target shows the backlink', async () => {
    const kv = new MemoryKv()
    await publish(site(small), kv)
    const built = site(small)
    const [from, to] = built.notes.filter((note) => note.slug !== 'index').slice(3, 5)
    const name = to!.path.replace(/\.md$/, '')
    const edited = { ...small, [from!.path]: `${small[from!.path]}\n\nSee also [[${name}]].\n` }
    const result = await publish(site(edited), kv)
    expect(result.writes).toBeLessThanOrEqual(4)
    assertWhole(kv)
    const target = await garden(kv).note(to!.slug)
    expect(target?.backlinks.map((link) => link.slug)).toContain(from!.slug)
    // The graph's pack is not among the writes: the root says which link is new, and /graph draws it.
    const graph = await garden(kv).graph()
    const pair = [from!.slug, to!.slug].sort()
    expect(graphLinks(graph!).map((link) => link.join(' '))).toContain(pair.join(' '))
    expect(graph!.nodes).toEqual(builtGraph(site(small)).nodes)
    // The next edit that rewrites that pack anyway (a new note) lays the graph out anew, delta gone.
    const added = { ...edited, 'area 0/Brand new.md': 'New.\n' }
    await publish(site(added), kv)
    assertWhole(kv)
    expect(decodeGraphDelta(kv.values.get(ROOT_KEY)!)).toEqual({ add: [], remove: [] })
    expect(await garden(kv).graph()).toEqual(builtGraph(site(added)))
  })

  it('a note’s rendered body is a text record beside it, a short one’s formulas as keys: the page gets it filled in, a transclusion does not', async () => {
    const kv = new MemoryKv()
    const text = (times: number) => `## Part\n\n${'A paragraph with "quotes", [[Short]] and $x^2$.\n\n'.repeat(times)}`
    const built = site({
      'Medium.md': text(20),
      'Long.md': text(500),
      'Short.md': 'short ![[Long#Part]] ![[Medium#Part]]',
    })
    await publish(built, kv)
    const record = (slug: string) => built.notes.find((note) => note.slug === slug)!
    const medium = record('medium')
    const html = medium.html!
    expect(html).toContain('<a class="internal" href="/short">Short</a>')
    // The formula is stored once, in its own record of the pack: the body holds its key.
    const [formula] = medium.math
    expect(html).toContain(
      `<p>A paragraph with &quot;quotes&quot;, <a class="internal" href="/short">Short</a> and ${FRAGMENT_MARK}${formula}${FRAGMENT_MARK}.</p>`,
    )
    const pack = [...kv.values.values()].find((value) => value.includes('"h:medium"'))!
    // Stored as the HTML itself, not as a JSON string: nothing escaped.
    expect(pack).toContain(html)
    const page = (await garden(kv).note('medium' as Slug))?.html
    expect(page).toBe(html.replaceAll(`${FRAGMENT_MARK}${formula}${FRAGMENT_MARK}`, medium.prerendered[formula!]!))
    expect(page).toContain('<span class="katex">')
    expect((await garden(kv).notes(['medium' as Slug])).get('medium')?.html).toBeUndefined()
    // A long note's formulas are in its body already: its page fills no keys.
    const long = record('long')
    expect(long.math).toEqual(medium.math)
    expect(long.html).not.toContain(FRAGMENT_MARK)
    expect(long.html).toContain(
      `<p>A paragraph with &quot;quotes&quot;, <a class="internal" href="/short">Short</a> and ${medium.prerendered[formula!]}.</p>`,
    )
    expect((await garden(kv).note('long' as Slug))?.html).toBe(long.html)
  })

  it('a first deploy of the 10,000-note bench vault writes at most 900 keys', async () => {
    const kv = new MemoryKv()
    const big = site(filesOf(generateVault(10_000)))
    expect(await writtenTwice(kv, () => publish(big, kv))).toEqual([])
    expect(kv.writes).toBeLessThanOrEqual(900)
    for (const value of kv.values.values()) expect(Buffer.byteLength(value)).toBeLessThanOrEqual(MAX_VALUE_BYTES)
  }, 300_000)
})

describe('deploys that converge', () => {
  const before = filesOf(generateVault(120))
  const notes = Object.keys(before).filter((path) => path.endsWith('.md') && path !== 'index.md')
  const after: Files = { ...before, 'New note.md': `A new note linking [[${notes[0]!.replace(/\.md$/, '')}]].` }
  delete after[notes[1]!]
  after[notes[2]!] = `${before[notes[2]!]}\n\nFresh words: xylophone quasar.\n`
  after[notes[3]!] = `---\ntitle: Renamed\ntags: [brandnew]\n---\n${before[notes[3]!]}`

  it('a deploy stopped at any write or delete leaves the site whole, and the next run finishes it exactly', async () => {
    const base = new MemoryKv()
    await publish(site(before), base)
    const clean = clone(base)
    const planned = await publish(site(after), clean)
    const steps = planned.writes + planned.deletes
    expect(steps).toBeGreaterThan(3)
    const oldRoot = base.values.get(ROOT_KEY)
    const newRoot = clean.values.get(ROOT_KEY)
    for (let k = 0; k < steps; k += 1) {
      const kv = clone(base)
      kv.failAfter = k
      await expect(publish(site(after), kv)).rejects.toThrow(/429/)
      assertWhole(kv)
      expect([oldRoot, newRoot]).toContain(kv.values.get(ROOT_KEY))
      const writesBefore = kv.writes
      kv.failAfter = undefined
      const rerun = await publish(site(after), kv)
      // Nothing written twice across the two runs, and the same state as one clean deploy.
      expect(writesBefore + rerun.writes, `stopped after ${k}`).toBe(planned.writes)
      expect(new Map(kv.values), `stopped after ${k}`).toEqual(new Map(clean.values))
    }
  }, 120_000)
})
