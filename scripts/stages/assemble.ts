/**
 * Stage 4, assemble: resolved notes → the records the worker reads (src/core/records.ts), each
 * with its key, its JSON and its hash. A note's hash covers its own record and every note it
 * transcludes, so its ETag changes when anything it shows changes. Long notes are rendered here,
 * once, so no page costs the worker more than a few ms of CPU.
 */
import { createHash } from 'node:crypto'
import { tagPath } from '../../src/core/markdown/tag.ts'
import type { PackEntry } from '../../src/core/pack.ts'
import type { Backlink, NoteRecord, SiteLook, SiteRecord } from '../../src/core/records.ts'
import { RECORD_VERSION, RECORDS } from '../../src/core/records.ts'
import { MAX_EMBED_DEPTH, renderNote } from '../../src/core/render.ts'
import type { Slug } from '../../src/core/slug.ts'
import { HOME_SLUG, slugFromPath } from '../../src/core/slug.ts'
import { SearchIndex } from '../search-index.ts'
import { ListedMemo, Memo, sameItems } from './memo.ts'
import type { Canvas } from '../canvas/read-canvas.ts'
import { uiStrings } from '../../src/pages/strings.ts'
import { drawCanvases } from './canvases.ts'
import { explorerHtml } from './explorer.ts'
import { graphRecord } from '../graph/record.ts'
import { collectFolders, collectNoteIndex, collectRedirects, collectTags, siteRecord } from './lists.ts'
import { mergeTags, optionalString, stringList } from './parse.ts'
import type { Problem } from './read.ts'
import type { Attachment, ResolvedNote, ResolvedVault } from './resolve.ts'
import type { SiteOptions } from './site-options.ts'

/**
 * Notes at least this long (in bytes of markdown) are rendered at build time (NoteRecord.html):
 * marked renders about 10 KB a millisecond in workerd, so every page rendered on demand costs
 * under ~2 ms of CPU and keeps to the free plan's 10 ms with room to spare.
 */
const PRERENDER_FROM = 16 * 1024

export interface AssembledSite {
  /** Every record but the site's, keyed and hashed, ready to pack. */
  entries: PackEntry[]
  /** A note's formulas (record key → formula key → KaTeX HTML): packed once per pack that needs them. */
  formulas: Map<string, Map<string, string>>
  site: SiteRecord
  /** The explorer's HTML (stages/explorer.ts): every page shows it. */
  explorer: string
  /** The note records, for reports (check:vault) and tests. */
  notes: NoteRecord[]
  attachments: Attachment[]
  problems: Problem[]
  /** Slug → group of each protected note (stages/access.ts): the root's `access`. */
  access?: Record<string, string>
  /** Served path → groups of each protected attachment (stages/access.ts): the root's `files`. */
  files?: Record<string, string[]>
}

export interface AssembleSettings {
  /** Single newlines are line breaks (the vault's `.obsidian/app.json`). */
  breaks: boolean
  /** Where this build's site assets are served: `/_hyphae/<version>`. */
  assets: string
  /** The site's name from the vault's settings (site-options.ts): before the home note's. */
  title?: string
  /** The vault folder's name: the site's name when nothing else gives one. */
  vaultName?: string
  /** The vault's Publish settings for the site's look (logo, theme, parts turned off). */
  options?: SiteOptions
}

/** Publish's navigation order as slugs: each path a note's or a folder's (its notes' folder). */
function navigationOf(
  paths: readonly string[] | undefined,
  notes: readonly ResolvedNote[],
): Pick<SiteLook, 'navigation'> {
  if (!paths?.length) return {}
  const byPath = new Map(notes.map((note) => [note.path.toLowerCase(), note.slug as string]))
  const navigation = paths.flatMap((path) => {
    const clean = path.replace(/^\/+|\/+$/g, '').toLowerCase()
    const note = byPath.get(clean) ?? byPath.get(`${clean}.md`)
    return (
      note ??
      (notes.some((candidate) => candidate.path.toLowerCase().startsWith(`${clean}/`))
        ? [slugFromPath(`${path}/index.md`)]
        : [])
    )
  })
  return navigation.length ? { navigation } : {}
}

/** The site's look: the logo and the vault's publish.css / publish.js found among its attachments. */
function siteLook(
  options: SiteOptions | undefined,
  attachments: readonly Attachment[],
  notes: readonly ResolvedNote[],
): SiteLook | undefined {
  const href = (path: string) => {
    const clean = path.replace(/^\/+/, '').toLowerCase()
    const file = attachments.find((candidate) => candidate.path.toLowerCase() === clean)
    return file ? `/${file.to.split('/').map(encodeURIComponent).join('/')}` : undefined
  }
  const look: SiteLook = {
    ...(options?.logo && href(options.logo) ? { logo: href(options.logo)! } : {}),
    ...(options?.theme ? { theme: options.theme } : {}),
    ...(options?.hide.length ? { hide: options.hide } : {}),
    ...(href('publish.css') ? { css: href('publish.css')! } : {}),
    ...(href('publish.js') ? { js: href('publish.js')! } : {}),
    ...navigationOf(options?.navigation, notes),
  }
  return Object.keys(look).length ? look : undefined
}

function sha256(parts: readonly string[]): string {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part)
  return hash.digest('hex').slice(0, 32)
}

/** Hashes and long notes' HTML of the build before (stages/memo.ts): a rebuild redoes only what changed. */
const hashes = new Memo<string>()
/** The graph record's JSON, by the record graphRecord gave (the same object while the links stay the same). */
const graphJsons = new WeakMap<object, string>()
const bodies = new Memo<string>()

/** The hash of `parts`, remembered under `key` (an entry's key and what part of it). */
function hashOf(key: string, ...parts: string[]): string {
  return hashes.get(key, parts, () => sha256(parts))
}

/** The record kinds a view's notes are stored as: the public `n:`/`h:`, or a protected group's `p:`/`q:`. */
interface NoteKinds {
  note: typeof RECORDS.note
  html: typeof RECORDS.noteHtml
}

const PUBLIC_KINDS: NoteKinds = { note: RECORDS.note, html: RECORDS.noteHtml }
const PROTECTED_KINDS: NoteKinds = { note: RECORDS.protectedNote, html: RECORDS.protectedHtml }

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
 * it showed (or the same absence), the same group and settings. Canvases are drawn into the records of the notes that show them, so a vault with
 * canvases assembles every note again.
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
function noteEntries(
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
  // Each note's place in the vault's list, by its slug: its record (`all`), its own embeds (`bases`).
  const indexOf = new Map(bases.map((record, i) => [record.slug as string, i]))
  const recordAt = (slug: string) => {
    const i = indexOf.get(slug)
    return i === undefined ? undefined : all[i]
  }
  const directEmbeds = (slug: Slug) => {
    const i = indexOf.get(slug)
    return i === undefined ? [] : bases[i]!.embeds
  }
  const memory = madeNotes.get(kinds)!
  const kept = new Map<number, MadeNote>()
  if (reusable)
    for (const i of chosen) {
      const made = madeBeforeFor(memory.get(bases[i]!), recordAt, access, settings.breaks)
      if (made) kept.set(i, made)
    }
  // Each note made again gets its own copy of its record (the loops below set its embeds, HTML, access).
  const fresh = chosen.filter((i) => !kept.has(i))
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
  for (const record of records) {
    if (record.body.length < PRERENDER_FROM || record.html !== undefined) continue
    const embedded = new Map(
      record.embeds.flatMap((slug) => {
        const shown = recordAt(slug)
        return shown ? [[slug, shown] as const] : []
      }),
    )
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
    record.html = bodies.get(kinds.html.key(record.slug), inputs, () =>
      renderNote(record, embedded, { breaks: settings.breaks }),
    )
  }
  // The formulas' HTML leaves the record (it is packed beside it, once a pack) but not its hash.
  /** Each note made again, by its place: all of its MadeNote but the entry (whose hash needs every note's own hash) and its JSON. */
  const made = new Map<number, Omit<MadeNote, 'entry'> & { json: string }>()
  fresh.forEach((i, k) => {
    const record = records[k]!
    const typeset = new Map(record.math.map((key) => [key, record.prerendered[key]!]))
    // A long note's HTML is a text record of its own beside it (RECORDS.noteHtml), not JSON inside it.
    // (Object rest is slow over 10,000 records: only the few with HTML are copied.)
    const { html } = record
    const stored: Omit<NoteRecord, 'html'> = html === undefined ? record : (({ html: _, ...rest }) => rest)(record)
    const json = encodedOf(kinds.note, stored, () => {
      const prerendered = Object.fromEntries(Object.entries(record.prerendered).filter(([key]) => !typeset.has(key)))
      return kinds.note.encode({ ...stored, prerendered })
    })
    const hash = hashOf(`${kinds.note.key(record.slug)} own`, json, ...typeset.values(), html ?? '')
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
    return (kept.get(i) ?? made.get(i))?.own ?? hashOf(`${slug} embedded`, JSON.stringify(all[i]))
  }
  const formulas = new Map<string, Map<string, string>>()
  const published: NoteRecord[] = []
  const entries: PackEntry[] = []
  const htmlEntries: PackEntry[] = []
  for (const i of chosen) {
    let note = kept.get(i)
    if (!note) {
      const { json, ...parts } = made.get(i)!
      const { record } = parts
      const key = kinds.note.key(record.slug)
      const hash = record.embeds.length ? hashOf(key, [parts.own, ...record.embeds.map(ownHash)].join('\n')) : parts.own
      note = { ...parts, entry: { key, json, hash } }
      if (reusable) memory.set(note.base, note)
    }
    published.push(note.record)
    entries.push(note.entry)
    if (note.html) htmlEntries.push(note.html)
    if (note.typeset.size) formulas.set(note.entry.key, note.typeset)
  }
  entries.push(...htmlEntries)
  return { records: published, entries, formulas }
}

/**
 * A group's protected notes, from that group's view of the vault (stages/access.ts): `p:` and `q:`
 * records, each marked with its group, for the protected packs.
 */
export function assembleProtected(
  view: ResolvedVault,
  group: string,
  groups: ReadonlyMap<Slug, string>,
  settings: AssembleSettings,
  canvases: ReadonlyMap<string, Canvas> = new Map(),
): { entries: PackEntry[]; formulas: Map<string, Map<string, string>> } {
  const mine = (note: { slug: Slug }) => groups.get(note.slug) === group
  const { entries, formulas } = noteEntries(view, settings, canvases, PROTECTED_KINDS, { only: mine, access: group })
  return { entries, formulas }
}

export function assembleSite(
  resolved: ResolvedVault,
  settings: AssembleSettings,
  canvases: ReadonlyMap<string, Canvas> = new Map(),
): AssembledSite {
  hashes.rotate()
  bodies.rotate()
  const tagsNow = new Map<string, { tag: string; notes: readonly Backlink[]; text: string }>()
  encodedBefore = encodedNow
  encodedNow = new Map()
  const { records, entries, formulas } = noteEntries(resolved, settings, canvases, PUBLIC_KINDS)
  const add = (key: string, text: string) => entries.push({ key, json: text, hash: hashOf(key, text) })
  const { tags, tagIndex } = collectTags(records)
  for (const tag of tags) {
    const key = RECORDS.tag.key(tagPath(tag.tag))
    const before = tagsBefore.get(key)
    const same =
      before?.notes === tag.notes ||
      (before?.tag === tag.tag &&
        before.notes.length === tag.notes.length &&
        before.notes.every((note, i) => note.slug === tag.notes[i]!.slug && note.title === tag.notes[i]!.title))
    const text = same ? before!.text : RECORDS.tag.encode(tag)
    tagsNow.set(key, { tag: tag.tag, notes: tag.notes, text })
    add(key, text)
  }
  tagsBefore = tagsNow
  add(RECORDS.tagIndex.key(''), RECORDS.tagIndex.encode(tagIndex))
  const home = resolved.notes.find((note) => note.slug === HOME_SLUG)
  const entry = (key: string, text: string) => ({ key, json: text, hash: hashOf(key, text) })
  // Without a home note the worker draws `/` from the root folder's record (src/pages/HomePage.tsx).
  const folders = listed.folders.get(records, [!home], () =>
    collectFolders(records, { root: !home }).map((folder) =>
      entry(RECORDS.folder.key(slugFromPath(`${folder.path}/index.md`)), RECORDS.folder.encode(folder)),
    ),
  )
  const redirects = listed.redirects.get(resolved.notes, [], () =>
    collectRedirects(resolved.notes).map((redirect) =>
      entry(RECORDS.redirect.key(redirect.from), RECORDS.redirect.encode(redirect)),
    ),
  )
  const noteIndex = listed.noteIndex.get(records, [], () =>
    entry(RECORDS.noteIndex.key(''), RECORDS.noteIndex.encode(collectNoteIndex(records))),
  )
  entries.push(...folders, ...redirects, noteIndex)
  const sources = resolved.notes.map((note, i) => {
    const { slug, title, tags } = records[i]!
    return { slug, title, tags, terms: note.terms }
  })
  // A term's record the index gives again (the same object) keeps its JSON and hash: no lookup by text.
  for (const [term, postings] of searchIndex.update(sources)) {
    let entry = searchEntries.get(postings)
    if (!entry) {
      const json = RECORDS.search.encode(postings)
      entry = { key: RECORDS.search.key(term), json, hash: sha256([json]) }
      searchEntries.set(postings, entry)
    }
    entries.push(entry)
  }
  const look = siteLook(settings.options, resolved.attachments, resolved.notes)
  const words = uiStrings(settings.options?.lang)
  const graph = listed.graph.get(records, [], () =>
    graphRecord(
      records.map(({ slug, path, title, outlinks }) => ({
        slug,
        path,
        title,
        links: outlinks.map((link) => link.slug),
      })),
    ),
  )
  // The same graph (a rebuild whose links did not change) is the same record: its JSON is kept.
  let graphJson = graphJsons.get(graph)
  if (graphJson === undefined) {
    graphJson = RECORDS.graph.encode(graph)
    graphJsons.set(graph, graphJson)
  }
  add(RECORDS.graph.key(''), graphJson)
  return {
    entries,
    formulas,
    site: listed.site.get(records, [home?.title, home?.data.site, JSON.stringify(settings), JSON.stringify(look)], () =>
      siteRecord(records, home, { ...settings, look, lang: settings.options?.lang }),
    ),
    explorer: look?.hide?.includes('navigation')
      ? ''
      : listed.explorer.get(records, [JSON.stringify(look?.navigation), settings.options?.lang], () =>
          explorerHtml(records, look?.navigation, words),
        ),
    notes: records,
    attachments: resolved.attachments,
    problems: resolved.problems,
  }
}

/**
 * The lists made from every note, each kept while the fields it lists stay the same (ListedMemo):
 * folder pages (paths, titles), redirects (paths, aliases), the note index (titles, dates,
 * descriptions), the graph (titles, links), the site record (its ten newest notes), the explorer.
 */
const listed = {
  folders: new ListedMemo<NoteRecord, PackEntry[]>(['slug', 'path', 'title']),
  redirects: new ListedMemo<ResolvedNote, PackEntry[]>(['slug', 'path', 'aliases']),
  noteIndex: new ListedMemo<NoteRecord, PackEntry>(['slug', 'title', 'date', 'modified', 'description']),
  graph: new ListedMemo<NoteRecord, ReturnType<typeof graphRecord>>(['slug', 'path', 'title', 'outlinks']),
  site: new ListedMemo<NoteRecord, SiteRecord>(['slug', 'title', 'date', 'modified']),
  explorer: new ListedMemo<NoteRecord, string>(['slug', 'path', 'title']),
}

/** Each tag page's JSON in the build before, with the notes it listed. */
let tagsBefore = new Map<string, { tag: string; notes: readonly Backlink[]; text: string }>()

/** The search index, kept from build to build: a rebuild changes the terms of the notes that changed. */
const searchIndex = new SearchIndex()
/** Each search record's entry, for as long as the index gives the same record. */
const searchEntries = new WeakMap<object, PackEntry>()

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

function sameFields(a: object, b: object): boolean {
  const first = a as Record<string, unknown>
  const second = b as Record<string, unknown>
  const keys = Object.keys(first)
  if (keys.length !== Object.keys(second).length) return false
  return keys.every((key) => {
    const x = first[key]
    const y = second[key]
    // A list made again each build (the transitive embeds) is the same when its items are.
    return x === y || (Array.isArray(x) && Array.isArray(y) && sameItems(x, y))
  })
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
