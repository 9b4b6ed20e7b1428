/** The search index (src/core/search.ts) of the vault's records: term → postings, in term order. Deterministic. */
import type { SearchField, SearchPostings } from '../src/core/search.ts'
import { SEARCH_FIELDS, searchTerms } from '../src/core/search.ts'

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
    add(note.tags.flatMap(searchTerms), 'tag', note.slug)
    add(note.terms.heading, 'heading', note.slug)
    add(note.terms.body, 'body', note.slug)
  }
  const index = new Map<string, SearchPostings>()
  for (const term of [...postings.keys()].sort()) {
    const entry: SearchPostings = {}
    for (const field of SEARCH_FIELDS) {
      const slugs = postings.get(term)!.get(field)
      if (slugs) entry[field] = [...slugs].sort()
    }
    index.set(term, entry)
  }
  return index
}
