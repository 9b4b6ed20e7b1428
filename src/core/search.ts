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

/**
 * `s:<term>`: where a term appears, as sorted lists of slugs per field; and, for a term a reader may
 * be half-way through typing (2 to PREFIX_MAX letters, or one Chinese, Japanese or Korean
 * character), the longer terms it begins, most used first (`completions`), so the last word of a
 * query matches as a prefix (`transcl` → transclusion) without a dictionary held by the worker.
 */
export type SearchPostings = Partial<Record<SearchField | 'completions', string[]>>

/** What a record stores: the fields' slugs, and the completions (terms, not slugs). */
const STORED_FIELDS = [...SEARCH_FIELDS, 'completions'] as const

/** Postings added to and removed from terms since the search packs were written: term → field → slugs. */
export type SearchDelta = Record<
  string,
  Partial<Record<(typeof STORED_FIELDS)[number], { add?: string[]; del?: string[] }>>
>

/** How much a match in each field counts: title, then heading, then tag, then text. */
const FIELD_WEIGHT: Record<SearchField, number> = { title: 8, heading: 5, tag: 3, body: 1 }

/** A note matching the last word through a longer one (`transcl` in Transclusion) counts this much of an exact match. */
const COMPLETION_WEIGHT = 0.5

/** Completions are stored for prefixes of 2 to this many letters; a longer word looks up its first PREFIX_MAX. */
const PREFIX_MAX = 10

/** The completions a record keeps, and so the most terms a prefix adds to a query. */
export const COMPLETIONS_KEPT = 8

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
  // ASCII folds by lower-casing alone: only runs of other characters go one by one.
  return NON_ASCII.test(text) ? text.replace(ASCII_OR_NOT, foldRun) : text.toLowerCase()
}

const NON_ASCII = /[^\0-\x7f]/
const ASCII_OR_NOT = /[\0-\x7f]+|[^\0-\x7f]+/g

function foldRun(run: string): string {
  if (run.charCodeAt(0) < 0x80) return run.toLowerCase()
  let out = ''
  for (const ch of run) {
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
export function searchTerms(text: string, { stopwords = false } = {}): string[] {
  const terms: string[] = []
  for (const word of foldText(text.normalize('NFC')).match(/[\p{L}\p{N}]+/gu) ?? []) {
    // Most words are ASCII: no script to split them by.
    for (const run of NON_ASCII.test(word) ? (word.match(RUNS) ?? []) : [word]) {
      if (!NON_ASCII.test(run) || !CJK.test(run)) {
        if (run.length >= 2 && run.length <= 64 && (stopwords || !STOPWORDS.has(run))) terms.push(run)
        continue
      }
      const chars = [...run]
      if (chars.length === 1) terms.push(run)
      for (let i = 0; i + 1 < chars.length; i++) terms.push(chars[i]! + chars[i + 1]!)
    }
  }
  return terms
}

/** Whether a term is one a reader may still be typing: what the build stores completions for. */
function completesTerm(term: string): boolean {
  return CJK.test(term) ? [...term].length === 1 : term.length >= 2
}

/**
 * The prefixes of a term that get its completion (stages: scripts/search-index.ts): 2 to PREFIX_MAX
 * letters short of the whole, or the first character of a Chinese, Japanese or Korean pair.
 */
export function prefixesOf(term: string): string[] {
  if (CJK.test(term)) {
    const chars = [...term]
    return chars.length === 2 ? [chars[0]!] : []
  }
  const prefixes: string[] = []
  for (let length = 2; length < term.length && length <= PREFIX_MAX; length++) prefixes.push(term.slice(0, length))
  return prefixes
}

/**
 * A query as the index is asked: its terms (at most 8), each matched exactly, and the last also
 * as the start of longer terms. `lookups`: the records to read first; the record of `prefixKey`
 * (the last term, or its first PREFIX_MAX letters) holds the completions.
 */
export interface SearchQuery {
  terms: string[]
  prefix: string | undefined
  prefixKey: string | undefined
  lookups: string[]
}

export function parseQuery(text: string): SearchQuery {
  const words = [...new Set(searchTerms(text, { stopwords: true }))]
  const last = words.at(-1)
  // Stopwords are not indexed: kept only as the last word, which a longer term may complete.
  const terms = words.filter((term, i) => i === words.length - 1 || !STOPWORDS.has(term)).slice(-8)
  const prefix = last !== undefined && completesTerm(last) ? last : undefined
  const prefixKey = prefix && prefix.length > PREFIX_MAX ? prefix.slice(0, PREFIX_MAX) : prefix
  return { terms, prefix, prefixKey, lookups: [...new Set([...terms, ...(prefixKey ? [prefixKey] : [])])] }
}

/** The terms that complete the query's last word, from the lookups' postings: the second read. */
export function completionsOf(query: SearchQuery, found: ReadonlyMap<string, SearchPostings>): string[] {
  if (!query.prefix || !query.prefixKey) return []
  const listed = found.get(query.prefixKey)?.completions ?? []
  return listed.filter((term) => term !== query.prefix && term.startsWith(query.prefix!)).slice(0, COMPLETIONS_KEPT)
}

/** What each term of the query may match: itself, and for the last word its completions. */
export function queryGroups(query: SearchQuery, completions: readonly string[]): string[][] {
  return query.terms.map((term) => (term === query.prefix ? [term, ...completions] : [term]))
}

export function parseSearchPostings(value: unknown): SearchPostings | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const ok = Object.entries(value).every(
    ([field, slugs]) =>
      (STORED_FIELDS as readonly string[]).includes(field) &&
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
  for (const field of STORED_FIELDS) {
    const change = delta[field]
    const removed = new Set(change?.del)
    const slugs = [...(stored?.[field] ?? []).filter((slug) => !removed.has(slug)), ...(change?.add ?? [])]
    // Slugs in order; completions keep the build's order (most used first), new ones after.
    if (slugs.length) postings[field] = field === 'completions' ? slugs : slugs.sort()
  }
  return postings
}

/** What turns `from` into `to`, or undefined when they are the same. */
export function postingsDelta(from: SearchPostings, to: SearchPostings): SearchDelta[string] | undefined {
  let delta: SearchDelta[string] | undefined
  for (const field of STORED_FIELDS) {
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

/** Slugs in ascending order, each with its score: what a term, a group and the query's matches are. */
interface Scored {
  slugs: string[]
  scores: number[]
}

/**
 * Two sorted lists in one pass: every slug of either (`union`), or only those in both, with
 * `combine` of the two scores where a slug is in both. Postings are sorted by the build and by
 * currentPostings, so a query costs a few linear passes, not a map entry per posting.
 */
function merge(a: Scored, b: Scored, combine: (x: number, y: number) => number, union: boolean): Scored {
  const out: Scored = { slugs: [], scores: [] }
  let i = 0
  let j = 0
  while (i < a.slugs.length && j < b.slugs.length) {
    const x = a.slugs[i]!
    const y = b.slugs[j]!
    if (x === y) {
      out.slugs.push(x)
      out.scores.push(combine(a.scores[i++]!, b.scores[j++]!))
    } else if (x < y) {
      if (union) {
        out.slugs.push(x)
        out.scores.push(a.scores[i]!)
      }
      i += 1
    } else {
      if (union) {
        out.slugs.push(y)
        out.scores.push(b.scores[j]!)
      }
      j += 1
    }
  }
  // What is left of one list (the other is done); concat, not a spread: a list may hold 50,000 slugs.
  return union
    ? {
        slugs: out.slugs.concat(a.slugs.slice(i), b.slugs.slice(j)),
        scores: out.scores.concat(a.scores.slice(i), b.scores.slice(j)),
      }
    : out
}

/** Lists merged two at a time: about n log k work for k lists of n slugs in all. */
function mergeAll(lists: Scored[], combine: (x: number, y: number) => number): Scored {
  if (!lists.length) return { slugs: [], scores: [] }
  let round = lists
  while (round.length > 1) {
    const next: Scored[] = []
    for (let k = 0; k < round.length; k += 2)
      next.push(k + 1 < round.length ? merge(round[k]!, round[k + 1]!, combine, true) : round[k]!)
    round = next
  }
  return round[0]!
}

const sum = (x: number, y: number) => x + y

/**
 * Notes matching every group (queryGroups: a term, or the last word and its completions), best
 * first: title matches count most, then headings, tags, text; a completion half an exact match.
 * Within a group a note's best way of matching counts, not the sum of them all.
 */
export function rankHits(
  groups: readonly (readonly string[])[],
  postings: ReadonlyMap<string, SearchPostings>,
  limit: number,
): SearchHit[] {
  if (limit <= 0 || !groups.length) return []
  const groupScores = groups.map((group) =>
    mergeAll(
      group.map((term, i) => {
        const entry = postings.get(term)
        const weight = i === 0 ? 1 : COMPLETION_WEIGHT
        const fields = SEARCH_FIELDS.map((field) => {
          const slugs = entry?.[field] ?? []
          return { slugs, scores: new Array<number>(slugs.length).fill(FIELD_WEIGHT[field] * weight) }
        })
        return mergeAll(fields, sum)
      }),
      Math.max,
    ),
  )
  // The rarest group first: every intersection after it is no longer than it.
  groupScores.sort((a, b) => a.slugs.length - b.slugs.length)
  let matches = groupScores[0]!
  for (const next of groupScores.slice(1)) matches = merge(matches, next, sum, false)
  // The best `limit`, without sorting every match: most queries match far more notes than are shown.
  const better = (a: SearchHit, b: SearchHit) => a.score > b.score || (a.score === b.score && a.slug < b.slug)
  const best: SearchHit[] = []
  for (const [k, slug] of matches.slugs.entries()) {
    const hit = { slug, score: matches.scores[k]! }
    if (best.length === limit && !better(hit, best[limit - 1]!)) continue
    let at = best.length === limit ? limit - 1 : best.length
    while (at > 0 && better(hit, best[at - 1]!)) {
      best[at] = best[at - 1]!
      at -= 1
    }
    best[at] = hit
  }
  return best
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
