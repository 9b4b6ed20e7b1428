/**
 * The garden's graph as data: the notes the build laid out (scripts/graph/), where each sits, and
 * the links between them. The worker draws it (src/pages/graph-drawing.ts).
 *
 * A deploy that only adds or removes links keeps the stored graph and puts the links that changed
 * in the root (its fifth line, src/core/root.ts), as the search delta does for postings: a new link
 * costs no write of the pack that holds the graph. The stored positions stay; the new line joins
 * two dots already there. The next deploy that rewrites that pack anyway lays the graph out anew.
 */
import { RECORD_VERSION } from './records.ts'

/** A drawn note: slug, title, x, y, colour (its top folder's place in `key`). */
export type GraphNode = [slug: string, title: string, x: number, y: number, colour: number]

export interface GraphRecord {
  v: typeof RECORD_VERSION
  /** Every published note; the most linked `nodes.length` of them (at most 2,000) are drawn. */
  total: number
  width: number
  height: number
  /** Most linked first: the first ones carry labels. */
  nodes: GraphNode[]
  /** Index pairs into `nodes`, each link once. */
  edges: [number, number][]
  /** The colours' folders, the largest first ('' for the top level, '…' for the rest). */
  key: string[]
}

/** Links between drawn notes, as slug pairs (the lower slug first), added and removed since the stored graph. */
export interface GraphDelta {
  add: [string, string][]
  remove: [string, string][]
}

export const NO_GRAPH_DELTA: GraphDelta = { add: [], remove: [] }

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value)

function isPairs(value: unknown, item: (part: unknown) => boolean): boolean {
  return Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2 && pair.every(item))
}

export function parseGraphRecord(value: unknown): GraphRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const record = value as Record<string, unknown>
  const nodes = record.nodes
  const ok =
    record.v === RECORD_VERSION &&
    isNumber(record.total) &&
    isNumber(record.width) &&
    isNumber(record.height) &&
    Array.isArray(nodes) &&
    nodes.every(
      (node) =>
        Array.isArray(node) &&
        node.length === 5 &&
        typeof node[0] === 'string' &&
        typeof node[1] === 'string' &&
        isNumber(node[2]) &&
        isNumber(node[3]) &&
        Number.isInteger(node[4]),
    ) &&
    isPairs(record.edges, (i) => Number.isInteger(i) && (i as number) >= 0 && (i as number) < nodes.length) &&
    Array.isArray(record.key) &&
    record.key.every((name) => typeof name === 'string')
  return ok ? (value as GraphRecord) : undefined
}

export function parseGraphDelta(value: unknown): GraphDelta | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const delta = value as Record<string, unknown>
  const slug = (part: unknown) => typeof part === 'string'
  return isPairs(delta.add, slug) && isPairs(delta.remove, slug) ? (value as GraphDelta) : undefined
}

/** A link as a slug pair, the lower slug first, and as one string (for sets). */
function linkPair(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a]
}
const pairKey = ([a, b]: readonly [string, string]) => `${a}\n${b}`

/** The record's links as slug pairs. */
export function graphLinks(record: GraphRecord): [string, string][] {
  return record.edges.map(([a, b]) => linkPair(record.nodes[a]![0], record.nodes[b]![0]))
}

/** The links that turn `stored`'s into `fresh`'s; undefined when the two do not draw the same notes. */
export function graphDelta(stored: GraphRecord, fresh: GraphRecord): GraphDelta | undefined {
  const notes = (record: GraphRecord) =>
    JSON.stringify([
      record.total,
      record.key,
      record.nodes.map(([slug, title, , , colour]) => `${slug}\t${title}\t${colour}`).sort(),
    ])
  if (notes(stored) !== notes(fresh)) return undefined
  const before = new Set(graphLinks(stored).map(pairKey))
  const after = new Set(graphLinks(fresh).map(pairKey))
  const split = (key: string) => key.split('\n') as [string, string]
  return {
    add: [...after].filter((key) => !before.has(key)).map(split),
    remove: [...before].filter((key) => !after.has(key)).map(split),
  }
}

/** The stored graph with the root's delta applied: its links as the vault has them now. */
export function applyGraphDelta(record: GraphRecord, delta: GraphDelta): GraphRecord {
  if (!delta.add.length && !delta.remove.length) return record
  const index = new Map(record.nodes.map(([slug], i) => [slug, i]))
  const removed = new Set(delta.remove.map(pairKey))
  const edges = record.edges.filter(
    ([a, b]) => !removed.has(pairKey(linkPair(record.nodes[a]![0], record.nodes[b]![0]))),
  )
  for (const [a, b] of delta.add) {
    const i = index.get(a)
    const j = index.get(b)
    if (i !== undefined && j !== undefined) edges.push([i, j])
  }
  return { ...record, edges }
}
