/**
 * Incremental uploads. The namespace keeps a manifest (key → hash of the value last written);
 * a deploy compares each record of the new build with it and writes only what changed.
 * Pure: the plan is computed here, carried out by scripts/kv.ts.
 */
import { createHash } from 'node:crypto'
import type { KvEntry } from './build.ts'
import { folderTag, noteTag, NOTES_TAG, TAG_INDEX_TAG, tagPageTag } from '../src/cache.ts'
import { NOTE_INDEX_KEY, TAG_INDEX_KEY } from '../src/core/record.ts'

export const MANIFEST_KEY = 'manifest'
const MANIFEST_VERSION = 1

export interface Manifest {
  v: typeof MANIFEST_VERSION
  /** Every key the namespace holds for this site (the manifest itself excepted) → hash of its value. */
  records: Record<string, string>
  /** Hash of the worker bundle last deployed: new code may render every page differently. */
  worker?: string
}

export interface SyncPlan {
  /** Keys the namespace does not have yet: written first, so nothing points at a missing record. */
  added: KvEntry[]
  /** Keys whose value changed: written second. */
  changed: KvEntry[]
  /** Keys the build no longer has: deleted last, after every record that pointed at them changed. */
  removed: string[]
  /** The manifest to write once every put has succeeded. */
  manifest: Manifest
  /** The manifest the namespace held before, if any. */
  previous: Manifest | undefined
}

function valueHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 24)
}

/** Reads a manifest fetched from KV; undefined when it is missing or not one this version wrote. */
export function parseManifest(text: string | undefined): Manifest | undefined {
  if (!text) return undefined
  try {
    const value: unknown = JSON.parse(text)
    if (
      typeof value !== 'object' ||
      value === null ||
      !('v' in value) ||
      value.v !== MANIFEST_VERSION ||
      !('records' in value)
    )
      return undefined
    const records = value.records
    if (typeof records !== 'object' || records === null) return undefined
    return Object.values(records).every((hash) => typeof hash === 'string') ? (value as Manifest) : undefined
  } catch {
    return undefined
  }
}

/**
 * What to write and delete so the namespace holds exactly `entries`. Without a manifest (the first
 * deploy), every entry is written, and `existingKeys` (a key listing) names what to delete.
 */
export function planSync(
  entries: readonly KvEntry[],
  previous: Manifest | undefined,
  existingKeys: readonly string[] = [],
  worker?: string,
): SyncPlan {
  const records: Record<string, string> = {}
  const added: KvEntry[] = []
  const changed: KvEntry[] = []
  for (const entry of entries) {
    const hash = valueHash(entry.value)
    records[entry.key] = hash
    const before = previous?.records[entry.key]
    if (before === undefined) added.push(entry)
    else if (before !== hash) changed.push(entry)
  }
  const known = previous ? Object.keys(previous.records) : existingKeys.filter((key) => key !== MANIFEST_KEY)
  const removed = known.filter((key) => !(key in records))
  const manifest: Manifest = worker ? { v: MANIFEST_VERSION, records, worker } : { v: MANIFEST_VERSION, records }
  return { added, changed, removed, manifest, previous }
}

/** The cache tag of the pages a KV key shows on (src/cache.ts), or undefined when it is on every page. */
function tagOfKey(key: string): string | null | undefined {
  const colon = key.indexOf(':')
  const [kind, rest] = colon === -1 ? [key, ''] : [key.slice(0, colon), key.slice(colon + 1)]
  if (kind === 'note' || kind === 'redirect') return noteTag(rest)
  if (kind === 'tag') return tagPageTag(rest)
  if (kind === TAG_INDEX_KEY) return TAG_INDEX_TAG
  if (kind === NOTE_INDEX_KEY) return NOTES_TAG
  if (kind === 'folder') return folderTag(rest)
  // Formulas are stored by content hash: a new one is a new key, which only changed notes use.
  if (kind === 'math') return null
  // Search results are never cached (the search page is `no-store`).
  if (kind === 'search') return null
  return undefined
}

/**
 * What a deploy must purge from Workers Cache: nothing when nothing changed; everything when
 * the worker code or the site record (on every page) changed; else the pages of the changed keys.
 */
export function purgeFor(plan: SyncPlan): { everything: true } | { tags: string[] } | undefined {
  const keys = [...plan.added.map((entry) => entry.key), ...plan.changed.map((entry) => entry.key), ...plan.removed]
  const workerChanged = plan.manifest.worker !== undefined && plan.previous?.worker !== plan.manifest.worker
  if (workerChanged) return { everything: true }
  if (!keys.length) return undefined
  const tags = keys.map(tagOfKey)
  if (tags.some((tag) => tag === undefined)) return { everything: true }
  const unique = [...new Set(tags.filter((tag): tag is string => tag !== null))]
  if (unique.length > 1000) return { everything: true }
  return unique.length ? { tags: unique } : undefined
}

/** The plan in a few lines: counts, then the keys. */
export function describePlan(plan: SyncPlan): string {
  const lines = [
    `${plan.added.length} to add, ${plan.changed.length} to change, ${plan.removed.length} to delete (and the manifest)`,
  ]
  for (const entry of plan.added) lines.push(`  + ${entry.key}`)
  for (const entry of plan.changed) lines.push(`  ~ ${entry.key}`)
  for (const key of plan.removed) lines.push(`  - ${key}`)
  return lines.join('\n')
}
