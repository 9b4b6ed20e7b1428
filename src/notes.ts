/**
 * The only code that reads KV. A request reads the root first (src/core/root.ts), then the packs
 * holding the records it needs (src/core/pack.ts); each record is sliced out of its pack and
 * shape-checked by the registry (src/core/records.ts) before use.
 *
 * One Garden per request: it remembers the root and the packs it has read, so a page that needs
 * a note, its redirect and its folder reads one pack once. Between requests the isolate keeps
 * only the decoded root, while KV answers the same text.
 */
import type { GraphRecord } from './core/graph.ts'
import { applyGraphDelta } from './core/graph.ts'
import { Pack } from './core/pack.ts'
import type {
  NoteIndexRecord,
  NoteRecord,
  RecordKind,
  SearchTextRecord,
  SiteRecord,
  TagIndexRecord,
} from './core/records.ts'
import { RECORD_VERSION, RECORDS } from './core/records.ts'
import { fillFragmentBytes } from './core/render.ts'
import type { Root } from './core/root.ts'
import {
  decodeExplorer,
  decodeGraphDelta,
  decodeRoot,
  decodeSearchDelta,
  packKey,
  packNameOf,
  ROOT_KEY,
} from './core/root.ts'
import type { EncodedExplorer } from './pages/explorer.ts'
import { encodeExplorer } from './pages/explorer.ts'
import type { SearchPostings } from './core/search.ts'
import { currentPostings } from './core/search.ts'
import type { Slug } from './core/slug.ts'

/** A record that exists but cannot be read: logged with its key and answered with a 500 page. */
export class CorruptRecordError extends Error {
  readonly key: string
  constructor(key: string, why = 'is not a valid version of its record type') {
    super(`KV record ${key} ${why}`)
    this.key = key
  }
}

/**
 * The root the isolate decoded last, and its explorer once a page asked for it (encoded once, as
 * every page shows it). No request changes either once made.
 */
let lastRoot: { root: Root; text: string; explorer?: EncodedExplorer | undefined } | undefined

export class Garden {
  readonly #kv: KVNamespace
  #root: Promise<NonNullable<typeof lastRoot> | undefined> | undefined
  readonly #packs = new Map<string, Promise<Pack | undefined>>()

  constructor(kv: KVNamespace) {
    this.#kv = kv
  }

  /** The root, read once; undefined before the first build has been uploaded. */
  #readRoot(): Promise<NonNullable<typeof lastRoot> | undefined> {
    this.#root ??= this.#kv.get(ROOT_KEY, 'text').then((text) => {
      if (text === null) return undefined
      // The same root as the request before (KV's answer is the same until a deploy): parsed once per isolate.
      if (lastRoot?.text === text) return lastRoot
      const root = decodeRoot(text)
      if (!root) throw new CorruptRecordError(ROOT_KEY)
      lastRoot = { root, text }
      return lastRoot
    })
    return this.#root
  }

  async site(): Promise<SiteRecord | undefined> {
    return (await this.#readRoot())?.root.site
  }

  /** The explorer, from the root's fourth line (undefined before the first build or without one). */
  async explorer(): Promise<EncodedExplorer | undefined> {
    const found = await this.#readRoot()
    if (!found) return undefined
    if (!('explorer' in found)) {
      const html = decodeExplorer(found.text)
      found.explorer = html ? encodeExplorer(html) : undefined
    }
    return found.explorer
  }

  /** The hash of what every page shows beyond its records (src/core/root.ts): part of each page's ETag. */
  async shell(): Promise<string> {
    return (await this.#readRoot())?.root.shell ?? ''
  }

  /** The pack holding `key`, read once per request; undefined when there is no root yet. */
  async #pack(key: string): Promise<Pack | undefined> {
    const found = await this.#readRoot()
    if (!found) return undefined
    const name = packNameOf(key, found.root.layout)
    const hash = found.root.packs[name]
    if (hash === undefined) return undefined
    let pack = this.#packs.get(name)
    if (!pack) {
      const kvKey = packKey(name, hash)
      pack = this.#kv.get(kvKey, 'arrayBuffer').then((bytes) => {
        // The root names only packs written before it: a missing one is a broken deploy, not a 404.
        if (bytes === null) throw new CorruptRecordError(kvKey, 'is named by the root but missing')
        try {
          return new Pack(new Uint8Array(bytes))
        } catch (error) {
          throw new CorruptRecordError(kvKey, `is not a pack (${error instanceof Error ? error.message : error})`)
        }
      })
      this.#packs.set(name, pack)
    }
    return pack
  }

  async #record<T>(kind: RecordKind<T>, id: string): Promise<T | undefined> {
    const key = kind.key(id)
    const json = (await this.#pack(key))?.json(key)
    if (json === undefined) return undefined
    const record = kind.decode(json)
    if (record === undefined) throw new CorruptRecordError(key)
    return record
  }

  /** The hash of a note's record, without parsing it: a conditional request is answered from this. */
  async noteHash(slug: Slug): Promise<string | undefined> {
    const key = RECORDS.note.key(slug)
    return (await this.#pack(key))?.hash(key)
  }

  /**
   * A note, with the HTML of its formulas (stored once in its pack, beside it) in `prerendered`;
   * with `withHtml`, the body the build rendered (an `h:` record
   * beside it) in `htmlBytes`, its fragments filled, and as text in `html`.
   */
  async note(slug: Slug, { withHtml = true } = {}): Promise<ServedNote | undefined> {
    return this.#note(slug, withHtml, RECORDS.note, RECORDS.noteHtml)
  }

  /** The group a protected note belongs to (the root's `access`); undefined for any other slug. */
  async accessGroup(slug: Slug): Promise<string | undefined> {
    const access = (await this.#readRoot())?.root.access
    return access && Object.hasOwn(access, slug) ? access[slug] : undefined
  }

  /** The groups that may open a protected attachment, by its served path (decoded, no `/`); undefined for any other file. */
  async fileGroups(path: string): Promise<string[] | undefined> {
    const files = (await this.#readRoot())?.root.files
    return files && Object.hasOwn(files, path) ? files[path] : undefined
  }

  /** Every group that protects a note: the passwords a sign-in is compared with. */
  async accessGroups(): Promise<string[]> {
    return [...new Set(Object.values((await this.#readRoot())?.root.access ?? {}))].sort()
  }

  /**
   * A protected note (`p:` and `q:` records, in a protected pack). The caller has checked the
   * reader's session for `group` (src/access.ts); the record must say the same group.
   */
  async protectedNote(slug: Slug, group: string): Promise<ServedNote | undefined> {
    const record = await this.#note(slug, true, RECORDS.protectedNote, RECORDS.protectedHtml)
    if (record && record.access !== group)
      throw new CorruptRecordError(RECORDS.protectedNote.key(slug), `is not of the group the root names (${group})`)
    return record
  }

  async #note(
    slug: Slug,
    withHtml: boolean,
    kind: RecordKind<NoteRecord>,
    htmlKind: RecordKind<string>,
  ): Promise<ServedNote | undefined> {
    const key = kind.key(slug)
    const pack = await this.#pack(key)
    const record = await this.#record(kind, slug)
    if (!record || !pack) return record
    const bytes = withHtml ? pack.bytes(htmlKind.key(slug)) : undefined
    if (bytes !== undefined) {
      // The build's HTML, its formulas (from the pack) and code (from the record) filled in as UTF-8
      // (src/core/render.ts): the page takes these bytes as they are, never decoding and encoding
      // them again (src/send-page.ts); rendered from markdown if a fragment is missing.
      const filled = bytes.includes(0)
        ? fillFragmentBytes(bytes, (key) => {
            if (key.startsWith('m:')) return pack.bytes(key)
            const code = record.prerendered[key]
            return code === undefined ? undefined : encoder.encode(code)
          })
        : bytes
      if (filled !== undefined) return withBytes(record, filled)
    }
    const formula = (key: string) => {
      const json = pack.json(key)
      return json === undefined ? undefined : RECORDS.formula.decode(json)
    }
    if (!record.math.length) return record
    const prerendered = { ...record.prerendered }
    for (const key of record.math) {
      const typeset = formula(key)
      // A formula missing from the pack renders as its TeX source (src/core/markdown/math.ts).
      if (typeset !== undefined) prerendered[key] = typeset
    }
    return { ...record, prerendered }
  }

  /** Several notes at once (the notes a page transcludes): their packs are read together. */
  async notes(slugs: readonly Slug[]): Promise<Map<string, NoteRecord>> {
    // A transcluded note is rendered from its markdown (a section of it, or with its own embeds).
    const records = await Promise.all(slugs.map((slug) => this.note(slug, { withHtml: false })))
    return new Map(records.flatMap((record) => (record ? [[record.slug, record] as const] : [])))
  }

  /** Search results' titles and plain text (`x:` records, each beside its note): their packs are read together. */
  async searchTexts(slugs: readonly Slug[]): Promise<Map<Slug, SearchTextRecord>> {
    const records = await Promise.all(slugs.map((slug) => this.#record(RECORDS.searchText, slug)))
    return new Map(slugs.flatMap((slug, i) => (records[i] ? [[slug, records[i]] as const] : [])))
  }

  /** Where an old URL of a note now lives, if it is one. */
  async redirect(slug: Slug): Promise<Slug | undefined> {
    return (await this.#record(RECORDS.redirect, slug))?.to
  }

  folder(slug: Slug) {
    return this.#record(RECORDS.folder, slug)
  }

  /** A tag page's record, by tag path (`ai/safety`). */
  tag(path: string) {
    return this.#record(RECORDS.tag, path)
  }

  async tagIndex(): Promise<TagIndexRecord> {
    return (await this.#record(RECORDS.tagIndex, '')) ?? { v: RECORD_VERSION, tags: [] }
  }

  /** The garden's graph, as the build laid it out, with the links the root's delta changed since; undefined before the first build. */
  async graph(): Promise<GraphRecord | undefined> {
    const [found, record] = await Promise.all([this.#readRoot(), this.#record(RECORDS.graph, '')])
    if (!found || !record) return undefined
    const delta = decodeGraphDelta(found.text)
    if (!delta) throw new CorruptRecordError(ROOT_KEY, 'has a graph delta this worker cannot read')
    return applyGraphDelta(record, delta)
  }

  /** The list of every note (sitemap, llms.txt, feed). */
  async noteIndex(): Promise<NoteIndexRecord> {
    return (await this.#record(RECORDS.noteIndex, '')) ?? { v: RECORD_VERSION, notes: [] }
  }

  /** Each term's postings, with the root's search delta applied; the packs are read together. */
  async postings(terms: readonly string[]): Promise<Map<string, SearchPostings>> {
    const found = await this.#readRoot()
    if (!found || !terms.length) return new Map()
    const delta = decodeSearchDelta(found.text)
    if (!delta) throw new CorruptRecordError(ROOT_KEY, 'has a search delta this worker cannot read')
    const stored = await Promise.all(terms.map((term) => this.#record(RECORDS.search, term)))
    return new Map(terms.map((term, i) => [term, currentPostings(stored[i], delta[term])]))
  }
}

/** A note as the worker serves it: a body the build rendered may come as its UTF-8 bytes. */
export interface ServedNote extends NoteRecord {
  /** The body the build rendered, as stored: the page puts these bytes in its body slot. */
  htmlBytes?: Uint8Array
}

const decoder = new TextDecoder()
const encoder = new TextEncoder()

/** The record with its body as `bytes`, and as `html` (decoded once, if ever) for whatever reads it as text. */
function withBytes(record: NoteRecord, bytes: Uint8Array): ServedNote {
  let text: string | undefined
  return Object.defineProperties(record as ServedNote, {
    htmlBytes: { value: bytes, enumerable: false },
    html: {
      enumerable: true,
      configurable: true,
      get: () => {
        text ??= decoder.decode(bytes)
        return text
      },
    },
  })
}
