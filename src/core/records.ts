/**
 * The record registry: every kind of record the build writes and the worker reads, with its key,
 * its encoder and its version-checked decoder. Records live inside packs (src/core/pack.ts); a
 * record's key says which pack holds it (src/core/root.ts). Each record carries `v`: the worker
 * checks the shape of what it reads instead of trusting a cast (a record written by an older build
 * is treated as corrupt, never half-rendered).
 */
import { parseGraphRecord } from './graph.ts'
import { parseSearchPostings } from './search.ts'
import type { Slug } from './slug.ts'
import { parseSlug } from './slug.ts'

export const RECORD_VERSION = 2

/** Where a wikilink, embed or markdown link points, resolved at build time. */
export interface LinkTarget {
  /** A note's slug, or an attachment's served path without the leading `/`. */
  to: string
  /** `note` or `file` (an attachment served from static assets). */
  kind: 'note' | 'file'
  /** Element id inside the target note: a heading id or `^blockid`. */
  anchor?: string
  /** A protected note this page's readers may not see (scripts/stages/access.ts): a locked link, nothing of the note. */
  locked?: true
}

/** A note that links here, as the backlinks list shows it. */
export interface Backlink {
  slug: Slug
  title: string
  /** The linking note's text around the link (plain text, short). */
  context?: string
}

/** A heading of the note's own body, for the table of contents. */
export interface TocEntry {
  depth: number
  id: string
  text: string
}

/** `n:<slug>`: everything the worker needs to render one note. */
export interface NoteRecord {
  v: typeof RECORD_VERSION
  slug: Slug
  /** Path inside the vault, as the writer sees it: `thoughts/Alignment.md`. */
  path: string
  title: string
  description?: string
  /** ISO 8601 date (or date-time) strings where the frontmatter held a parseable date. */
  date?: string
  modified?: string
  /** Social preview image (frontmatter `image` or `cover`): an absolute URL or an attachment's path. */
  image?: string
  tags: string[]
  aliases: string[]
  /** The frontmatter as JSON (dates as ISO strings). */
  frontmatter: Record<string, unknown>
  /** The markdown body, frontmatter removed. */
  body: string
  /** Every link and embed target of the body, keyed by its text as written (`Note#Heading`); null = broken. */
  links: Record<string, LinkTarget | null>
  /** Slugs of every note this page shows through embeds (and their embeds), fetched together with it. */
  embeds: Slug[]
  /** HTML made at build time, keyed by src/core/hash.ts: typeset formulas, highlighted code, diagram links. */
  prerendered: Record<string, string>
  /**
   * Keys of the formulas it shows. Their KaTeX HTML is stored once per pack, beside the notes that
   * use it (`m:<key>` records); the reader puts it into `prerendered` (src/notes.ts).
   */
  math: string[]
  /** Its h2 and h3 headings with their ids, for the table of contents. */
  toc: TocEntry[]
  /** The page (the note or a note it transcludes) shows KaTeX math: it needs the KaTeX stylesheet. */
  hasMath: boolean
  /** The page shows Mermaid diagrams: it needs the diagram script. */
  hasDiagrams: boolean
  backlinks: Backlink[]
  /** The notes this one links to (for the local graph), at most 40. */
  outlinks: Backlink[]
  /** Words in the body, for the reading time. */
  words: number
  /** The description with its wikilinks as links, when it has any (the meta tags use `description`, plain). */
  descriptionHtml?: string
  /**
   * The rendered body, for notes long enough that the build renders them (scripts/stages/assemble.ts).
   * Stored apart, as an `h:` record in the note's pack; the reader puts it here (src/notes.ts).
   */
  html?: string
  /** A protected note's group (`p:` records only): the worker shows it to that group's readers alone. */
  access?: string
}

/** The small record every page needs; it lives in the root (src/core/root.ts). */
export interface SiteRecord {
  v: typeof RECORD_VERSION
  title: string
  /** Notes published, for the footer. */
  notes: number
  /** Where this build's site assets (CSS, scripts, KaTeX) are served: `/_hyphae/<version>`. */
  assets: string
  /** The newest notes (by modified, else published date), for the home page and the feed. */
  recent: (Backlink & { date?: string })[]
  /** Render single newlines as line breaks: the vault's `.obsidian/app.json` has `"strictLineBreaks": false`. */
  breaks: boolean
  /** How the site looks, as the vault's Publish settings say (scripts/stages/site-options.ts). */
  look?: SiteLook
  /** The vault's language (`hyphae.json` `"lang"`, BCP 47): `<html lang>`, dates and the interface's words. */
  lang?: string
}

/** The site's own look: logo, default theme, parts of a page turned off, the vault's publish.css and .js. */
export interface SiteLook {
  /** The logo's URL. */
  logo?: string
  theme?: 'light' | 'dark'
  hide?: ('outline' | 'backlinks' | 'search' | 'themeToggle' | 'navigation')[]
  /** `/publish.css`, applied after the site's stylesheet. */
  css?: string
  /** `/publish.js`, run when the vault opted in. */
  js?: string
  /** The slugs, in order, that Publish's `navigationOrdering` lists first, for the explorer. */
  navigation?: string[]
}

/** `t:<tag path>`: the notes carrying a tag or one nested under it (OFM-SPEC T07). */
export interface TagRecord {
  v: typeof RECORD_VERSION
  /** The tag as first written: `ai/Safety`. */
  tag: string
  notes: Backlink[]
}

/** `tags`: every tag, for the tag index. */
export interface TagIndexRecord {
  v: typeof RECORD_VERSION
  tags: { tag: string; count: number }[]
}

/** `notes`: every published note, for the sitemap and llms.txt. */
export interface NoteIndexRecord {
  v: typeof RECORD_VERSION
  notes: { slug: Slug; title: string; date?: string; description?: string }[]
}

function parseNoteIndexRecord(value: unknown): NoteIndexRecord | undefined {
  if (!isObject(value) || value.v !== RECORD_VERSION || !Array.isArray(value.notes)) return undefined
  return value.notes.every(isBacklink) ? (value as unknown as NoteIndexRecord) : undefined
}

/** `f:<slug>`: a folder's notes and subfolders, for its page. */
export interface FolderRecord {
  v: typeof RECORD_VERSION
  /** The folder's path as the writer named it: `Projects/2024`. */
  path: string
  notes: Backlink[]
  folders: { slug: Slug; name: string }[]
}

function parseFolderRecord(value: unknown): FolderRecord | undefined {
  if (!isObject(value) || value.v !== RECORD_VERSION) return undefined
  const ok =
    typeof value.path === 'string' &&
    Array.isArray(value.notes) &&
    value.notes.every(isBacklink) &&
    Array.isArray(value.folders)
  return ok ? (value as unknown as FolderRecord) : undefined
}

/**
 * `x:<slug>`: what a search result shows of a note, its title and its text as a reader sees it
 * (plainBody), beside the note in its pack: a result's snippet costs neither the note's whole
 * record nor stripping its markdown while the reader waits.
 */
export interface SearchTextRecord {
  v: typeof RECORD_VERSION
  title: string
  text: string
}

/** `r:<slug>`: an old URL of a note (its path before a `permalink`, or a path alias). */
export interface RedirectRecord {
  v: typeof RECORD_VERSION
  from: Slug
  to: Slug
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string'
}

function isLinkTarget(value: unknown): value is LinkTarget | null {
  if (value === null) return true
  return (
    isObject(value) &&
    typeof value.to === 'string' &&
    (value.kind === 'note' || value.kind === 'file') &&
    isOptionalString(value.anchor) &&
    (value.locked === undefined || value.locked === true)
  )
}

function isBacklink(value: unknown): value is Backlink {
  return (
    isObject(value) &&
    typeof value.slug === 'string' &&
    parseSlug(value.slug) !== undefined &&
    typeof value.title === 'string' &&
    isOptionalString(value.context)
  )
}

/** Validates a parsed `note:` record; undefined when it is not one this worker can render. */
export function parseNoteRecord(value: unknown): NoteRecord | undefined {
  if (!isObject(value) || value.v !== RECORD_VERSION) return undefined
  const ok =
    typeof value.slug === 'string' &&
    parseSlug(value.slug) !== undefined &&
    typeof value.path === 'string' &&
    typeof value.title === 'string' &&
    isOptionalString(value.description) &&
    isOptionalString(value.date) &&
    isOptionalString(value.modified) &&
    isOptionalString(value.image) &&
    isStringArray(value.tags) &&
    isStringArray(value.aliases) &&
    isObject(value.frontmatter) &&
    typeof value.body === 'string' &&
    isObject(value.links) &&
    Object.values(value.links).every(isLinkTarget) &&
    isStringArray(value.embeds) &&
    isStringArray(value.math) &&
    Array.isArray(value.toc) &&
    typeof value.hasMath === 'boolean' &&
    typeof value.hasDiagrams === 'boolean' &&
    isObject(value.prerendered) &&
    Object.values(value.prerendered).every((html) => typeof html === 'string') &&
    value.embeds.every((slug) => parseSlug(slug) !== undefined) &&
    Array.isArray(value.backlinks) &&
    value.backlinks.every(isBacklink) &&
    Array.isArray(value.outlinks) &&
    value.outlinks.every(isBacklink) &&
    typeof value.words === 'number' &&
    isOptionalString(value.html) &&
    isOptionalString(value.descriptionHtml) &&
    isOptionalString(value.access)
  return ok ? (value as unknown as NoteRecord) : undefined
}

/** Validates a parsed `site` record. */
export function parseSiteRecord(value: unknown): SiteRecord | undefined {
  if (!isObject(value) || value.v !== RECORD_VERSION) return undefined
  const ok =
    typeof value.title === 'string' &&
    typeof value.notes === 'number' &&
    typeof value.assets === 'string' &&
    typeof value.breaks === 'boolean' &&
    Array.isArray(value.recent) &&
    value.recent.every(isBacklink)
  return ok ? (value as unknown as SiteRecord) : undefined
}

function parseTagRecord(value: unknown): TagRecord | undefined {
  if (!isObject(value) || value.v !== RECORD_VERSION) return undefined
  const ok = typeof value.tag === 'string' && Array.isArray(value.notes) && value.notes.every(isBacklink)
  return ok ? (value as unknown as TagRecord) : undefined
}

function parseTagIndexRecord(value: unknown): TagIndexRecord | undefined {
  if (!isObject(value) || value.v !== RECORD_VERSION || !Array.isArray(value.tags)) return undefined
  const ok = value.tags.every(
    (entry) => isObject(entry) && typeof entry.tag === 'string' && typeof entry.count === 'number',
  )
  return ok ? (value as unknown as TagIndexRecord) : undefined
}

function parseSearchTextRecord(value: unknown): SearchTextRecord | undefined {
  if (!isObject(value) || value.v !== RECORD_VERSION) return undefined
  return typeof value.title === 'string' && typeof value.text === 'string'
    ? (value as unknown as SearchTextRecord)
    : undefined
}

function parseRedirectRecord(value: unknown): RedirectRecord | undefined {
  if (!isObject(value) || value.v !== RECORD_VERSION) return undefined
  const ok = typeof value.from === 'string' && typeof value.to === 'string' && parseSlug(value.to) !== undefined
  return ok ? (value as unknown as RedirectRecord) : undefined
}

/**
 * Which packs hold a kind: `notes` packs are chosen by a hash of the record's id (a note, its old
 * URLs and its folder page share one pack, so a missing note is answered from one read); `index`
 * holds the lists of everything; `search` packs are chosen by a hash of the term; `local` records
 * (formulas) are stored in every pack whose notes use them, and read from the note's own pack;
 * `protected` packs hold protected notes alone (scripts/stages/access.ts), read only after the
 * reader's session is checked (src/access.ts), so no public route ever reads one.
 */
type PackGroup = 'notes' | 'index' | 'search' | 'local' | 'protected'

export interface RecordKind<T> {
  /** The start of this kind's keys: `n:` + a slug. A singleton's whole key. */
  prefix: string
  group: PackGroup
  key: (id: string) => string
  encode: (record: T) => string
  /** The record, or undefined when the JSON is not a record of this kind and version. */
  decode: (json: string) => T | undefined
}

function kind<T>(prefix: string, group: PackGroup, parse: (value: unknown) => T | undefined): RecordKind<T> {
  return {
    prefix,
    group,
    key: (id) => prefix + id,
    encode: (record) => JSON.stringify(record),
    decode: (json) => {
      try {
        return parse(JSON.parse(json))
      } catch {
        return undefined
      }
    },
  }
}

/**
 * A record stored as its own text, not JSON: a long note's rendered body. Nothing to escape when
 * the build writes it, nothing to parse when a page reads it.
 */
function textKind(prefix: string, group: PackGroup): RecordKind<string> {
  return { prefix, group, key: (id) => prefix + id, encode: (text) => text, decode: (text) => text }
}

/** Every kind of record, the one place their keys are made. */
export const RECORDS = {
  note: kind('n:', 'notes', parseNoteRecord),
  /** `h:<slug>`: the body a long note renders to at build time (NoteRecord.html), beside the note in its pack. */
  noteHtml: textKind('h:', 'notes'),
  /** `x:<slug>`: a public note's title and plain text, for its search results' snippets, beside it. */
  searchText: kind('x:', 'notes', parseSearchTextRecord),
  redirect: kind('r:', 'notes', parseRedirectRecord),
  folder: kind('f:', 'notes', parseFolderRecord),
  tag: kind('t:', 'notes', parseTagRecord),
  tagIndex: kind('tags', 'index', parseTagIndexRecord),
  noteIndex: kind('notes', 'index', parseNoteIndexRecord),
  /** `graph`: the garden's graph as the build laid it out (scripts/graph/record.ts), drawn at /graph. */
  graph: kind('graph', 'index', parseGraphRecord),
  search: kind('s:', 'search', parseSearchPostings),
  /** `p:<slug>`: a protected note (NoteRecord with `access`), in a protected pack. */
  protectedNote: kind('p:', 'protected', parseNoteRecord),
  /** `q:<slug>`: a long protected note's body rendered at build time, beside it. */
  protectedHtml: textKind('q:', 'protected'),
  /** `m:<hash of TeX>`: a formula's KaTeX HTML, as its text (a page splices its bytes in), once a pack. */
  formula: textKind('m:', 'local'),
} as const

const KINDS: readonly Pick<RecordKind<unknown>, 'prefix' | 'group'>[] = Object.values(RECORDS)

/** The kind of a record key and the id after its prefix; undefined for a key no kind makes. */
export function kindOfKey(
  key: string,
): { kind: Pick<RecordKind<unknown>, 'prefix' | 'group'>; id: string } | undefined {
  for (const kind of KINDS) {
    if (kind.prefix.endsWith(':') ? key.startsWith(kind.prefix) : key === kind.prefix)
      return { kind, id: key.slice(kind.prefix.length) }
  }
  return undefined
}
