/**
 * The root: the one KV value every request reads first, and the commit point of a deploy.
 *
 *   {"v":1,"site":{…},"layout":{"notes":12,"search":4},"packs":{"notes/0":"3f…",…}}
 *   <search delta>
 *   <retired packs>
 *   <the explorer's HTML>
 *   <graph delta>
 *
 * Packs are immutable: a pack's KV key holds the hash of its value (`pack:notes/3:3fa9…`), so a
 * deploy writes new packs beside the old ones and then switches the root to them in one write. A
 * deploy stopped anywhere before that leaves the site exactly as it was; readers holding the old
 * root still find every pack it names, because old packs are deleted only a deploy later: the
 * third line names the packs of the root before (the deploy's business; no request reads it).
 *
 * The first line is all a note page parses; the second, the search delta (src/core/search.ts), is
 * parsed only by searches. The fourth, the explorer (scripts/stages/explorer.ts), is HTML every page
 * shows as it is: sliced, never parsed, and no read of its own. The fifth, the links added and
 * removed since the stored graph (src/core/graph.ts), is parsed only by /graph.
 */
import type { GraphDelta } from './graph.ts'
import { NO_GRAPH_DELTA, parseGraphDelta } from './graph.ts'
import { shortHash } from './hash.ts'
import type { SiteRecord } from './records.ts'
import { kindOfKey, parseSiteRecord } from './records.ts'
import type { SearchDelta } from './search.ts'
import { parseSearchDelta } from './search.ts'

export const ROOT_KEY = 'root'

/** How many packs each hashed group is split into; kept from deploy to deploy so membership stays stable. */
export interface Layout {
  notes: number
  search: number
  /** Packs of protected notes (absent: one, or none when the vault protects nothing). */
  protected?: number
}

export interface Root {
  v: 1
  site: SiteRecord
  layout: Layout
  /** Pack name → hash of its value. */
  packs: Record<string, string>
  /** Hash of the worker bundle that was deployed with this root: new code may render every page anew. */
  worker?: string
  /** Hash of what every page shows beyond its records (the site record, the explorer): in each page's ETag. */
  shell?: string
  /**
   * Slug → group of every protected note (scripts/stages/access.ts): a page not among the public
   * notes is looked up here before any pack is read; its record is read only for a reader of the group.
   */
  access?: Record<string, string>
  /** Served path → groups of each protected attachment: the worker serves it from R2 to their readers alone. */
  files?: Record<string, string[]>
}

/** The KV key of a pack: its name and the hash of its value. */
export function packKey(name: string, hash: string): string {
  return `pack:${name}:${hash}`
}

export const PACK_PREFIX = 'pack:'

function bucket(id: string, count: number): number {
  return Number.parseInt(shortHash(id), 36) % count
}

/** The pack that holds a record key under `layout`. Throws for a key no record kind makes (a build bug). */
export function packNameOf(key: string, layout: Layout): string {
  const found = kindOfKey(key)
  if (!found) throw new Error(`no record kind makes the key ${key}`)
  const { kind, id } = found
  if (kind.group === 'index') return 'index'
  if (kind.group === 'local') throw new Error(`${key} is stored beside the records that use it, not by its own key`)
  return `${kind.group}/${bucket(id, layout[kind.group] ?? 1)}`
}

/** Pack name → hash: the packs a root names, or those of the root before it (`retired`). */
export type PackHashes = Record<string, string>

export function encodeRoot(
  root: Root,
  delta: SearchDelta,
  retired: PackHashes,
  explorer = '',
  graph: GraphDelta = NO_GRAPH_DELTA,
): string {
  // The explorer is one line of HTML: the build writes no newline inside it.
  return `${JSON.stringify(root)}\n${JSON.stringify(delta)}\n${JSON.stringify(retired)}\n${explorer.replace(/\n/g, ' ')}\n${JSON.stringify(graph)}`
}

function line(text: string, n: number): string | undefined {
  let start = 0
  for (let i = 0; i < n; i += 1) {
    const newline = text.indexOf('\n', start)
    if (newline === -1) return undefined
    start = newline + 1
  }
  const end = text.indexOf('\n', start)
  return end === -1 ? text.slice(start) : text.slice(start, end)
}

/** The root's first line; undefined when the text is not a root this worker can read. */
export function decodeRoot(text: string): Root | undefined {
  let value: unknown
  try {
    value = JSON.parse(line(text, 0)!)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const root = value as Record<string, unknown>
  const layout = root.layout as Record<string, unknown> | undefined
  const packs = root.packs
  const ok =
    root.v === 1 &&
    parseSiteRecord(root.site) !== undefined &&
    typeof layout === 'object' &&
    layout !== null &&
    Number.isInteger(layout.notes) &&
    (layout.notes as number) > 0 &&
    Number.isInteger(layout.search) &&
    (layout.search as number) > 0 &&
    typeof packs === 'object' &&
    packs !== null &&
    Object.values(packs).every((hash) => typeof hash === 'string') &&
    (layout.protected === undefined || (Number.isInteger(layout.protected) && (layout.protected as number) > 0)) &&
    (root.access === undefined ||
      (typeof root.access === 'object' &&
        root.access !== null &&
        Object.values(root.access).every((group) => typeof group === 'string'))) &&
    (root.files === undefined ||
      (typeof root.files === 'object' &&
        root.files !== null &&
        Object.values(root.files).every(
          (groups) => Array.isArray(groups) && groups.every((group) => typeof group === 'string'),
        )))
  return ok ? (value as Root) : undefined
}

/** The root's second line: postings changed since the search packs were written. */
export function decodeSearchDelta(text: string): SearchDelta | undefined {
  try {
    return parseSearchDelta(JSON.parse(line(text, 1) ?? '{}'))
  } catch {
    return undefined
  }
}

/** The root's fourth line: the explorer's HTML, '' when the vault has none. */
export function decodeExplorer(text: string): string {
  return line(text, 3) ?? ''
}

/** The root's fifth line: links added and removed since the stored graph; undefined when unreadable. */
export function decodeGraphDelta(text: string): GraphDelta | undefined {
  const json = line(text, 4)
  if (json === undefined) return NO_GRAPH_DELTA
  try {
    return parseGraphDelta(JSON.parse(json))
  } catch {
    return undefined
  }
}

/** The root's third line: the packs the root before it named. */
export function decodeRetired(text: string): PackHashes {
  try {
    const value: unknown = JSON.parse(line(text, 2) ?? '{}')
    if (typeof value !== 'object' || value === null) return {}
    return Object.fromEntries(Object.entries(value).filter(([, hash]) => typeof hash === 'string'))
  } catch {
    return {}
  }
}
