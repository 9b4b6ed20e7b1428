/** The records a build wrote, unpacked as the worker reads them: record key → parsed JSON, plus `site` from the root, and each record's hash. */
import type { KvEntry } from '../../scripts/stages/plan.ts'
import { Pack } from '../../src/core/pack.ts'
import { fillFragments } from '../../src/core/render.ts'
import { RECORDS } from '../../src/core/records.ts'
import { decodeRoot, ROOT_KEY } from '../../src/core/root.ts'

export function unpack(entries: readonly KvEntry[]): { records: Map<string, unknown>; hashes: Map<string, string> } {
  const records = new Map<string, unknown>()
  const hashes = new Map<string, string>()
  for (const entry of entries) {
    if (entry.key === ROOT_KEY) {
      records.set('site', decodeRoot(entry.value.toString())!.site)
      continue
    }
    const pack = new Pack(typeof entry.value === 'string' ? Buffer.from(entry.value) : entry.value)
    for (const key of pack.keys()) {
      // A note's rendered body is a text record beside it; src/notes.ts puts it into the note (a protected
      // note's too), with its formulas (text records too).
      if (key.startsWith('h:') || key.startsWith('q:')) continue
      if (key.startsWith(RECORDS.formula.prefix)) {
        records.set(key, RECORDS.formula.decode(pack.json(key)!))
        hashes.set(key, pack.hash(key)!)
        continue
      }
      const record = JSON.parse(pack.json(key)!)
      // A note's formulas are stored beside it in its pack; put them back, as src/notes.ts does.
      const note = key.startsWith('n:') || key.startsWith('p:')
      for (const formula of note ? (record.math as string[]) : [])
        record.prerendered[formula] = RECORDS.formula.decode(pack.json(formula)!)!
      // A protected note's (`p:`) beside it as `q:`.
      const html = note ? pack.json(`${key.startsWith('n:') ? 'h' : 'q'}:${key.slice(2)}`) : undefined
      if (html !== undefined) record.html = fillFragments(html, (fragment) => record.prerendered[fragment])
      records.set(key, record)
      hashes.set(key, pack.hash(key)!)
    }
  }
  return { records, hashes }
}
