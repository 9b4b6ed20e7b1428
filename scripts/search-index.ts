/**
 * The search index (src/core/search.ts) of the vault's records: term → postings, in term order.
 * Deterministic. A `SearchIndex` is kept by `npm run dev` between builds: each update changes only
 * the terms of the notes that changed (and the completions of those terms' prefixes), and gives
 * the same record object for every other term, so nothing downstream encodes it again.
 */
import type { SearchField, SearchPostings } from '../src/core/search.ts'
import { COMPLETIONS_KEPT, prefixesOf, SEARCH_FIELDS, searchTerms } from '../src/core/search.ts'
import { sameItems } from './stages/memo.ts'

/** What the index knows of a note: its title and tags, and the terms the parse found in its headings and body. */
export interface SearchSource {
  slug: string
  title: string
  tags: readonly string[]
  terms: { heading: readonly string[]; body: readonly string[] }
}

/** The index of `notes` at once (tests, and the shape every update of a SearchIndex gives). */
export function searchPostings(notes: readonly SearchSource[]): Map<string, SearchPostings> {
  return new Map(new SearchIndex().update(notes))
}

/** A note's terms, each once per field. */
function fieldsOf(note: SearchSource): Map<SearchField, Set<string>> {
  return new Map<SearchField, Set<string>>([
    ['title', new Set(searchTerms(note.title))],
    ['tag', new Set(note.tags.flatMap((tag) => searchTerms(tag)))],
    ['heading', new Set(note.terms.heading)],
    ['body', new Set(note.terms.body)],
  ])
}

function sameSource(a: SearchSource, b: SearchSource): boolean {
  return a.title === b.title && a.terms === b.terms && sameItems(a.tags, b.tags)
}

export class SearchIndex {
  /** Slug → the note as last indexed, and its terms by field. */
  readonly #notes = new Map<string, { source: SearchSource; fields: Map<SearchField, Set<string>> }>()
  /** Term → field → the slugs of the notes with it there. */
  readonly #postings = new Map<string, Map<SearchField, Set<string>>>()
  /** Term → how many notes have it, in any field: the order of completions. */
  readonly #notesWith = new Map<string, number>()
  /** Prefix → the terms it begins (prefixesOf). */
  readonly #byPrefix = new Map<string, Set<string>>()
  /** Term (or prefix) → its record: postings, completions or both. */
  readonly #records = new Map<string, SearchPostings>()
  /** The records' keys in order. */
  #sorted: string[] = []

  /** The index of `notes` (the whole vault, every time): term → postings, in term order. */
  update(notes: readonly SearchSource[]): ReadonlyMap<string, SearchPostings> {
    const dirty = new Set<string>()
    const indexed = this.#notes.size
    /** How many of the notes indexed before are still there: all of them, for a save of a note. */
    let kept = 0
    for (const note of notes) {
      const before = this.#notes.get(note.slug)
      if (before) kept += 1
      if (before && (before.source === note || sameSource(before.source, note))) continue
      const fields = fieldsOf(note)
      for (const field of SEARCH_FIELDS) {
        const had = before?.fields.get(field) ?? new Set<string>()
        const has = fields.get(field)!
        for (const term of had) if (!has.has(term)) this.#remove(term, field, note.slug, dirty)
        for (const term of has) if (!had.has(term)) this.#add(term, field, note.slug, dirty)
      }
      this.#notes.set(note.slug, { source: note, fields })
    }
    if (kept !== indexed) {
      const present = new Set(notes.map((note) => note.slug))
      for (const [slug, { fields }] of this.#notes) {
        if (present.has(slug)) continue
        for (const [field, terms] of fields) for (const term of terms) this.#remove(term, field, slug, dirty)
        this.#notes.delete(slug)
      }
    }
    // The terms whose notes changed, and the prefixes whose completions may have.
    const stale = new Set(dirty)
    for (const term of dirty) {
      const fields = this.#postings.get(term)
      const count = fields ? new Set([...fields.values()].flatMap((slugs) => [...slugs])).size : 0
      const existed = this.#notesWith.has(term)
      if (count) this.#notesWith.set(term, count)
      else this.#notesWith.delete(term)
      for (const prefix of prefixesOf(term)) {
        stale.add(prefix)
        if (count && !existed) {
          const terms = this.#byPrefix.get(prefix)
          if (terms) terms.add(term)
          else this.#byPrefix.set(prefix, new Set([term]))
        } else if (!count && existed) {
          const terms = this.#byPrefix.get(prefix)!
          terms.delete(term)
          if (!terms.size) this.#byPrefix.delete(prefix)
        }
      }
    }
    const added: string[] = []
    let removed = false
    for (const key of stale) {
      const record = this.#record(key)
      const existed = this.#records.has(key)
      if (record) {
        this.#records.set(key, record)
        if (!existed) added.push(key)
      } else if (existed) {
        this.#records.delete(key)
        removed = true
      }
    }
    if (removed) this.#sorted = this.#sorted.filter((key) => this.#records.has(key))
    if (added.length) this.#sorted = merge(this.#sorted, added.sort())
    return new Map(this.#sorted.map((key) => [key, this.#records.get(key)!]))
  }

  #add(term: string, field: SearchField, slug: string, dirty: Set<string>): void {
    let fields = this.#postings.get(term)
    if (!fields) {
      fields = new Map()
      this.#postings.set(term, fields)
    }
    let slugs = fields.get(field)
    if (!slugs) {
      slugs = new Set()
      fields.set(field, slugs)
    }
    slugs.add(slug)
    dirty.add(term)
  }

  #remove(term: string, field: SearchField, slug: string, dirty: Set<string>): void {
    const fields = this.#postings.get(term)
    const slugs = fields?.get(field)
    if (!fields || !slugs) return
    slugs.delete(slug)
    if (!slugs.size) fields.delete(field)
    if (!fields.size) this.#postings.delete(term)
    dirty.add(term)
  }

  /** A key's record now: the notes with the term, field by field, and the terms the key begins, most noted first. */
  #record(key: string): SearchPostings | undefined {
    const record: SearchPostings = {}
    const fields = this.#postings.get(key)
    for (const field of SEARCH_FIELDS) {
      const slugs = fields?.get(field)
      if (slugs) record[field] = [...slugs].sort()
    }
    const longer = this.#byPrefix.get(key)
    if (longer) {
      record.completions = [...longer]
        .map((term) => ({ term, notes: this.#notesWith.get(term)! }))
        .sort((a, b) => b.notes - a.notes || (a.term < b.term ? -1 : 1))
        .slice(0, COMPLETIONS_KEPT)
        .map((candidate) => candidate.term)
    }
    return Object.keys(record).length ? record : undefined
  }
}

/** Two sorted lists as one. */
function merge(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = new Array(a.length + b.length)
  let i = 0
  let j = 0
  let k = 0
  while (i < a.length && j < b.length) out[k++] = a[i]! < b[j]! ? a[i++]! : b[j++]!
  while (i < a.length) out[k++] = a[i++]!
  while (j < b.length) out[k++] = b[j++]!
  return out
}
