/**
 * Ranking (src/core/search.ts rankHits) by sorted-list merges, checked against the plain
 * definition on random postings: a note's score in a group is its best term's sum of field
 * weights (title 8, heading 5, tag 3, text 1; a completion counts half), the query's score the sum
 * over groups, a note missing from any group is no hit, best first, ties by slug, `limit` of them.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { SearchField, SearchHit, SearchPostings } from '../../src/core/search.ts'
import { rankHits, SEARCH_FIELDS } from '../../src/core/search.ts'

const WEIGHT: Record<SearchField, number> = { title: 8, heading: 5, tag: 3, body: 1 }

function reference(groups: string[][], postings: Map<string, SearchPostings>, limit: number): SearchHit[] {
  const perGroup = groups.map((group) => {
    const best = new Map<string, number>()
    group.forEach((term, i) => {
      const own = new Map<string, number>()
      for (const field of SEARCH_FIELDS)
        for (const slug of postings.get(term)?.[field] ?? [])
          own.set(slug, (own.get(slug) ?? 0) + WEIGHT[field] * (i === 0 ? 1 : 0.5))
      for (const [slug, score] of own) best.set(slug, Math.max(best.get(slug) ?? 0, score))
    })
    return best
  })
  const slugs = [...(perGroup[0]?.keys() ?? [])].filter((slug) => perGroup.every((group) => group.has(slug)))
  return slugs
    .map((slug) => ({ slug, score: perGroup.reduce((sum, group) => sum + group.get(slug)!, 0) }))
    .sort((a, b) => b.score - a.score || (a.slug < b.slug ? -1 : 1))
    .slice(0, limit)
}

const slugs = fc.uniqueArray(fc.constantFrom(...Array.from({ length: 40 }, (_, i) => `n${i}`)), { maxLength: 30 })
const entry = fc.record({ title: slugs, tag: slugs, heading: slugs, body: slugs }, { requiredKeys: [] })
const terms = ['a', 'b', 'c', 'd', 'e']

describe('ranking', () => {
  it('is the plain definition, on any postings, groups and limit', () => {
    fc.assert(
      fc.property(
        fc.tuple(entry, entry, entry, entry),
        fc.array(fc.uniqueArray(fc.constantFrom(...terms), { minLength: 1, maxLength: 3 }), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.integer({ min: 0, max: 12 }),
        (entries, groups, limit) => {
          // Postings as the build stores them: each field's slugs sorted. 'e' has none.
          const postings = new Map<string, SearchPostings>(
            entries.map((found, i) => [
              terms[i]!,
              Object.fromEntries(Object.entries(found).map(([field, list]) => [field, [...list].sort()])),
            ]),
          )
          expect(rankHits(groups, postings, limit)).toEqual(reference(groups, postings, limit))
        },
      ),
      { numRuns: 500 },
    )
  })
})
