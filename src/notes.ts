/** The only code that reads KV. Every record is parsed and shape-checked before use. */
import type { FolderRecord, NoteIndexRecord, NoteRecord, SiteRecord, TagIndexRecord, TagRecord } from './core/record.ts'
import {
  folderKey,
  mathRecordKey,
  NOTE_INDEX_KEY,
  parseFolderRecord,
  parseNoteIndexRecord,
  noteKey,
  parseNoteRecord,
  parseRedirectRecord,
  redirectKey,
  parseSiteRecord,
  parseTagIndexRecord,
  parseTagRecord,
  SITE_KEY,
  TAG_INDEX_KEY,
  tagKey,
} from './core/record.ts'
import type { Slug } from './core/slug.ts'
import type { SearchShard } from './core/search.ts'
import { parseSearchShard, searchShardKey } from './core/search.ts'

/** A record that exists but cannot be rendered: logged with its key and answered with a 500 page. */
export class CorruptRecordError extends Error {
  readonly key: string
  constructor(key: string) {
    super(`KV record ${key} is not a valid version of its record type`)
    this.key = key
  }
}

export async function readNote(kv: KVNamespace, slug: Slug): Promise<NoteRecord | undefined> {
  const key = noteKey(slug)
  const value = await kv.get(key, 'text')
  if (value === null) return undefined
  return parseOrThrow(key, value, parseNoteRecord)
}

/** The site record; undefined before the first build has been uploaded. */
export async function readSite(kv: KVNamespace): Promise<SiteRecord | undefined> {
  const value = await kv.get(SITE_KEY, 'text')
  return value === null ? undefined : parseOrThrow(SITE_KEY, value, parseSiteRecord)
}

/** The KaTeX HTML of formulas, by key (NoteRecord.math), in bulk reads. A missing one is left out. */
export async function readMath(kv: KVNamespace, keys: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  for (let i = 0; i < keys.length; i += 100) {
    const values = await kv.get(keys.slice(i, i + 100).map(mathRecordKey), 'text')
    for (const [key, html] of values) if (html !== null) found.set(key.slice('math:'.length), html)
  }
  return found
}

/** The list of every note (sitemap, llms.txt). */
export async function readNoteIndex(kv: KVNamespace): Promise<NoteIndexRecord> {
  const value = await kv.get(NOTE_INDEX_KEY, 'text')
  return value === null ? { v: 1, notes: [] } : parseOrThrow(NOTE_INDEX_KEY, value, parseNoteIndexRecord)
}

/** A folder's page record, if the folder exists. */
export async function readFolder(kv: KVNamespace, slug: Slug): Promise<FolderRecord | undefined> {
  const key = folderKey(slug)
  const value = await kv.get(key, 'text')
  return value === null ? undefined : parseOrThrow(key, value, parseFolderRecord)
}

/** The search shards holding `terms` (src/core/search.ts), in one bulk read. */
export async function readSearchShards(kv: KVNamespace, terms: readonly string[]): Promise<Map<string, SearchShard>> {
  const keys = [...new Set(terms.map(searchShardKey))]
  const found = new Map<string, SearchShard>()
  if (!keys.length) return found
  for (const [key, value] of await kv.get(keys, 'text')) {
    if (value !== null) found.set(key, parseOrThrow(key, value, parseSearchShard))
  }
  return found
}

/** Where an old URL of a note now lives, if it is one. */
export async function readRedirect(kv: KVNamespace, slug: Slug): Promise<Slug | undefined> {
  const key = redirectKey(slug)
  const value = await kv.get(key, 'text')
  return value === null ? undefined : parseOrThrow(key, value, parseRedirectRecord).to
}

/** A tag page's record, by tag path (`ai/safety`). */
export async function readTag(kv: KVNamespace, path: string): Promise<TagRecord | undefined> {
  const key = tagKey(path)
  const value = await kv.get(key, 'text')
  return value === null ? undefined : parseOrThrow(key, value, parseTagRecord)
}

export async function readTagIndex(kv: KVNamespace): Promise<TagIndexRecord> {
  const value = await kv.get(TAG_INDEX_KEY, 'text')
  return value === null ? { v: 1, tags: [] } : parseOrThrow(TAG_INDEX_KEY, value, parseTagIndexRecord)
}

/** Several notes at once (the notes a page transcludes, search results), in bulk reads. Missing ones are left out. */
export async function readNotes(kv: KVNamespace, slugs: readonly Slug[]): Promise<Map<string, NoteRecord>> {
  const found = new Map<string, NoteRecord>()
  // KV's bulk get takes at most 100 keys.
  for (let i = 0; i < slugs.length; i += 100) {
    const keys = slugs.slice(i, i + 100).map(noteKey)
    const values = await kv.get(keys, 'text')
    for (const [key, value] of values) {
      if (value !== null) {
        const record = parseOrThrow(key, value, parseNoteRecord)
        found.set(record.slug, record)
      }
    }
  }
  return found
}

function parseOrThrow<T>(key: string, text: string, parse: (value: unknown) => T | undefined): T {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new CorruptRecordError(key)
  }
  const record = parse(value)
  if (record === undefined) throw new CorruptRecordError(key)
  return record
}
