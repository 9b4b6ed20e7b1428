/**
 * The worker's search: a query's records in two reads of the search packs (its terms and the
 * record of its last word's prefix, then the completions that record names), ranked
 * (src/core/search.ts), and the best notes' search texts (`x:` records, each beside its note).
 * `/search` and `/_hyphae/suggest` both ask it.
 */
import type { SearchTextRecord } from './core/records.ts'
import { completionsOf, parseQuery, queryGroups, rankHits } from './core/search.ts'
import type { Slug } from './core/slug.ts'
import type { Garden } from './notes.ts'

export interface Found {
  slug: Slug
  /** The note's title and its text as a reader sees it: what the result shows. */
  note: SearchTextRecord
  /** The terms to mark in its snippet: the query's, and the completions of its last word. */
  terms: string[]
}

export async function searchNotes(garden: Garden, text: string, limit: number): Promise<Found[]> {
  const query = parseQuery(text)
  if (!query.terms.length) return []
  const postings = await garden.postings(query.lookups)
  const completions = completionsOf(query, postings)
  const more = completions.filter((term) => !postings.has(term))
  for (const [term, found] of await garden.postings(more)) postings.set(term, found)
  const hits = rankHits(queryGroups(query, completions), postings, limit)
  const texts = await garden.searchTexts(hits.map((hit) => hit.slug as Slug))
  const terms = [...query.terms, ...completions]
  return hits.flatMap((hit) => {
    const note = texts.get(hit.slug as Slug)
    return note ? [{ slug: hit.slug as Slug, note, terms }] : []
  })
}
