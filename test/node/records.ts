/** The records a build wrote, unpacked: record key → parsed JSON, plus `site` from the root, and each record's hash. */
import type { KvEntry } from '../../scripts/stages/plan.ts'
import { Pack } from '../../src/core/pack.ts'
import { decodeRoot, ROOT_KEY } from '../../src/core/root.ts'

export function unpack(entries: readonly KvEntry[]): { records: Map<string, unknown>; hashes: Map<string, string> } {
  const records = new Map<string, unknown>()
  const hashes = new Map<string, string>()
  for (const entry of entries) {
    if (entry.key === ROOT_KEY) {
      records.set('site', decodeRoot(entry.value)!.site)
      continue
    }
    const pack = new Pack(Buffer.from(entry.value))
    for (const key of pack.keys()) {
      records.set(key, JSON.parse(pack.json(key)!))
      hashes.set(key, pack.hash(key)!)
    }
  }
  return { records, hashes }
}
