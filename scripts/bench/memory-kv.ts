/** An in-memory KV namespace (the deploy's KvStore) that counts the keys each deploy writes. */
import type { KvEntry } from '../stages/plan.ts'
import type { KvStore } from '../upload.ts'

export class CountingKv implements KvStore {
  readonly values = new Map<string, string>()
  /** Key → times written since the last `startCount`. */
  written = new Map<string, number>()

  /** Starts counting a new deploy. */
  startCount(): void {
    this.written = new Map()
  }

  async get(keys: readonly string[]): Promise<Map<string, string>> {
    return new Map(keys.flatMap((key) => (this.values.has(key) ? [[key, this.values.get(key)!] as const] : [])))
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.values.keys()].filter((key) => key.startsWith(prefix)).sort()
  }

  async put(entries: readonly KvEntry[]): Promise<void> {
    for (const { key, value } of entries) {
      this.values.set(key, value.toString())
      this.written.set(key, (this.written.get(key) ?? 0) + 1)
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.values.delete(key)
  }
}
