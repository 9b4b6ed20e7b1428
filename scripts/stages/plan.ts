/**
 * Stage 6, plan: what to write and delete so the namespace serves the new build, given what it
 * holds now. Pure: scripts/upload.ts reads the live state and carries the plan out.
 *
 * Order, so the live site is whole at every moment (src/core/root.ts): new packs first (nothing
 * names them yet), then the root (one write switches every page), then the deletion of packs that
 * neither the new root nor the one before it names (a reader may still hold the one before: the
 * new root remembers those as retired, and the next deploy that changes anything deletes them).
 * Packs are named by their hash, so a deploy stopped anywhere is finished by the next run: it
 * lists the keys, writes only the packs still missing, and converges to the same state.
 *
 * Search packs are not rewritten for a few changed notes: the root carries the changed postings
 * (a SearchDelta) until they outgrow DELTA_BYTES, and then the changed packs are written. Nor is
 * the pack holding the garden's graph for links added or removed: the root carries those too.
 */
import { folderTag, GRAPH_TAG, NOTES_TAG, noteTag, TAG_INDEX_TAG, tagPageTag } from '../../src/cache.ts'
import type { GraphDelta } from '../../src/core/graph.ts'
import { graphDelta, NO_GRAPH_DELTA } from '../../src/core/graph.ts'
import { Pack } from '../../src/core/pack.ts'
import { kindOfKey, RECORDS } from '../../src/core/records.ts'
import type { Root } from '../../src/core/root.ts'
import type { Layout, PackHashes } from '../../src/core/root.ts'
import { encodeRoot, PACK_PREFIX, packKey, packNameOf, ROOT_KEY } from '../../src/core/root.ts'
import type { SearchDelta, SearchPostings } from '../../src/core/search.ts'
import { postingsDelta } from '../../src/core/search.ts'
import type { PackedSite } from './pack.ts'

/** The free plan's daily KV writes (and, separately, deletes). */
export const DAILY_WRITES = 1000
/** The root stays small: every request reads it. Past this, the search delta is folded into its packs. */
const DELTA_BYTES = 16 * 1024
/** Past this many changed packs, a deploy purges everything instead of reading the old packs to compare. */
const COMPARE_AT_MOST = 32

export interface KvEntry {
  key: string
  /** A pack's value is its UTF-8 bytes (scripts/stages/pack.ts); the root's is text. */
  value: string | Buffer
}

/** What the namespace holds now, as scripts/upload.ts read it. */
export interface LiveState {
  /** The root's text, undefined on a first deploy. */
  rootText?: string
  root?: Root
  /** The packs the live root says the root before it named. */
  retired?: PackHashes
  /** Every pack key the namespace holds. */
  keys: ReadonlySet<string>
  /** The values of the live packs that `packsToCompare` named: their bytes, or their text. */
  packs: ReadonlyMap<string, string | Uint8Array>
}

export interface DeployPlan {
  /** Packs to write, before the root. */
  writes: KvEntry[]
  /** The new root, or undefined when it is unchanged. */
  root: KvEntry | undefined
  /** Pack keys to delete, after the root. */
  deletes: string[]
  /** What Workers Cache must forget. */
  purge: { everything: true } | { tags: string[] } | undefined
}

/** The live packs whose content the plan needs: those the new build changes (KV keys). */
export function packsToCompare(packed: PackedSite, root: Root | undefined): string[] {
  if (!root || !sameLayout(root.layout, packed.root.layout)) return []
  const changed = Object.entries(root.packs).filter(([name, hash]) => packed.root.packs[name] !== hash)
  return changed.length > COMPARE_AT_MOST ? [] : changed.map(([name, hash]) => packKey(name, hash))
}

/** Two layouts split records into the same packs. */
export function sameLayout(a: Layout, b: Layout): boolean {
  return a.notes === b.notes && a.search === b.search && (a.protected ?? 0) === (b.protected ?? 0)
}

export function planDeploy(packed: PackedSite, live: LiveState, worker?: string): DeployPlan {
  const previous = live.root
  const compared = previous ? livePacks(previous, live) : new Map<string, Pack>()
  const { packs, delta } = keepSearchPacks(packed, previous, compared)
  const graph = keepGraphPack(packed, previous, compared)
  if (graph.pack) packs[graph.pack.name] = graph.pack.hash
  const root: Root = { ...packed.root, packs, ...(worker ? { worker } : {}) }
  // The packs readers may still hold: the live root's, or, when the packs do not change (a rerun
  // after a deploy stopped while deleting), those the live root already kept.
  const samePacks = previous !== undefined && JSON.stringify(previous.packs) === JSON.stringify(packs)
  const retired = samePacks ? (live.retired ?? {}) : (previous?.packs ?? {})
  const rootText = encodeRoot(root, delta, retired, packed.explorer, graph.delta)
  const keys = (hashes: PackHashes) => Object.entries(hashes).map(([name, hash]) => packKey(name, hash))
  const referenced = new Set(keys(packs))
  const stillRead = new Set(keys(retired))
  const writes = Object.entries(packs)
    .filter(([name, hash]) => !live.keys.has(packKey(name, hash)))
    .map(([name, hash]) => ({ key: packKey(name, hash), value: packed.packs.get(name)!.value }))
  const deletes = [...live.keys].filter(
    (key) => key.startsWith(PACK_PREFIX) && !referenced.has(key) && !stillRead.has(key),
  )
  const changedRoot = rootText !== live.rootText
  return {
    writes,
    root: changedRoot ? { key: ROOT_KEY, value: rootText } : undefined,
    deletes: deletes.sort(),
    purge: changedRoot ? purgeFor(packed, previous, compared, worker) : undefined,
  }
}

/**
 * The packs the new root names, and its search delta: the live search packs stay, with the delta
 * of their postings, while they could all be compared and the delta stays under DELTA_BYTES.
 */
function keepSearchPacks(
  packed: PackedSite,
  previous: Root | undefined,
  compared: ReadonlyMap<string, Pack>,
): { packs: Record<string, string>; delta: SearchDelta } {
  const fresh = { packs: { ...packed.root.packs }, delta: {} }
  if (!previous || !sameLayout(previous.layout, packed.root.layout)) return fresh
  const names = new Set([...Object.keys(previous.packs), ...Object.keys(packed.root.packs)])
  const search = [...names].filter((name) => RECORDS.search.group === name.slice(0, name.indexOf('/')))
  const delta: SearchDelta = {}
  for (const name of search) {
    const liveHash = previous.packs[name]
    const freshPack = packed.packs.get(name)
    if (liveHash === freshPack?.hash) continue
    const livePack = compared.get(name)
    if (liveHash !== undefined && !livePack) return fresh
    Object.assign(delta, searchDelta(livePack, freshPack && new Pack(freshPack.value)))
  }
  if (Buffer.byteLength(JSON.stringify(delta)) > DELTA_BYTES) return fresh
  const packs = { ...packed.root.packs }
  for (const name of search) {
    const liveHash = previous.packs[name]
    if (liveHash === undefined) delete packs[name]
    else packs[name] = liveHash
  }
  return { packs, delta }
}

/**
 * The live pack holding the graph stays, with the links that changed put in the root
 * (src/core/graph.ts), when the graph's links are all that changed in that pack: a deploy that
 * adds a link writes no pack for the graph. Anything else in the pack changed (a note added, a
 * title), the pack is written anyway and holds the graph laid out anew.
 */
function keepGraphPack(
  packed: PackedSite,
  previous: Root | undefined,
  compared: ReadonlyMap<string, Pack>,
): { pack?: { name: string; hash: string }; delta: GraphDelta } {
  const none = { delta: NO_GRAPH_DELTA }
  const key = RECORDS.graph.key('')
  const name = packNameOf(key, packed.root.layout)
  if (!previous || !sameLayout(previous.layout, packed.root.layout)) return none
  const liveHash = previous.packs[name]
  const built = packed.packs.get(name)
  const live = compared.get(name)
  if (liveHash === undefined || !built || liveHash === built.hash || !live) return none
  const fresh = new Pack(built.value)
  for (const other of new Set([...live.keys(), ...fresh.keys()]))
    if (other !== key && live.hash(other) !== fresh.hash(other)) return none
  const stored = RECORDS.graph.decode(live.json(key) ?? '')
  const now = RECORDS.graph.decode(fresh.json(key) ?? '')
  const delta = stored && now && graphDelta(stored, now)
  if (!delta || Buffer.byteLength(JSON.stringify(delta)) > DELTA_BYTES) return none
  return { pack: { name, hash: liveHash }, delta }
}

/** The live packs that were read to compare against, by name. */
function livePacks(previous: Root, live: LiveState): Map<string, Pack> {
  const found = new Map<string, Pack>()
  for (const [name, hash] of Object.entries(previous.packs)) {
    const value = live.packs.get(packKey(name, hash))
    if (value !== undefined) found.set(name, new Pack(typeof value === 'string' ? Buffer.from(value) : value))
  }
  return found
}

/** The postings that turn the live pack's into the build's, term by term. */
function searchDelta(live: Pack | undefined, fresh: Pack | undefined): SearchDelta {
  const delta: SearchDelta = {}
  const postings = (pack: Pack | undefined, key: string): SearchPostings => {
    const json = pack?.json(key)
    return (json && RECORDS.search.decode(json)) || {}
  }
  for (const key of new Set([...(live?.keys() ?? []), ...(fresh?.keys() ?? [])])) {
    if (live?.hash(key) === fresh?.hash(key)) continue
    const change = postingsDelta(postings(live, key), postings(fresh, key))
    if (change) delta[key.slice(RECORDS.search.prefix.length)] = change
  }
  return delta
}

/** The cache tag of the pages a record shows on; null when no cached page shows it (search). */
function cacheTagOf(key: string): string | null {
  const found = kindOfKey(key)
  if (!found) return null
  const { kind, id } = found
  // A protected page is never cached, but what its URL answered before (a public page, a 404) may be.
  if (kind === RECORDS.note || kind === RECORDS.redirect || kind === RECORDS.protectedNote) return noteTag(id)
  if (kind === RECORDS.folder) return folderTag(id)
  if (kind === RECORDS.tag) return tagPageTag(id)
  if (kind === RECORDS.tagIndex) return TAG_INDEX_TAG
  if (kind === RECORDS.noteIndex) return NOTES_TAG
  if (kind === RECORDS.graph) return GRAPH_TAG
  return null
}

/**
 * Everything when the worker, the site record or the layout changed, or when the old packs could
 * not be compared; else the pages of the records whose hash changed.
 */
function purgeFor(
  packed: PackedSite,
  previous: Root | undefined,
  compared: ReadonlyMap<string, Pack>,
  worker: string | undefined,
): DeployPlan['purge'] {
  if (!previous || !sameLayout(previous.layout, packed.root.layout)) return { everything: true }
  if (
    (worker && previous.worker !== worker) ||
    previous.shell !== packed.root.shell ||
    JSON.stringify(previous.site) !== JSON.stringify(packed.root.site)
  )
    return { everything: true }
  const tags = new Set<string>()
  for (const name of new Set([...Object.keys(previous.packs), ...Object.keys(packed.root.packs)])) {
    const liveHash = previous.packs[name]
    const freshPack = packed.packs.get(name)
    if (liveHash === freshPack?.hash) continue
    const live = compared.get(name)
    if (liveHash !== undefined && !live) return { everything: true }
    const fresh = freshPack && new Pack(freshPack.value)
    for (const key of new Set([...(live?.keys() ?? []), ...(fresh?.keys() ?? [])])) {
      const tag = live?.hash(key) === fresh?.hash(key) ? null : cacheTagOf(key)
      if (tag) tags.add(tag)
    }
  }
  return tags.size ? { tags: [...tags].sort() } : undefined
}
