/**
 * The garden's graph as a record (src/core/graph.ts): the published notes, the most linked first
 * (at most MAX_NODES), laid out at build time (layout.ts), coloured by top folder, and the links
 * between them, each pair once. The worker draws it at /graph (src/pages/graph-drawing.ts).
 */
import type { GraphNode, GraphRecord } from '../../src/core/graph.ts'
import { RECORD_VERSION } from '../../src/core/records.ts'
import type { Slug } from '../../src/core/slug.ts'
import { layoutGraph } from './layout.ts'
import { sameItems } from '../stages/memo.ts'

export interface GraphNote {
  slug: Slug
  path: string
  title: string
  /** Slugs of the notes it links to. */
  links: readonly string[]
}

/** The most notes drawn: past it, the most linked (a picture of 10,000 dots shows nothing more). */
const MAX_NODES = 2000
/** Colours for the largest top folders; the rest share the last. */
const COLOURS = 8
/** Room around the dots: labels are centred on theirs. */
const MARGIN_X = 90
const MARGIN_Y = 30

/** The last graph laid out, by its input: a rebuild while watching whose links did not change lays out nothing. */
let last: { input: readonly GraphNote[]; record: GraphRecord } | undefined

export function graphRecord(all: readonly GraphNote[]): GraphRecord {
  return graphBefore(all) ?? keepGraph(all, layOut(all))
}

/** The graph the build before laid out, when its notes, titles and links are the same; undefined else. */
export function graphBefore(all: readonly GraphNote[]): GraphRecord | undefined {
  return last && sameGraph(last.input, all) ? last.record : undefined
}

/** Whether this process laid out a graph before (a rebuild while watching). */
export function laidOutBefore(): boolean {
  return last !== undefined
}

/** `record`, laid out here or on a thread (in-thread.ts), as the graph of `all` for the next build. */
export function keepGraph(all: readonly GraphNote[], record: GraphRecord): GraphRecord {
  // Kept as plain copies: the caller's objects are records that go on changing.
  const input = all.map(({ slug, path, title, links }) => ({ slug, path, title, links }))
  last = { input, record }
  return record
}

/** The same notes, titles and links, in the same order: the same graph. */
function sameGraph(before: readonly GraphNote[], now: readonly GraphNote[]): boolean {
  if (before.length !== now.length) return false
  for (let i = 0; i < now.length; i++) {
    const a = before[i]!
    const b = now[i]!
    if (a.slug !== b.slug || a.path !== b.path || a.title !== b.title || !sameItems(a.links, b.links)) return false
  }
  return true
}

export function layOut(all: readonly GraphNote[]): GraphRecord {
  const bySlug = new Map(all.map((note) => [note.slug as string, note]))
  const pairs = new Set<string>()
  const degree = new Map<string, number>()
  for (const note of all) {
    for (const to of note.links) {
      if (to === note.slug || !bySlug.has(to)) continue
      const pair = note.slug < to ? `${note.slug}\n${to}` : `${to}\n${note.slug}`
      if (pairs.has(pair)) continue
      pairs.add(pair)
      degree.set(note.slug, (degree.get(note.slug) ?? 0) + 1)
      degree.set(to, (degree.get(to) ?? 0) + 1)
    }
  }
  const rank = (a: GraphNote, b: GraphNote) =>
    (degree.get(b.slug) ?? 0) - (degree.get(a.slug) ?? 0) || (a.slug < b.slug ? -1 : 1)
  const shown = [...all].sort(rank).slice(0, MAX_NODES)
  const index = new Map(shown.map((note, i) => [note.slug as string, i]))
  const edges: [number, number][] = []
  for (const pair of pairs) {
    const [a, b] = pair.split('\n') as [string, string]
    if (index.has(a) && index.has(b)) edges.push([index.get(a)!, index.get(b)!])
  }
  const points = layoutGraph(shown.length, edges)

  // Colours by top folder, the largest first; notes at the top level have their own.
  const folderOf = (note: GraphNote) => (note.path.includes('/') ? note.path.slice(0, note.path.indexOf('/')) : '')
  const sizes = new Map<string, number>()
  for (const note of shown) sizes.set(folderOf(note), (sizes.get(folderOf(note)) ?? 0) + 1)
  const folders = [...sizes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([name]) => name)
  const colour = new Map(folders.map((name, i) => [name, Math.min(i, COLOURS - 1)]))
  const round = (n: number) => Math.round(n * 10) / 10
  const nodes = shown.map(
    (note, i): GraphNode => [
      note.slug,
      note.title,
      round(points[i]!.x + MARGIN_X),
      round(points[i]!.y + MARGIN_Y),
      colour.get(folderOf(note))!,
    ],
  )
  return {
    v: RECORD_VERSION,
    total: all.length,
    width: Math.ceil(Math.max(0, ...points.map((point) => point.x))) + 2 * MARGIN_X,
    height: Math.ceil(Math.max(0, ...points.map((point) => point.y))) + 2 * MARGIN_Y,
    nodes,
    edges,
    key: folders.slice(0, COLOURS).map((name, i) => (i === COLOURS - 1 && folders.length > COLOURS ? '…' : name)),
  }
}
