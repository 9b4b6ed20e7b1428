/**
 * The lists a garden shows beside its notes, made from the note records: folder pages, tag pages
 * and the tag index, old URLs (redirects), the list of every note, and the site record.
 * Part of stage 4 (scripts/stages/assemble.ts).
 */
import { tagPath } from '../../src/core/markdown/tag.ts'
import type {
  FolderRecord,
  NoteIndexRecord,
  NoteRecord,
  RedirectRecord,
  SiteLook,
  SiteRecord,
  TagIndexRecord,
  TagRecord,
} from '../../src/core/records.ts'
import { RECORD_VERSION } from '../../src/core/records.ts'
import type { Slug } from '../../src/core/slug.ts'
import { HOME_SLUG, slugFromPath } from '../../src/core/slug.ts'
import { ListedMemo, sameItems } from './memo.ts'
import { optionalString } from './parse.ts'
import type { ResolvedNote } from './resolve.ts'
import { byTitle } from './resolve.ts'

/** The records by title (ties in their own order): the order of every list of notes below. */
function inTitleOrder(records: readonly NoteRecord[]): NoteRecord[] {
  const titles = records.map((record) => record.title)
  const before = lastOrder
  // A rebuild whose titles are the same (most saves) keeps the order: 10,000 collations spared.
  const order =
    before && sameItems(before.titles, titles)
      ? before.order
      : titles.map((_, i) => i).sort((a, b) => byTitle.compare(titles[a]!, titles[b]!) || a - b)
  lastOrder = { titles, order }
  return order.map((i) => records[i]!)
}
let lastOrder: { titles: string[]; order: number[] } | undefined

/**
 * Folder pages: every folder holding notes, with its notes and subfolders, by path. With `root`,
 * the vault's top level too (path `""`, slug `index`): the generated home page's folders and notes.
 */
export function collectFolders(records: readonly NoteRecord[], { root = false } = {}): FolderRecord[] {
  const folders = new Map<string, FolderRecord>()
  const folderOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('/')))
  const get = (path: string) => {
    let folder = folders.get(path)
    if (!folder) {
      folder = { v: RECORD_VERSION, path, notes: [], folders: [] }
      folders.set(path, folder)
    }
    return folder
  }
  const slugs = new Map<string, Slug>()
  const folderSlug = (path: string) => {
    const slug = slugs.get(path) ?? slugFromPath(`${path}/index.md`)
    slugs.set(path, slug)
    return slug
  }
  if (root) get('')
  for (const record of records) {
    let path = folderOf(record.path)
    for (let parent = folderOf(path); path; path = parent, parent = folderOf(path)) {
      const slug = folderSlug(path)
      const siblings = parent || root ? get(parent).folders : []
      if ((parent || root) && !siblings.some((folder) => folder.slug === slug))
        siblings.push({ slug, name: path.slice(path.lastIndexOf('/') + 1) })
      get(path)
    }
  }
  // In title order, so each folder's notes are listed by title as they are added.
  for (const record of inTitleOrder(records)) {
    const path = folderOf(record.path)
    if (path || root) get(path).notes.push({ slug: record.slug, title: record.title })
  }
  for (const folder of folders.values()) folder.folders.sort((a, b) => byTitle.compare(a.name, b.name))
  return [...folders.values()]
}

/** The URLs a note could be asked by (its path's, its path-like aliases'), for as long as it is the same note. */
const oldUrls = new WeakMap<ResolvedNote, string[]>()

/**
 * Old URLs that answer 301 to a note: its path when a permalink moved it (Y14), and every alias
 * that holds a path (`Guides/Making friends`, D07; a bare-name alias is not enough).
 */
export function collectRedirects(notes: Iterable<ResolvedNote>): RedirectRecord[] {
  const notesBySlug = new Map([...notes].map((note) => [note.slug as string, note]))
  const redirects = new Map<string, RedirectRecord>()
  for (const note of notesBySlug.values()) {
    const from = oldUrls.get(note) ?? [
      slugFromPath(note.path) as string,
      ...note.aliases.filter((alias) => alias.includes('/')).map((alias) => slugFromPath(`${alias}.md`) as string),
    ]
    oldUrls.set(note, from)
    for (const slug of from) {
      if (!notesBySlug.has(slug) && !redirects.has(slug))
        redirects.set(slug, { v: RECORD_VERSION, from: slug as Slug, to: note.slug })
    }
  }
  return [...redirects.values()]
}

/** Tag pages: a note tagged `a/b` is listed under `a/b` and under `a` (OFM-SPEC T07). */
export function collectTags(records: readonly NoteRecord[]): { tags: TagRecord[]; tagIndex: TagIndexRecord } {
  // A rebuild whose notes have the same slugs, titles and tag lists (a save of a note's text) lists the same tags.
  return listedTags.get(records, [], () => tagsOf(records))
}
const listedTags = new ListedMemo<NoteRecord, ReturnType<typeof tagsOf>>(['slug', 'title', 'tags'])

function tagsOf(records: readonly NoteRecord[]): { tags: TagRecord[]; tagIndex: TagIndexRecord } {
  const byPath = new Map<string, TagRecord>()
  const listed = new Map<TagRecord, Set<Slug>>()
  // In title order, so each tag's notes are listed by title as they are added.
  for (const record of inTitleOrder(records)) {
    for (const tag of record.tags) {
      const parts = tag.split('/').filter(Boolean)
      for (let depth = 1; depth <= parts.length; depth += 1) {
        const name = parts.slice(0, depth).join('/')
        const path = tagPath(name)
        const entry = byPath.get(path) ?? { v: RECORD_VERSION, tag: name, notes: [] }
        const seen = listed.get(entry) ?? new Set<Slug>()
        if (!seen.has(record.slug)) entry.notes.push({ slug: record.slug, title: record.title })
        seen.add(record.slug)
        listed.set(entry, seen)
        byPath.set(path, entry)
      }
    }
  }
  const tags = [...byPath.values()].sort((a, b) => (a.tag.toLowerCase() < b.tag.toLowerCase() ? -1 : 1))
  return { tags, tagIndex: { v: RECORD_VERSION, tags: tags.map((tag) => ({ tag: tag.tag, count: tag.notes.length })) } }
}

/** The `notes` record: every note's slug, title, date and description (sitemap, feed, llms.txt). */
export function collectNoteIndex(records: readonly NoteRecord[]): NoteIndexRecord {
  return {
    v: RECORD_VERSION,
    notes: records.map((note) => {
      const date = note.modified ?? note.date
      return {
        slug: note.slug,
        title: note.title,
        ...(date ? { date } : {}),
        ...(note.description ? { description: note.description } : {}),
      }
    }),
  }
}

/** The site record: named by the vault's settings, else the home note's `site` or title, else the vault; the ten newest notes. */
export function siteRecord(
  records: readonly NoteRecord[],
  home: ResolvedNote | undefined,
  settings: {
    breaks: boolean
    assets: string
    title?: string
    vaultName?: string
    look?: SiteLook | undefined
    lang?: string | undefined
  },
): SiteRecord {
  return {
    v: RECORD_VERSION,
    ...(settings.lang ? { lang: settings.lang } : {}),
    ...(settings.look ? { look: settings.look } : {}),
    title: settings.title ?? optionalString(home?.data.site) ?? home?.title ?? settings.vaultName ?? 'hyphae',
    notes: records.length,
    assets: settings.assets,
    breaks: settings.breaks,
    recent: records
      .filter((record) => record.slug !== HOME_SLUG && (record.modified ?? record.date))
      .sort((a, b) => ((b.modified ?? b.date)! < (a.modified ?? a.date)! ? -1 : 1))
      .slice(0, 10)
      .map((record) => ({ slug: record.slug, title: record.title, date: (record.modified ?? record.date)! })),
  }
}
