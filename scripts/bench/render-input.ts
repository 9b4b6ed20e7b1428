/**
 * What the workerd half of the bench (test/bench/*.bench.test.ts) gets: dist/bench/render-input.json,
 * the root of the 10,000-note build and only the packs its pages read (the packs holding the
 * chosen notes and the notes they transclude, the search packs of the query's terms and the packs
 * of the notes the search shows), and the numbers those tests print back.
 * `node scripts/bench/render-input.ts <dist/kv> <render-input.json>`: in a process of its own, as
 * the 10,000-note build's KV values are some hundreds of MB.
 */
import { writeFile } from 'node:fs/promises'
import { Pack } from '../../src/core/pack.ts'
import type { NoteRecord } from '../../src/core/records.ts'
import { RECORDS } from '../../src/core/records.ts'
import { decodeRoot, packKey, packNameOf, ROOT_KEY } from '../../src/core/root.ts'
import type { SearchPostings } from '../../src/core/search.ts'
import { completionsOf, parseQuery, queryGroups, rankHits } from '../../src/core/search.ts'
import type { TextEntry } from '../kv-dir.ts'
import { readKvDir } from '../kv-dir.ts'

/** A search for two words every generated note uses: the largest postings the index can have. */
/** Two words, the last half typed: it matches as a prefix (network). */
export const SEARCH_QUERY = 'mycelium netw'

/** The size classes rendered, and the median-sized note that transcludes others. */
type NoteClass = 'small' | 'median' | '30KB' | '300KB' | 'transcluding'

export interface RenderInput {
  query: string
  /** Size class → slug. */
  notes: Record<NoteClass, string>
  /** The root and the packs the pages read, as KV entries. */
  entries: TextEntry[]
}

/**
 * What vitest.bench.config.ts provides to the tests: the values travel apart, through a service
 * binding (BENCH_KV), as `provide` is sent to workerd in one WebSocket message of at most 32 MiB.
 */
export type ProvidedInput = Omit<RenderInput, 'entries'> & { keys: string[] }

export interface Percentiles {
  p50: number
  p99: number
}

/** What the tests print on a `BENCH {json}` line; the two files each print their half. */
export interface WorkerResults {
  render: Record<
    string,
    {
      bytes: number
      prerendered: boolean
      /** The body: the build's HTML inserted, or rendered on demand. */
      render: Percentiles
      /** The same note rendered on demand, for comparison. */
      onDemand: Percentiles
      /** A whole uncached request through the worker, on workerd's KV. */
      request: Percentiles
    }
  >
  notModified: Percentiles
  search: Percentiles
  /** KV keys read and sequential round trips of an uncached page. */
  reads: Record<'median' | 'transcluding', { keys: number; trips: number }>
  /** The worker's own time for an uncached page, KV answered from memory. */
  cpu: Record<'median' | '30KB', Percentiles>
  /** The same for the median note's page answered 304. */
  cpuNotModified: Percentiles
  /** The same for the search page of SEARCH_QUERY (its postings and its best notes' records from memory). */
  cpuSearch: Percentiles
}

/** Reads `kvDir` (the build's dist/kv/), chooses the notes, and writes their input to `to`. */
async function writeRenderInput(kvDir: string, to: string): Promise<void> {
  // The build's own output, just written: a file per KV value.
  const entries = await readKvDir(kvDir)
  const values = new Map(entries.map((entry) => [entry.key, entry.value]))
  const rootText = values.get(ROOT_KEY)!
  const root = decodeRoot(rootText)!
  const packs = new Map<string, Pack>()
  const pack = (name: string) => {
    const found = packs.get(name) ?? new Pack(Buffer.from(values.get(packKey(name, root.packs[name]!))!))
    packs.set(name, found)
    return found
  }
  const notes = Object.keys(root.packs)
    .filter((name) => name.startsWith('notes/'))
    .flatMap((name) =>
      pack(name)
        .keys()
        .filter((key) => key.startsWith(RECORDS.note.prefix))
        .map((key) => RECORDS.note.decode(pack(name).json(key)!)!),
    )
    .sort((a, b) => a.body.length - b.body.length)
  const closest = (bytes: number, among = notes) =>
    among.reduce((best, note) =>
      Math.abs(note.body.length - bytes) < Math.abs(best.body.length - bytes) ? note : best,
    )
  // The median-sized note that transcludes nothing, and the one nearest its size that does.
  const median = notes[Math.floor(notes.length / 2)]!.body.length
  const chosen: Record<NoteClass, NoteRecord> = {
    small: closest(500),
    median: closest(
      median,
      notes.filter((note) => !note.embeds.length),
    ),
    '30KB': closest(30_000),
    '300KB': notes.at(-1)!,
    transcluding: closest(
      median,
      notes.filter((note) => note.embeds.length),
    ),
  }
  // The records the worker's search reads (src/search.ts): the query's, then its completions'.
  const query = parseQuery(SEARCH_QUERY)
  const read = (terms: readonly string[]) =>
    new Map<string, SearchPostings>(
      terms.map((term) => {
        const key = RECORDS.search.key(term)
        const json = pack(packNameOf(key, root.layout)).json(key)
        return [term, (json && RECORDS.search.decode(json)) || {}]
      }),
    )
  const postings = read(query.lookups)
  const completions = completionsOf(query, postings)
  for (const [term, found] of read(completions)) postings.set(term, found)
  const postingKeys = [...postings.keys()].map((term) => RECORDS.search.key(term))
  const slugs = [
    ...Object.values(chosen).flatMap((note) => [note.slug, ...note.embeds]),
    ...rankHits(queryGroups(query, completions), postings, 20).map((hit) => hit.slug),
  ]
  const wanted = new Set([
    ...slugs.map((slug) => packNameOf(RECORDS.note.key(slug), root.layout)),
    ...postingKeys.map((key) => packNameOf(key, root.layout)),
  ])
  const input: RenderInput = {
    query: SEARCH_QUERY,
    notes: {
      small: chosen.small.slug,
      median: chosen.median.slug,
      '30KB': chosen['30KB'].slug,
      '300KB': chosen['300KB'].slug,
      transcluding: chosen.transcluding.slug,
    },
    entries: [
      { key: ROOT_KEY, value: rootText },
      ...[...wanted].map((name) => {
        const key = packKey(name, root.packs[name]!)
        return { key, value: values.get(key)! }
      }),
    ],
  }
  await writeFile(to, JSON.stringify(input))
}

if (import.meta.main) {
  const [kvFile, to] = process.argv.slice(2)
  await writeRenderInput(kvFile!, to!)
}
