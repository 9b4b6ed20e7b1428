/**
 * Stage 4, assemble: resolved notes → the records the worker reads (src/core/records.ts), each
 * with its key, its JSON and its hash: the notes' own (stages/note-entries.ts), then the lists made
 * from them (tags, folders, redirects, the note index, search, the graph, the site, the explorer).
 */
import type { GraphRecord } from '../../src/core/graph.ts'
import { tagPath } from '../../src/core/markdown/tag.ts'
import type { PackEntry } from '../../src/core/pack.ts'
import type { Backlink, NoteRecord, SiteLook, SiteRecord } from '../../src/core/records.ts'
import { RECORDS } from '../../src/core/records.ts'
import type { Slug } from '../../src/core/slug.ts'
import { HOME_SLUG, slugFromPath } from '../../src/core/slug.ts'
import { uiStrings } from '../../src/pages/strings.ts'
import type { Canvas } from '../canvas/read-canvas.ts'
import { startGraph } from '../graph/in-thread.ts'
import { SearchIndex } from '../search-index.ts'
import { explorerHtml } from './explorer.ts'
import { collectFolders, collectNoteIndex, collectRedirects, collectTags, siteRecord } from './lists.ts'
import { ListedMemo } from './memo.ts'
import { hashOf, noteEntries, PROTECTED_KINDS, PUBLIC_KINDS, sha256, startNoteEntries } from './note-entries.ts'
import type { Problem } from './read.ts'
import type { Attachment, ResolvedNote, ResolvedVault } from './resolve.ts'
import type { SiteOptions } from './site-options.ts'

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
  startNoteEntries()
  // The graph is laid out on a thread of its own while the notes are assembled (scripts/graph/in-thread.ts).
  const takeGraph = listed.graph.get(resolved.notes, [], () =>
    startGraph(
      resolved.notes.map(({ slug, path, title, outlinks }) => ({
        slug,
        path,
        title,
        links: outlinks.map((link) => link.slug),
      })),
    ),
  )
  const tagsNow = new Map<string, { tag: string; notes: readonly Backlink[]; text: string }>()
  const { records, entries, formulas } = noteEntries(resolved, settings, canvases, PUBLIC_KINDS)
  const entry = (key: string, text: string) => ({ key, json: text, hash: hashOf(key, text) })
  const add = (key: string, text: string) => entries.push(entry(key, text))
  // Each public note's search text (made where it was parsed), beside it: what its search results show.
  for (const note of resolved.notes) {
    let text = searchTexts.get(note)
    if (!text) {
      text = entry(RECORDS.searchText.key(note.slug), note.searchText)
      searchTexts.set(note, text)
    }
    entries.push(text)
  }
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
  const graph = takeGraph()
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

/** The graph record's JSON, by the record graphRecord gave (the same object while the links stay the same). */
const graphJsons = new WeakMap<object, string>()

/**
 * The lists made from every note, each kept while the fields it lists stay the same (ListedMemo):
 * folder pages (paths, titles), redirects (paths, aliases), the note index (titles, dates,
 * descriptions), the graph (titles, links), the site record (its ten newest notes), the explorer.
 */
const listed = {
  folders: new ListedMemo<NoteRecord, PackEntry[]>(['slug', 'path', 'title']),
  redirects: new ListedMemo<ResolvedNote, PackEntry[]>(['slug', 'path', 'aliases']),
  noteIndex: new ListedMemo<NoteRecord, PackEntry>(['slug', 'title', 'date', 'modified', 'description']),
  graph: new ListedMemo<ResolvedNote, () => GraphRecord>(['slug', 'path', 'title', 'outlinks']),
  site: new ListedMemo<NoteRecord, SiteRecord>(['slug', 'title', 'date', 'modified']),
  explorer: new ListedMemo<NoteRecord, string>(['slug', 'path', 'title']),
}

/** Each tag page's JSON in the build before, with the notes it listed. */
let tagsBefore = new Map<string, { tag: string; notes: readonly Backlink[]; text: string }>()

/** Each note's `x:` entry, for as long as it is the same resolved note (a rebuild makes it again only for the notes that changed). */
const searchTexts = new WeakMap<ResolvedNote, PackEntry>()

/** The search index, kept from build to build: a rebuild changes the terms of the notes that changed. */
const searchIndex = new SearchIndex()
/** Each search record's entry, for as long as the index gives the same record. */
const searchEntries = new WeakMap<object, PackEntry>()
