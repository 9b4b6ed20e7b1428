/**
 * The build renders every note that shows no other note (scripts/stages/draft.ts drafts it where
 * it is parsed, note-entries.ts keeps the draft only when it holds): each body it stores, its
 * fragments filled in as the worker fills them, is the body the worker would render on demand.
 */
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildToDisk, ROOT } from '../../scripts/build.ts'
import { draftHolds } from '../../scripts/stages/draft.ts'
import { parseNotes } from '../../scripts/stages/parse.ts'
import type { NoteRecord } from '../../src/core/records.ts'
import { FRAGMENT_MARK, fillFragments, renderNote } from '../../src/core/render.ts'
import { unpack } from './records.ts'
import { tempVault } from './temp-vault.ts'

const made: string[] = []
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true })
})

/** A vault's note records, as the worker reads them (formulas and HTML filled in). */
async function builtNotes(vault: string): Promise<{ notes: NoteRecord[]; breaks: boolean }> {
  const out = `${vault}-out`
  made.push(out)
  const result = await buildToDisk(vault, out)
  const { records } = unpack(result.entries)
  const notes = [...records].flatMap(([key, record]) =>
    key.startsWith('n:') || key.startsWith('p:') ? [record as NoteRecord] : [],
  )
  return { notes, breaks: result.site.site.breaks }
}

/** Every stored body is renderNote's, for the notes the build renders (all but short ones showing others, and canvases, which are drawn). */
async function expectBodiesRendered(vault: string): Promise<number> {
  const { notes, breaks } = await builtNotes(vault)
  const bySlug = new Map(notes.map((note) => [note.slug, note]))
  let rendered = 0
  for (const note of notes) {
    if (note.path.endsWith('.canvas')) continue
    if (!note.embeds.length) expect(note.html, `${note.path} has its HTML`).toBeDefined()
    if (note.html === undefined) continue
    const shown = new Map(note.embeds.flatMap((slug) => (bySlug.has(slug) ? [[slug, bySlug.get(slug)!] as const] : [])))
    expect(note.html, note.path).toBe(renderNote(note, shown, { breaks }))
    rendered += 1
  }
  return rendered
}

describe('every note is rendered by the build, as the worker would render it', () => {
  it('one note per OFM-SPEC behaviour (test/fixtures/ofm)', async () => {
    expect(await expectBodiesRendered(join(ROOT, 'test/fixtures/ofm'))).toBeGreaterThan(140)
  })

  it("hyphae's own documentation (content/), bases, canvases and protected notes", async () => {
    for (const vault of ['content', 'test/fixtures/bases', 'test/fixtures/canvas', 'test/fixtures/protected'])
      expect(await expectBodiesRendered(join(ROOT, vault))).toBeGreaterThan(2)
  })

  it('with single newlines as line breaks (strictLineBreaks: false, OFM-SPEC F07)', async () => {
    const vault = await tempVault({
      '.obsidian/app.json': '{"strictLineBreaks": false}',
      'a.md': 'one\ntwo $x^2$ [[b]]\n',
      'b.md': '# B\n\nthree\nfour\n',
    })
    made.push(vault)
    const { notes } = await builtNotes(vault)
    expect(notes.find((note) => note.slug === 'a')!.html).toContain('one<br>two')
    await expectBodiesRendered(vault)
  })
})

describe('a draft holds only when every read gives the same answer once resolved', () => {
  const long = `${'A long paragraph with a footnote.[^1] $x$\n\n'.repeat(400)}[^1]: The note.\n`
  const files = {
    'plain.md': '# Plain\n\nSee [[target]], [[target#Second part]], [[target#^blk]] and [[missing]]; $e^{i\\pi}$.\n',
    'aliased.md': 'See [[Another name]].\n',
    'showing.md': '![[target]]\n',
    'long.md': `# Long\n\n![[target#Second part]]\n\n${long}\n![[other]]\n`,
    'other.md': 'Other.[^o]\n\n[^o]: Its footnote.\n',
    'target.md': '---\naliases: [Another name]\n---\n# Target\n\n## Second part\n\ntext[^n] ^blk\n\n[^n]: Its own.\n',
  }

  it('a link guessed from file names and anchors holds; an alias, which only the resolve knows, does not', async () => {
    const vault = await tempVault(files)
    made.push(vault)
    const paths = Object.keys(files)
    const sources = paths.map((path) => ({ path, source: files[path as keyof typeof files] }))
    const parsed = parseNotes(sources, undefined, { breaks: false, notes: paths, attachments: [] })
    const drafts = new Map(parsed.notes.map((note) => [note.path, note.draft]))
    expect(drafts.get('showing.md'), 'a short note showing another is the worker’s to render').toBeUndefined()
    // A long one is drafted with the notes it shows as marks, rendered in their places by assemble.
    expect(drafts.get('long.md')!.transclusions.map(({ target }) => target)).toEqual([
      { to: 'target', kind: 'note', anchor: 'second-part' },
      { to: 'other', kind: 'note' },
    ])
    expect(drafts.get('plain.md')!.html).toContain(`${FRAGMENT_MARK}m:`)
    const { notes } = await builtNotes(vault)
    const record = (path: string) => notes.find((note) => note.path === path)!
    expect(draftHolds(drafts.get('plain.md'), record('plain.md'), false)).toBe(true)
    expect(draftHolds(drafts.get('long.md'), record('long.md'), false)).toBe(true)
    // The shown notes' footnotes are numbered in page order, as when the worker renders the page.
    expect(record('long.md').html).toContain('id="t1-footnote-n"')
    expect(record('long.md').html).toContain('id="t2-footnote-o"')
    expect(draftHolds(drafts.get('plain.md'), record('plain.md'), true), 'another line-break setting').toBe(false)
    expect(draftHolds(drafts.get('aliased.md'), record('aliased.md'), false)).toBe(false)
    // Either way the page's body is the one the worker would render.
    expect(record('aliased.md').html).toContain('<a class="internal" href="/target">Another name</a>')
    expect(fillFragments(drafts.get('plain.md')!.html, (key) => record('plain.md').prerendered[key])).toBe(
      record('plain.md').html,
    )
    await expectBodiesRendered(vault)
  })
})
