/**
 * Full-text search, shared by the build (which writes the index) and the worker (which answers
 * /search). The index is split into SEARCH_SHARDS records by a hash of each term, so a query reads
 * one small record per word and no visitor ever downloads the index.
 *
 * Postings record presence, not counts: an edit rewrites a shard only when it adds or removes a
 * word (or changes a title, tag or heading), which keeps incremental deploys cheap.
 */
import { shortHash } from './hash.ts'

const SEARCH_SHARDS = 256

/** A shard: term → where it appears, as lists of slugs. */
export interface SearchShard {
  v: 1
  terms: Record<string, { title?: string[]; tag?: string[]; heading?: string[]; body?: string[] }>
}

export type SearchField = 'title' | 'tag' | 'heading' | 'body'

/** How much a match in each field counts. */
const FIELD_WEIGHT: Record<SearchField, number> = { title: 8, tag: 5, heading: 3, body: 1 }

/**
 * English words too common to search for: kept out of the index (a query made only of them
 * finds nothing), so no shard carries a posting for nearly every note.
 */
const STOPWORDS = new Set(
  'a an and are as at be but by for from has have in is it its of on or that the their this to was were will with you your not can all'.split(
    ' ',
  ),
)

/** Lower-cased words of 2 to 64 letters or digits, in any script, stopwords left out. */
export function searchTerms(text: string): string[] {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]{2,}/gu) ?? []
  ).filter((term) => term.length <= 64 && !STOPWORDS.has(term))
}

export function searchShardKey(term: string): string {
  return `search:${parseInt(shortHash(term), 36) % SEARCH_SHARDS}`
}

export function parseSearchShard(value: unknown): SearchShard | undefined {
  if (typeof value !== 'object' || value === null || !('v' in value) || value.v !== 1 || !('terms' in value))
    return undefined
  return typeof value.terms === 'object' && value.terms !== null ? (value as SearchShard) : undefined
}

/** The text of a markdown body a reader sees, roughly: for snippets and the body index. */
export function plainBody(markdown: string): string {
  return markdown
    .replace(/^---[\s\S]*?\n---\n/, '')
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/%%[\s\S]*?%%/g, ' ')
    .replace(/!?\[\[([^\]|]*\|)?([^\]]*)\]\]/g, '$2')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\[\^[^\]\n]*\]:?/g, ' ')
    .replace(/(^|\s)\^[A-Za-z0-9-]+(?=\s|$)/g, ' ')
    .replace(/^\s*>\s*\[![^\]]*\][+-]?/gm, ' ')
    .replace(/[#*_=~`>|^$\\[\]]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

export interface SearchHit {
  slug: string
  score: number
}

/** Notes holding every term, best first: title matches count most, then tags, headings, text. */
export function rankHits(
  terms: readonly string[],
  shards: ReadonlyMap<string, SearchShard>,
  limit: number,
): SearchHit[] {
  let scores: Map<string, number> | undefined
  for (const term of terms) {
    const entry = shards.get(searchShardKey(term))?.terms[term]
    const termScores = new Map<string, number>()
    for (const field of ['title', 'tag', 'heading', 'body'] as const) {
      for (const slug of entry?.[field] ?? []) termScores.set(slug, (termScores.get(slug) ?? 0) + FIELD_WEIGHT[field])
    }
    scores = scores
      ? new Map(
          [...scores]
            .filter(([slug]) => termScores.has(slug))
            .map(([slug, score]) => [slug, score + termScores.get(slug)!]),
        )
      : termScores
  }
  return [...(scores ?? [])]
    .map(([slug, score]) => ({ slug, score }))
    .sort((a, b) => b.score - a.score || (a.slug < b.slug ? -1 : 1))
    .slice(0, limit)
}

/** A short passage of `text` around the first match, escaped, with every match in `<mark>`. */
export function snippetHtml(
  text: string,
  terms: readonly string[],
  escapeText: (text: string) => string,
  width = 90,
): string {
  const lower = text.toLowerCase()
  const first = Math.min(...terms.map((term) => lower.indexOf(term)).filter((index) => index !== -1), Infinity)
  const start = first === Infinity ? 0 : Math.max(0, first - width)
  const end = Math.min(text.length, (first === Infinity ? 0 : first) + width * 2)
  const passage = (start > 0 ? '…' : '') + text.slice(start, end) + (end < text.length ? '…' : '')
  if (!terms.length) return escapeText(passage)
  const pattern = new RegExp(`(${terms.map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'giu')
  return passage
    .split(pattern)
    .map((part, i) => (i % 2 === 1 ? `<mark>${escapeText(part)}</mark>` : escapeText(part)))
    .join('')
}
