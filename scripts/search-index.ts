/** The search index (src/core/search.ts) of the vault's records: term → postings, in term order. Deterministic. */
import type { SearchField, SearchPostings } from '../src/core/search.ts'
import { COMPLETIONS_KEPT, prefixesOf, SEARCH_FIELDS, searchTerms } from '../src/core/search.ts'

/** What the index knows of a note: its title and tags, and the terms the parse found in its headings and body. */
export interface SearchSource {
  slug: string
  title: string
  tags: readonly string[]
  terms: { heading: readonly string[]; body: readonly string[] }
}

export function searchPostings(notes: readonly SearchSource[]): Map<string, SearchPostings> {
  const postings = new Map<string, Map<SearchField, Set<string>>>()
  const add = (terms: readonly string[], field: SearchField, slug: string) => {
    for (const term of new Set(terms)) {
      let fields = postings.get(term)
      if (!fields) {
        fields = new Map()
        postings.set(term, fields)
      }
      let slugs = fields.get(field)
      if (!slugs) {
        slugs = new Set()
        fields.set(field, slugs)
      }
      slugs.add(slug)
    }
  }
  for (const note of notes) {
    add(searchTerms(note.title), 'title', note.slug)
    add(
      note.tags.flatMap((tag) => searchTerms(tag)),
      'tag',
      note.slug,
    )
    add(note.terms.heading, 'heading', note.slug)
    add(note.terms.body, 'body', note.slug)
  }
  const completions = completionsByPrefix(postings)
  const index = new Map<string, SearchPostings>()
  for (const term of [...new Set([...postings.keys(), ...completions.keys()])].sort()) {
    const entry: SearchPostings = {}
    for (const field of SEARCH_FIELDS) {
      const slugs = postings.get(term)?.get(field)
      if (slugs) entry[field] = [...slugs].sort()
    }
    const longer = completions.get(term)
    if (longer) entry.completions = longer
    index.set(term, entry)
  }
  return index
}

/** Prefix → the terms it begins (src/core/search.ts prefixesOf), those in the most notes first, at most COMPLETIONS_KEPT. */
function completionsByPrefix(postings: ReadonlyMap<string, ReadonlyMap<SearchField, ReadonlySet<string>>>) {
  const notesWith = (term: string) => new Set([...postings.get(term)!.values()].flatMap((slugs) => [...slugs])).size
  const candidates = new Map<string, { term: string; notes: number }[]>()
  for (const term of postings.keys()) {
    const prefixes = prefixesOf(term)
    if (!prefixes.length) continue
    const notes = notesWith(term)
    for (const prefix of prefixes) {
      const list = candidates.get(prefix)
      if (list) list.push({ term, notes })
      else candidates.set(prefix, [{ term, notes }])
    }
  }
  const kept = new Map<string, string[]>()
  for (const [prefix, list] of candidates) {
    list.sort((a, b) => b.notes - a.notes || (a.term < b.term ? -1 : 1))
    kept.set(
      prefix,
      list.slice(0, COMPLETIONS_KEPT).map((candidate) => candidate.term),
    )
  }
  return kept
}
