/** Builds the search index (src/core/search.ts) from the vault's records. Deterministic. */
import type { NoteRecord } from '../src/core/record.ts'
import type { SearchField, SearchShard } from '../src/core/search.ts'
import { plainBody, searchShardKey, searchTerms } from '../src/core/search.ts'

export function buildSearchIndex(notes: readonly NoteRecord[]): Map<string, SearchShard> {
  const postings = new Map<string, Map<SearchField, Set<string>>>()
  const add = (terms: string[], field: SearchField, slug: string) => {
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
    add(
      searchTerms([...note.body.matchAll(/^#{1,6}[ \t]+(.+)$/gm)].map((match) => match[1]).join(' ')),
      'heading',
      note.slug,
    )
    add(searchTerms(plainBody(note.body)), 'body', note.slug)
  }
  const shards = new Map<string, SearchShard>()
  for (const term of [...postings.keys()].sort()) {
    const key = searchShardKey(term)
    let shard = shards.get(key)
    if (!shard) {
      shard = { v: 1, terms: {} }
      shards.set(key, shard)
    }
    const entry: SearchShard['terms'][string] = {}
    for (const field of ['title', 'tag', 'heading', 'body'] as const) {
      const slugs = postings.get(term)!.get(field)
      if (slugs) entry[field] = [...slugs].sort()
    }
    shard.terms[term] = entry
  }
  return shards
}
