/**
 * Stage 4, assemble, the notes' part: resolved notes → note records, each with its key, JSON and
 * hash. A note's hash covers its own record and every note it transcludes, so its ETag changes when
 * anything it shows changes. Every note's body is rendered by the build (its draft, stages/draft.ts,
 * when that holds; else here), so the worker renders markdown only for a short note that shows
 * others. What a build made is kept for the next (npm run dev): a rebuild makes again only the
 * notes whose inputs changed.
 */
import { createHash } from 'node:crypto'
import type { PackEntry } from '../../src/core/pack.ts'
import type { NoteRecord } from '../../src/core/records.ts'
import { RECORD_VERSION, RECORDS } from '../../src/core/records.ts'
import type { KeepLexed, LexedNote } from '../../src/core/render.ts'
import { FRAGMENT_MARK, fillFragments, fillTransclusions, MAX_EMBED_DEPTH, renderNote } from '../../src/core/render.ts'
import type { Slug } from '../../src/core/slug.ts'
import type { Canvas } from '../canvas/read-canvas.ts'
import { drawCanvases } from './canvases.ts'
import { draftHolds, PRERENDER_FROM } from './draft.ts'
import { Memo, sameFields } from './memo.ts'
import { oneByteJson } from './one-byte.ts'
import { mergeTags, optionalString, stringList } from './parse.ts'
import type { ResolvedNote, ResolvedVault } from './resolve.ts'
import type { AssembleSettings } from './assemble.ts'

/** The hash of the parts' UTF-8 bytes, in order (a part given as bytes is those bytes). */
export function sha256(parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part)
  return hash.digest('hex').slice(0, 32)
}

/**
 * Formulas' and code's HTML as UTF-8, by their text: a note's hash takes every formula it shows,
 * and a formula that hundreds of notes show is encoded once rather than for each. Its characters
 * past U+00FF send a string down V8's slow way to UTF-8; 10,000 notes show 125 million characters of
 * formulas, 6 million of them different. Kept like a Memo: what a build did not use is let go.
 */
let bytesBefore = new Map<string, Buffer>()
let bytesNow = new Map<string, Buffer>()
function utf8Of(text: string): Buffer {
  const kept = bytesNow.get(text)
  if (kept) return kept
  const bytes = bytesBefore.get(text) ?? Buffer.from(text)
  bytesNow.set(text, bytes)
  return bytes
}

/** Hashes and long notes' HTML of the build before (stages/memo.ts): a rebuild redoes only what changed. */
const hashes = new Memo<string>()
const bodies = new Memo<string>()
/** The notes transclusions show, lexed: a save re-renders the pages that show a note without lexing the others they show. */
const lexed = new Memo<LexedNote>()
const keepLexed: KeepLexed = (note, options, lex) =>
  lexed.get(note.slug, [note.body, note.links, note.prerendered, options.breaks], lex)

/** The hash of `parts`, remembered under `key` (an entry's key and what part of it). */
export function hashOf(key: string, ...parts: (string | Uint8Array)[]): string {
  return hashes.get(key, parts, () => sha256(parts))
}

/** The record kinds a view's notes are stored as: the public `n:`/`h:`, or a protected group's `p:`/`q:`. */
export interface NoteKinds {
  note: typeof RECORDS.note
  html: typeof RECORDS.noteHtml
}

export const PUBLIC_KINDS: NoteKinds = { note: RECORDS.note, html: RECORDS.noteHtml }
export const PROTECTED_KINDS: NoteKinds = { note: RECORDS.protectedNote, html: RECORDS.protectedHtml }

/**
 * What noteEntries made of one note: its record as published, its entries, and what they were made
 * from (the note's own record, the records of the notes it shows, its group, the line-break setting).
 */
interface MadeNote {
  base: NoteRecord
  shown: readonly (NoteRecord | undefined)[]
  access: string | undefined
  breaks: boolean
  record: NoteRecord
  own: string
  entry: PackEntry
  html: PackEntry | undefined
  typeset: Map<string, string>
}

/** What noteEntries made of each note record, for each kind of record (public, protected). */
const madeNotes = new Map<NoteKinds, WeakMap<NoteRecord, MadeNote>>([
  [PUBLIC_KINDS, new WeakMap()],
  [PROTECTED_KINDS, new WeakMap()],
])

/**
 * What a build before made of the note (found by its record, the same object while the note did
 * not change), when nothing else it was made from changed either: the same records of every note
 * it showed (or the same absence), the same group and settings. Canvases are drawn into the records
 * of the notes that show them, so a vault with canvases assembles every note again.
 */
function madeBeforeFor(
  made: MadeNote | undefined,
  recordAt: (slug: string) => NoteRecord | undefined,
  access: string | undefined,
  breaks: boolean,
): MadeNote | undefined {
  if (!made || made.access !== access || made.breaks !== breaks) return undefined
  return made.record.embeds.every((slug, i) => recordAt(slug) === made.shown[i]) ? made : undefined
}

/**
 * The note records of a view: each with its transitive embeds, its description's links, the
 * canvases it shows, a long note's body rendered once; then keyed, encoded and hashed. A rebuild
 * takes again what it made of each note whose inputs did not change (madeBeforeFor).
 */
export function noteEntries(
  resolved: ResolvedVault,
  settings: AssembleSettings,
  canvases: ReadonlyMap<string, Canvas>,
  kinds: NoteKinds,
  { only, access }: { only?: (note: ResolvedNote) => boolean; access?: string } = {},
): { records: NoteRecord[]; entries: PackEntry[]; formulas: Map<string, Map<string, string>> } {
  const bases = resolved.notes.map(recordOf)
  const chosen = only ? resolved.notes.flatMap((note, i) => (only(note) ? [i] : [])) : [...bases.keys()]
  const reusable = canvases.size === 0
  // Without canvases nothing edits the records a page shows: they are read as they were made.
  // With canvases, each build's own copy of every record (drawCanvases edits them).
  const all = reusable ? bases : bases.map((record) => ({ ...record }))
  // The whole public view again, of the same notes in the same places: what changed, by place (lastView).
  const last = !only && reusable ? alignedView(bases, access, settings.breaks) : undefined
  // Each note's place in the vault's list, by its slug: its record (`all`), its own embeds (`bases`).
  const indexOf = last?.view.indexOf ?? new Map(bases.map((record, i) => [record.slug as string, i]))
  const recordAt = (slug: string) => {
    const i = indexOf.get(slug)
    return i === undefined ? undefined : all[i]
  }
  const directEmbeds = (slug: Slug) => {
    const i = indexOf.get(slug)
    return i === undefined ? [] : bases[i]!.embeds
  }
  const memory = madeNotes.get(kinds)!
  /** What a build before made of the note at each place, when nothing it was made from changed. */
  const kept: (MadeNote | undefined)[] = last ? [...last.view.made] : new Array(bases.length)
  // Only the notes that changed and those that show them can have changed (the others are not even looked at).
  const suspects = last ? [...showing(last.view, last.changed, bases)] : reusable ? chosen : []
  for (const i of suspects) kept[i] = madeBeforeFor(memory.get(bases[i]!), recordAt, access, settings.breaks)
  // Each note made again gets its own copy of its record (the loops below set its embeds, HTML, access).
  const fresh = chosen.filter((i) => !kept[i])
  const records = fresh.map((i) => (reusable ? { ...bases[i]! } : all[i]!))
  if (access !== undefined) for (const record of records) record.access = access
  for (const record of records) {
    record.embeds = transitiveEmbeds(record.slug, directEmbeds)
    const shown = record.embeds.flatMap((slug) => recordAt(slug) ?? [])
    record.hasMath ||= shown.some((note) => note.math.length > 0)
    record.hasDiagrams ||= shown.some((note) => note.hasDiagrams)
  }
  fresh.forEach((i, k) => {
    const record = records[k]!
    const note = resolved.notes[i]!
    const written = optionalString(note.data.description)
    if (!written?.includes('[[')) return
    // The description through the same pipeline as the body, with the note's own link table.
    const before = descriptions.get(note)
    if (before?.breaks === settings.breaks) {
      record.descriptionHtml = before.html
      return
    }
    const html = renderNote({ ...record, body: written, html: undefined }, new Map(), { breaks: settings.breaks })
    record.descriptionHtml = html.replace(/^<p>|<\/p>\n?$/g, '')
    descriptions.set(note, { breaks: settings.breaks, html: record.descriptionHtml })
  })
  // Canvas pages are their drawing; notes embedding one get it scaled (stages/canvases.ts).
  drawCanvases(
    records,
    fresh.map((i) => resolved.notes[i]!),
    canvases,
    resolved.attachments,
    settings.breaks,
  )
  for (const [k, record] of records.entries()) {
    if (record.html !== undefined) continue
    // A short note showing others is rendered by the worker, from the records of the notes it shows.
    if (record.embeds.length && record.body.length < PRERENDER_FROM) continue
    const note = resolved.notes[fresh[k]!]!
    // A long note's page gets its formulas and code in place: filling dozens of keys costs the worker more
    // than the bytes they would save (a short note's keys are filled from its pack, its formulas stored once).
    const long = record.body.length >= PRERENDER_FROM
    const embedded = new Map(
      record.embeds.flatMap((slug) => {
        const shown = recordAt(slug)
        return shown ? [[slug, shown] as const] : []
      }),
    )
    // Drafted where it was parsed (stages/draft.ts), and the draft is what a render here would give:
    // only the notes it shows are rendered here, in their places.
    if (draftHolds(note.draft, record, settings.breaks)) {
      const { draft } = note
      const html = draft.transclusions.length
        ? fillTransclusions(record, embedded, { breaks: settings.breaks }, draft, keepLexed)
        : draft.html
      if (html !== undefined) {
        const filled = long ? fillFragments(html, (key) => record.prerendered[key]) : html
        if (filled !== undefined) {
          record.html = filled
          continue
        }
      }
    }
    // Everything the render reads: the note's markdown, links and build-made HTML, and those of what it shows.
    // The build-made HTML is compared as it is (long, and the same strings from build to build), not as JSON.
    // Objects are compared as themselves: a record's links, formulas and build-made HTML are the
    // same objects from build to build while its note did not change, and nothing edits them in place.
    const inputs: unknown[] = [record, ...embedded.values()].flatMap((note) => [
      note.slug,
      note.body,
      note.links,
      note.embeds.join('\n'),
      // Lists made again with each record (a note whose backlinks changed) are compared by their items.
      note.math.join('\n'),
      note.prerendered,
    ])
    inputs.push(settings.breaks)
    // What the parse typeset for a short note stays as its keys, as in its draft (filled from its pack).
    record.html = bodies.get(kinds.html.key(record.slug), inputs, () =>
      renderNote(long ? record : asKeys(record, note.typeset), embedded, { breaks: settings.breaks }),
    )
  }
  // The formulas' HTML leaves the record (it is packed beside it, once a pack) but not its hash.
  /** Each note made again, by its place: all of its MadeNote but the entry (whose hash needs every note's own hash) and its JSON. */
  const made = new Map<number, Omit<MadeNote, 'entry'> & { json: string }>()
  fresh.forEach((i, k) => {
    const record = records[k]!
    const typeset = new Map(record.math.map((key) => [key, record.prerendered[key]!]))
    // A note's HTML is a text record of its own beside it (RECORDS.noteHtml), not JSON inside it.
    const { html } = record
    const stored: Omit<NoteRecord, 'html'> = html === undefined ? record : (({ html: _, ...rest }) => rest)(record)
    const json = encodedOf(kinds.note, stored, () => {
      // Without a prototype: no hidden class for each note's new keys (stages/parse.ts, PostedNote).
      const prerendered: Record<string, string> = Object.create(null)
      for (const key in record.prerendered) if (!typeset.has(key)) prerendered[key] = record.prerendered[key]!
      return oneByteJson(kinds.note.encode({ ...stored, prerendered }))
    })
    const hash = hashOf(`${kinds.note.key(record.slug)} own`, json, ...[...typeset.values()].map(utf8Of), html ?? '')
    const htmlKey = kinds.html.key(record.slug)
    made.set(i, {
      base: bases[i]!,
      shown: record.embeds.map(recordAt),
      access,
      breaks: settings.breaks,
      record,
      own: hash,
      json,
      html:
        html === undefined ? undefined : { key: htmlKey, json: kinds.html.encode(html), hash: hashOf(htmlKey, html) },
      typeset,
    })
  })
  // An embedded note outside `only` is hashed from its own record too.
  const ownHash = (slug: Slug) => {
    const i = indexOf.get(slug)
    if (i === undefined) return ''
    return (kept[i] ?? made.get(i))?.own ?? hashOf(`${slug} embedded`, JSON.stringify(all[i]))
  }
  const madeOf = (i: number): MadeNote => {
    const { json, ...parts } = made.get(i)!
    const { record } = parts
    const key = kinds.note.key(record.slug)
    const hash = record.embeds.length ? hashOf(key, [parts.own, ...record.embeds.map(ownHash)].join('\n')) : parts.own
    const note = { ...parts, entry: { key, json, hash } }
    if (reusable) memory.set(note.base, note)
    return note
  }
  // By the place in `chosen`: the view before's lists with the notes made again put in, or all afresh.
  const view: Omit<LastView, 'indexOf' | 'shownBy'> = {
    bases,
    made: last ? (kept as MadeNote[]) : [],
    published: [...(last?.view.published ?? [])],
    noteEntries: [...(last?.view.noteEntries ?? [])],
    htmlEntries: [...(last?.view.htmlEntries ?? [])],
    formulas: new Map(last?.view.formulas),
    access,
    breaks: settings.breaks,
  }
  for (const [k, i] of (last ? fresh : chosen).entries()) {
    const note = kept[i] ?? madeOf(i)
    const at = last ? i : k
    view.made[at] = note
    view.published[at] = note.record
    view.noteEntries[at] = note.entry
    view.htmlEntries[at] = note.html
    if (note.typeset.size) view.formulas.set(note.entry.key, note.typeset)
    else view.formulas.delete(note.entry.key)
  }
  if (!only && reusable) remember(view, last, fresh, indexOf)
  const entries = [...view.noteEntries, ...view.htmlEntries.filter((entry) => entry !== undefined)]
  // The build adds a protected view's formulas to what it is given: a copy, so the kept view stays public.
  // Nothing edits the records' list (the next build copies it before putting its notes in).
  return { records: view.published, entries, formulas: new Map(view.formulas) }
}

/**
 * The public view's notes as the last build made them, by each note's place in the vault's list:
 * a rebuild of the same notes (npm run dev's saves) looks at only the places whose record changed
 * and the notes that show those, and takes every other place's lists as they are.
 */
interface LastView {
  bases: readonly NoteRecord[]
  made: MadeNote[]
  published: NoteRecord[]
  noteEntries: PackEntry[]
  htmlEntries: (PackEntry | undefined)[]
  formulas: Map<string, Map<string, string>>
  access: string | undefined
  breaks: boolean
  indexOf: ReadonlyMap<string, number>
  /** The places of the notes that show each slug (through embeds of embeds). */
  shownBy: Map<string, Set<number>>
}
let lastView: LastView | undefined

/** The last view and the places whose record changed, when the notes are the same, in the same places, under the same settings. */
function alignedView(
  bases: readonly NoteRecord[],
  access: string | undefined,
  breaks: boolean,
): { view: LastView; changed: number[] } | undefined {
  const view = lastView
  if (!view || view.bases.length !== bases.length || view.access !== access || view.breaks !== breaks) return undefined
  const changed: number[] = []
  for (let i = 0; i < bases.length; i++) if (bases[i] !== view.bases[i]) changed.push(i)
  return changed.every((i) => bases[i]!.slug === view.bases[i]!.slug) ? { view, changed } : undefined
}

/** The places that changed and those of the notes showing them. */
function showing(view: LastView, changed: readonly number[], bases: readonly NoteRecord[]): Set<number> {
  const places = new Set(changed)
  for (const i of changed) for (const j of view.shownBy.get(bases[i]!.slug) ?? []) places.add(j)
  return places
}

/** What this build made of the public view, for the next (alignedView): who shows whom brought up to date. */
function remember(
  view: Omit<LastView, 'indexOf' | 'shownBy'>,
  last: { view: LastView } | undefined,
  fresh: readonly number[],
  indexOf: ReadonlyMap<string, number>,
): void {
  const shownBy = last?.view.shownBy ?? new Map<string, Set<number>>()
  const add = (i: number) => {
    for (const slug of view.made[i]!.record.embeds) {
      const places = shownBy.get(slug)
      if (places) places.add(i)
      else shownBy.set(slug, new Set([i]))
    }
  }
  if (last)
    for (const i of fresh) {
      for (const slug of last.view.made[i]?.record.embeds ?? []) shownBy.get(slug)?.delete(i)
      add(i)
    }
  else for (let i = 0; i < view.made.length; i++) add(i)
  lastView = { ...view, indexOf, shownBy }
}

/** The record with each of `keys` in `prerendered` as its key between FRAGMENT_MARKs (src/core/render.ts). */
function asKeys(record: NoteRecord, keys: readonly string[]): NoteRecord {
  if (!keys.length) return record
  const prerendered: Record<string, string> = Object.assign(Object.create(null), record.prerendered)
  for (const key of keys) if (Object.hasOwn(prerendered, key)) prerendered[key] = FRAGMENT_MARK + key + FRAGMENT_MARK
  return { ...record, prerendered }
}

/** The record made from each resolved note: a rebuild makes it again only for the notes that changed. */
const records = new WeakMap<ResolvedNote, NoteRecord>()
function recordOf(note: ResolvedNote): NoteRecord {
  const record = records.get(note) ?? noteRecord(note)
  records.set(note, record)
  return record
}

/** Each note's description rendered (its wikilinks as links), for as long as it is the same resolved note. */
const descriptions = new WeakMap<ResolvedNote, { breaks: boolean; html: string }>()

/** The JSON of each note record of the build before, and the record it was made from. */
let encodedBefore = new Map<string, { record: Omit<NoteRecord, 'html'>; text: string }>()
let encodedNow = new Map<string, { record: Omit<NoteRecord, 'html'>; text: string }>()

/**
 * A note record's JSON: the build before's when every field is the same value (the same string,
 * or the same object: records share what their notes did not change, and nothing edits those in place).
 */
function encodedOf(kind: NoteKinds['note'], record: Omit<NoteRecord, 'html'>, encode: () => string): string {
  const key = kind.key(record.slug)
  const before = encodedNow.get(key) ?? encodedBefore.get(key)
  const text = before && sameFields(before.record, record) ? before.text : encode()
  encodedNow.set(key, { record, text })
  return text
}

function noteRecord(note: ResolvedNote): NoteRecord {
  const date = isoDate(note.data.date ?? note.data.created)
  const modified = isoDate(note.data.modified ?? note.data.updated ?? note.data.lastmod)
  // A description's wikilinks read as their text in meta tags (`[[Note|text]]` → text).
  const description = optionalString(note.data.description)?.replace(
    /\[\[([^[\]\n|]*)(?:\|([^[\]\n]*))?\]\]/g,
    (_, target: string, alias?: string) => alias?.trim() || target.split('#')[0]!.trim(),
  )
  return {
    v: RECORD_VERSION,
    slug: note.slug,
    path: note.path,
    title: note.title,
    ...(description ? { description } : {}),
    ...(date ? { date } : {}),
    ...(modified ? { modified } : {}),
    ...(note.image ? { image: note.image } : {}),
    tags: mergeTags(stringList(note.data.tags ?? note.data.tag), note.inlineTags),
    aliases: note.aliases,
    frontmatter: note.data,
    body: note.body,
    links: note.links,
    embeds: note.embeds,
    prerendered: note.prerendered,
    toc: note.headings.filter((heading) => heading.depth === 2 || heading.depth === 3),
    math: [...note.math],
    hasMath: note.math.size > 0,
    hasDiagrams: note.hasDiagrams,
    backlinks: note.backlinks,
    outlinks: note.outlinks,
    words: note.words,
  }
}

/** A frontmatter date as ISO 8601, or undefined when it is missing or not a date. */
function isoDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const text = value.trim()
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text
  const time = Date.parse(text)
  return Number.isNaN(time) ? undefined : new Date(time).toISOString()
}

/** Every note a page shows, through embeds of embeds, down to MAX_EMBED_DEPTH; the page itself excluded. */
function transitiveEmbeds(slug: Slug, direct: (slug: Slug) => readonly Slug[]): Slug[] {
  const seen = new Set<Slug>([slug])
  let level: Slug[] = [slug]
  for (let depth = 0; depth < MAX_EMBED_DEPTH && level.length; depth += 1) {
    level = level.flatMap(direct).filter((to) => !seen.has(to) && seen.add(to))
  }
  seen.delete(slug)
  return [...seen]
}

/** A build begins: what the one before made and this one does not use is let go (stages/memo.ts). */
export function startNoteEntries(): void {
  hashes.rotate()
  bodies.rotate()
  lexed.rotate()
  bytesBefore = bytesNow
  bytesNow = new Map()
  encodedBefore = encodedNow
  encodedNow = new Map()
}
