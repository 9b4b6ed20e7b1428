/**
 * Stage 5, pack: records → packs (src/core/pack.ts) and the root that names them (src/core/root.ts).
 *
 * How many packs: enough that a pack holds about PACK_BYTES, so the number of KV keys grows with
 * the vault's bytes, not with its notes. Which pack: a hash of the record's id, with the counts of
 * the deploy before kept while packs stay near that size, so an edit rewrites only the pack that
 * holds the note (and those whose backlinks or lists changed).
 */
import { createHash } from 'node:crypto'
import type { PackEntry } from '../../src/core/pack.ts'
import { packHeader } from '../../src/core/pack.ts'
import type { SiteRecord } from '../../src/core/records.ts'
import { kindOfKey, RECORDS } from '../../src/core/records.ts'
import type { Layout, Root } from '../../src/core/root.ts'
import { packNameOf } from '../../src/core/root.ts'
import type { Problem } from './read.ts'

/**
 * About 512 KiB a pack: a first deploy of a 10,000-note vault stays far inside the free plan's
 * 1,000 writes a day, and a page still reads only its own record's bytes out of its pack.
 */
const PACK_BYTES = 512 * 1024
/** KV's limit for one value. */
export const MAX_VALUE_BYTES = 25 * 1024 * 1024

interface BuiltPack {
  /** UTF-8, off the JS heap: a 10,000-note vault's packs are ~300 MB, twice that as JS strings. */
  value: Buffer
  hash: string
  /** The value's size in UTF-8 bytes. */
  bytes: number
}

export interface PackedSite {
  /** The root without its search delta: the plan (scripts/stages/plan.ts) adds that. */
  root: Root
  /** The explorer's HTML: the root's fourth line (src/core/root.ts). */
  explorer: string
  /** Pack name → value and hash. */
  packs: Map<string, BuiltPack>
}

type Group = 'notes' | 'search' | 'protected'

/** The bytes of each group of packs: its entries' (key and JSON) and its formulas', each formula once. */
function groupBytes(
  measured: Measured,
  formulas: ReadonlyMap<string, ReadonlyMap<string, string>>,
): Record<Group, number> {
  const bytes = { notes: formulaBytes.total(formulas), search: 0, protected: 0 }
  const { entries, groups } = measured
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i]
    // An entry counts toward its group with its key.
    if (group) bytes[group] += measured.bytes[i]! + entries[i]!.key.length
  }
  return bytes
}

/**
 * What packing reads of each entry, by its place in the list: its JSON's size in UTF-8, its group, its pack's name under `layout`. A rebuild hands on
 * the same entries in the same places (npm run dev), and reads none of this again from them: a
 * 10,000-note vault's ~30,000 entries are not visited one by one each save.
 */
interface Measured {
  entries: readonly PackEntry[]
  /** The JSON's bytes. */
  bytes: Float64Array
  groups: (Group | null)[]
  names: (string | undefined)[]
  layout: string
}
let measuredBefore: Measured = {
  entries: [],
  bytes: new Float64Array(),
  groups: [],
  names: [],
  layout: '',
}

function measure(entries: readonly PackEntry[]): Measured {
  const before = measuredBefore
  const now: Measured = {
    entries,
    bytes: new Float64Array(entries.length),
    groups: new Array(entries.length),
    names: new Array(entries.length),
    layout: before.layout,
  }
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!
    if (before.entries[i] === entry) {
      now.bytes[i] = before.bytes[i]!
      now.groups[i] = before.groups[i]!
      now.names[i] = before.names[i]
      continue
    }
    const kind = kindOfKey(entry.key)?.kind.group
    now.bytes[i] = byteLength(entry)
    now.groups[i] = kind === 'notes' || kind === 'search' || kind === 'protected' ? kind : null
  }
  return now
}

/** Each kept entry's pack under `layout`: the name found before, for an entry in the same place under the same layout. */
function packNames(measured: Measured, keep: readonly number[], layout: Layout): string[] {
  const wanted = JSON.stringify(layout)
  if (measured.layout !== wanted) {
    measured.names.fill(undefined)
    measured.layout = wanted
  }
  const nameOf = namesFor(layout)
  return keep.map((i) => (measured.names[i] ??= nameOf(measured.entries[i]!.key)))
}

/** The formulas the notes of a pack show, each once: `m:<key>` → its KaTeX HTML (src/core/records.ts). */
function formulaEntries(
  group: readonly PackEntry[],
  formulas: ReadonlyMap<string, ReadonlyMap<string, string>>,
): PackEntry[] {
  const unique = new Map<string, string>()
  for (const entry of group) for (const [key, html] of formulas.get(entry.key) ?? []) unique.set(key, html)
  return [...unique].map(([key, html]) => {
    const made = formulaMade.get(key)
    if (made?.html === html) return made.entry
    // A formula key is a hash of its TeX; this one covers the HTML (another KaTeX, another hash),
    // stored as its text (packs of formulas stored as JSON strings, before, are rewritten).
    const hash = createHash('sha256').update('text\n').update(html).digest('hex').slice(0, 16)
    const entry = { key, json: RECORDS.formula.encode(html), hash }
    formulaMade.set(key, { html, entry })
    return entry
  })
}

/** Formula key → its entry, made once however many packs (and rebuilds) hold it. */
const formulaMade = new Map<string, { html: string; entry: PackEntry }>()

/**
 * The formulas' bytes, each formula once however many notes show it (a pack holds each formula its
 * notes show once), kept from packing to packing: only the notes whose formulas changed count again.
 */
class FormulaBytes {
  /** The formulas counted, by the record key of the note that shows them. */
  #counted = new Map<string, ReadonlyMap<string, string>>()
  /** Each formula counted: how many notes show it, and its length. */
  #uses = new Map<string, { notes: number; length: number }>()
  #total = 0

  total(formulas: ReadonlyMap<string, ReadonlyMap<string, string>>): number {
    for (const [key, typeset] of this.#counted)
      if (formulas.get(key) !== typeset) {
        this.#count(typeset, -1)
        this.#counted.delete(key)
      }
    for (const [key, typeset] of formulas)
      if (this.#counted.get(key) !== typeset) {
        this.#count(typeset, 1)
        this.#counted.set(key, typeset)
      }
    return this.#total
  }

  #count(typeset: ReadonlyMap<string, string>, change: 1 | -1): void {
    for (const [key, html] of typeset) {
      const use = this.#uses.get(key) ?? { notes: 0, length: html.length }
      if (use.notes === 0) this.#total += use.length
      use.notes += change
      if (use.notes === 0) {
        this.#total -= use.length
        this.#uses.delete(key)
      } else this.#uses.set(key, use)
    }
  }
}
const formulaBytes = new FormulaBytes()

/** Each record's size in UTF-8 by the entry itself, while a rebuild hands on the same entry. */
const entryBytes = new WeakMap<PackEntry, number>()
/** Each record's size in UTF-8 by its key, as long as its JSON is the same string (a rebuild measures what changed). */
let lengthsBefore = new Map<string, { json: string; bytes: number }>()
let lengthsNow = new Map<string, { json: string; bytes: number }>()
function byteLength(entry: PackEntry): number {
  const same = entryBytes.get(entry)
  if (same !== undefined) return same
  const known = lengthsNow.get(entry.key) ?? lengthsBefore.get(entry.key)
  const bytes = known?.json === entry.json ? known.bytes : Buffer.byteLength(entry.json)
  lengthsNow.set(entry.key, { json: entry.json, bytes })
  entryBytes.set(entry, bytes)
  return bytes
}

/** Each pack of the last packing by name, with the keys and hashes it holds: the same members, the same pack. */
let packsBefore = new Map<string, { members: readonly PackEntry[]; pack: BuiltPack }>()

/** Record key → its pack, under the layout it was found for: a key's pack is a hash of it, found once. */
let names = { layout: '', byKey: new Map<string, string>() }
function namesFor(layout: Layout): (key: string) => string {
  const wanted = JSON.stringify(layout)
  if (names.layout !== wanted) names = { layout: wanted, byKey: new Map() }
  const { byKey } = names
  return (key) => {
    let name = byKey.get(key)
    if (name === undefined) {
      name = packNameOf(key, layout)
      byKey.set(key, name)
    }
    return name
  }
}

function sameMembers(before: readonly PackEntry[], now: readonly PackEntry[]): boolean {
  if (before.length !== now.length) return false
  for (let i = 0; i < before.length; i++) {
    const a = before[i]!
    const b = now[i]!
    if (a !== b && (a.key !== b.key || a.hash !== b.hash)) return false
  }
  return true
}

const utf8 = new TextEncoder()

/**
 * The pack's bytes, written once into a buffer of its size (packHeader counted it), by TextEncoder's
 * encodeInto: faster than Buffer's write (the bench vault's packs: 2.6 s of writing became 2.0 s).
 */
function packValue(header: string, sorted: readonly PackEntry[], bytes: number): Buffer {
  const value = Buffer.allocUnsafe(bytes)
  let at = utf8.encodeInto(header, value).written
  value[at++] = 0x0a
  for (const entry of sorted) at += utf8.encodeInto(entry.json, value.subarray(at)).written
  if (at !== bytes) throw new Error(`pack of ${bytes} bytes filled to ${at}`)
  return value
}

/** The counts: the previous deploy's while its packs stay between a quarter and twice PACK_BYTES. */
function chooseLayout(
  measured: Measured,
  formulas: ReadonlyMap<string, ReadonlyMap<string, string>>,
  previous: Layout | undefined,
): Layout {
  const bytes = groupBytes(measured, formulas)
  const fits = (count: number, total: number) => total / count <= 2 * PACK_BYTES && total / count >= PACK_BYTES / 4
  const fresh = (total: number) => Math.max(1, Math.ceil(total / PACK_BYTES))
  const kept = previous?.protected
  return {
    notes: previous && fits(previous.notes, bytes.notes) ? previous.notes : fresh(bytes.notes),
    search: previous && fits(previous.search, bytes.search) ? previous.search : fresh(bytes.search),
    ...(bytes.protected ? { protected: kept && fits(kept, bytes.protected) ? kept : fresh(bytes.protected) } : {}),
  }
}

/**
 * Drops records KV could never hold (over 25 MiB on their own), naming the file each came from;
 * then packs the rest. `previous` is the layout of the namespace's current root, if any.
 */
export function packSite(
  entries: readonly PackEntry[],
  formulas: ReadonlyMap<string, ReadonlyMap<string, string>>,
  shell: { site: SiteRecord; explorer: string; access?: Record<string, string>; files?: Record<string, string[]> },
  problems: Problem[],
  pathOf: (key: string) => string,
  { previous, reuse }: { previous?: Layout | undefined; reuse?: PackedSite['packs'] | undefined } = {},
): PackedSite {
  lengthsBefore = lengthsNow
  lengthsNow = new Map()
  const measured = measure(entries)
  // The places of the entries KV can hold: a record over 25 MiB on its own is left out, and said so.
  const keep: number[] = []
  for (let i = 0; i < entries.length; i++) {
    const bytes = measured.bytes[i]!
    if (bytes <= MAX_VALUE_BYTES - 64 * 1024) {
      keep.push(i)
      continue
    }
    measured.groups[i] = null
    problems.push({
      file: pathOf(entries[i]!.key),
      message: `not published: its record is ${(bytes / 1048576).toFixed(1)} MiB (KV allows 25 MiB a value): split the note`,
    })
  }
  const packsNow = new Map<string, { members: readonly PackEntry[]; pack: BuiltPack }>()
  let layout = chooseLayout(measured, formulas, previous)
  for (;;) {
    const groups = new Map<string, PackEntry[]>()
    const names = packNames(measured, keep, layout)
    for (let k = 0; k < keep.length; k++) {
      const entry = entries[keep[k]!]!
      const name = names[k]!
      const group = groups.get(name)
      if (group) group.push(entry)
      else groups.set(name, [entry])
    }
    const packs = new Map<string, BuiltPack>()
    for (const [name, group] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
      // Every record's hash covers its bytes (a note's, its formulas' too): a pack of the same keys
      // with the same hashes is the same pack, formulas and all.
      const same = packsBefore.get(name)
      if (same && sameMembers(same.members, group) && reuse?.get(name)?.hash === same.pack.hash) {
        packs.set(name, same.pack)
        packsNow.set(name, same)
        continue
      }
      const members = [...group, ...formulaEntries(group, formulas)]
      const { header, bytes, sorted } = packHeader(members, (json, entry) =>
        entry ? byteLength(entry) : Buffer.byteLength(json),
      )
      // So the offset table's hash stands for the pack's: a rebuild (`reuse`, npm run dev) keeps
      // the value it already has for a pack with the same hash.
      const hash = createHash('sha256').update(header).digest('hex').slice(0, 16)
      const before = reuse?.get(name)
      const value = before?.hash === hash ? before.value : packValue(header, sorted, bytes)
      const pack = { value, bytes, hash }
      packs.set(name, pack)
      packsNow.set(name, { members: group, pack })
    }
    // Unlucky hashing can pile big notes into one pack: spread them over twice as many.
    if ([...packs.values()].some((pack) => pack.bytes > MAX_VALUE_BYTES)) {
      layout = {
        notes: layout.notes * 2,
        search: layout.search * 2,
        ...(layout.protected ? { protected: layout.protected * 2 } : {}),
      }
      continue
    }
    packsBefore = packsNow
    measuredBefore = measured
    const root: Root = {
      v: 1,
      site: shell.site,
      // What every page shows beyond its own records: part of each page's ETag.
      shell: createHash('sha256').update(JSON.stringify(shell.site)).update(shell.explorer).digest('hex').slice(0, 12),
      layout,
      packs: Object.fromEntries([...packs].map(([name, pack]) => [name, pack.hash])),
      ...(shell.access && Object.keys(shell.access).length ? { access: shell.access } : {}),
      ...(shell.files && Object.keys(shell.files).length ? { files: shell.files } : {}),
    }
    return { root, explorer: shell.explorer, packs }
  }
}
