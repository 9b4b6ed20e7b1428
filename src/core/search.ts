/**
 * Full-text search, shared by the build (which writes the index) and the worker (which answers
 * /search). Each term's postings are one record (`s:<term>`, src/core/records.ts) in the search
 * packs, so a query reads one pack per word and no visitor ever downloads the index.
 *
 * Postings record presence, not counts. A deploy that changes a few notes does not rewrite the
 * packs: the root carries the difference (a SearchDelta) until it grows large enough to fold in.
 */

export type SearchField = 'title' | 'tag' | 'heading' | 'body'

export const SEARCH_FIELDS: readonly SearchField[] = ['title', 'tag', 'heading', 'body']

/** `s:<term>`: where a term appears, as sorted lists of slugs per field. */
export type SearchPostings = Partial<Record<SearchField, string[]>>

/** Postings added to and removed from terms since the search packs were written: term → field → slugs. */
export type SearchDelta = Record<string, Partial<Record<SearchField, { add?: string[]; del?: string[] }>>>

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

/** Combining accents of the Latin, Greek and Cyrillic alphabets (not the vowel signs other scripts spell with). */
const ACCENTS = /[\u0300-\u036f]/g

/**
 * Text as search compares it, one character for one: lower case, accents dropped (`Über` → `uber`,
 * `élan` → `elan`). A character whose folding is not one character stays as it is, so positions in
 * the folded text are positions in the text (snippets mark the reader's own spelling).
 */
export function foldText(text: string): string {
  let out = ''
  for (const ch of text) {
    const lower = ch.toLowerCase()
    const folded = lower.normalize('NFD').replace(ACCENTS, '')
    // `İ` lower-cases to two characters, `ǅ`… to others: kept as one, so positions stay.
    out += folded.length === ch.length ? folded : lower.length === ch.length ? lower : ch
  }
  return out
}

/** Han, Hiragana, Katakana and Hangul: scripts written without spaces between words. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u
const RUNS =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu

/**
 * The terms of a text, the same at build and query time: words of 2 to 64 letters or digits, folded
 * (foldText), stopwords left out; a run of Chinese, Japanese or Korean is cut into overlapping pairs
 * of characters (`数据中学习` → 数据, 据中, 中学, 学习), so a word inside a sentence is found without a
 * dictionary of words; a one-character run is its own term.
 */
export function searchTerms(text: string): string[] {
  const terms: string[] = []
  for (const word of foldText(text.normalize('NFC')).match(/[\p{L}\p{N}]+/gu) ?? []) {
    for (const run of word.match(RUNS) ?? []) {
      if (!CJK.test(run)) {
        if (run.length >= 2 && run.length <= 64 && !STOPWORDS.has(run)) terms.push(run)
        continue
      }
      const chars = [...run]
      if (chars.length === 1) terms.push(run)
      for (let i = 0; i + 1 < chars.length; i++) terms.push(chars[i]! + chars[i + 1]!)
    }
  }
  return terms
}

export function parseSearchPostings(value: unknown): SearchPostings | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const ok = Object.entries(value).every(
    ([field, slugs]) =>
      SEARCH_FIELDS.includes(field as SearchField) &&
      Array.isArray(slugs) &&
      slugs.every((slug) => typeof slug === 'string'),
  )
  return ok ? (value as SearchPostings) : undefined
}

export function parseSearchDelta(value: unknown): SearchDelta | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  return Object.values(value).every((fields) => typeof fields === 'object' && fields !== null)
    ? (value as SearchDelta)
    : undefined
}

/** A term's postings as they stand now: those in its pack, with the root's delta applied. */
export function currentPostings(stored: SearchPostings | undefined, delta: SearchDelta[string] | undefined) {
  if (!delta) return stored ?? {}
  const postings: SearchPostings = {}
  for (const field of SEARCH_FIELDS) {
    const change = delta[field]
    const removed = new Set(change?.del)
    const slugs = [...(stored?.[field] ?? []).filter((slug) => !removed.has(slug)), ...(change?.add ?? [])]
    if (slugs.length) postings[field] = slugs.sort()
  }
  return postings
}

/** What turns `from` into `to`, or undefined when they are the same. */
export function postingsDelta(from: SearchPostings, to: SearchPostings): SearchDelta[string] | undefined {
  let delta: SearchDelta[string] | undefined
  for (const field of SEARCH_FIELDS) {
    const before = new Set(from[field])
    const after = new Set(to[field])
    const add = [...after].filter((slug) => !before.has(slug))
    const del = [...before].filter((slug) => !after.has(slug))
    if (!add.length && !del.length) continue
    delta ??= {}
    delta[field] = { ...(add.length ? { add } : {}), ...(del.length ? { del } : {}) }
  }
  return delta
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
  postings: ReadonlyMap<string, SearchPostings>,
  limit: number,
): SearchHit[] {
  let scores: Map<string, number> | undefined
  for (const term of terms) {
    const entry = postings.get(term)
    const termScores = new Map<string, number>()
    for (const field of SEARCH_FIELDS) {
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
  // Matches are found in the folded text (accents and case aside) and marked in the reader's own spelling.
  const folded = foldText(text)
  const first = Math.min(...terms.map((term) => folded.indexOf(term)).filter((index) => index !== -1), Infinity)
  const start = first === Infinity ? 0 : Math.max(0, first - width)
  const end = Math.min(text.length, (first === Infinity ? 0 : first) + width * 2)
  const before = start > 0 ? '…' : ''
  const after = end < text.length ? '…' : ''
  const passage = text.slice(start, end)
  if (!terms.length) return escapeText(before + passage + after)
  // Every occurrence of every term, overlapping ones too (the pairs of a Chinese word), marked as one run.
  const window = folded.slice(start, end)
  const marked = new Uint8Array(window.length)
  for (const term of terms) {
    for (let at = window.indexOf(term); at !== -1; at = window.indexOf(term, at + 1))
      marked.fill(1, at, at + term.length)
  }
  let out = ''
  for (let i = 0; i < passage.length; ) {
    let j = i
    while (j < passage.length && marked[j] === marked[i]) j++
    const part = escapeText(passage.slice(i, j))
    out += marked[i] ? `<mark>${part}</mark>` : part
    i = j
  }
  return escapeText(before) + out + escapeText(after)
}
