/**
 * An in-memory KV namespace for the deploy tests: it counts every write and delete, and can be
 * told to fail at the n-th key written (as KV does at the free plan's daily limit, answering 429,
 * or as a network error would), after the keys before it in the same bulk write have landed.
 */
import type { KvStore } from '../../scripts/upload.ts'
import type { KvEntry } from '../../scripts/stages/plan.ts'
import { Garden } from '../../src/notes.ts'

/** The worker's reader (src/notes.ts) over a memory namespace, as workerd's KV would answer it. */
export function gardenOver(kv: MemoryKv): Garden {
  const namespace = {
    get: async (key: string, type: 'text' | 'arrayBuffer') => {
      const value = kv.values.get(key)
      if (value === undefined) return null
      return type === 'text' ? value : new TextEncoder().encode(value).buffer
    },
  }
  return new Garden(namespace as unknown as KVNamespace)
}

export class MemoryKv implements KvStore {
  readonly values = new Map<string, string>()
  writes = 0
  deletes = 0
  /** Fail when this many more keys have been written (or deleted); undefined = never. */
  failAfter: number | undefined

  #spend(): void {
    if (this.failAfter === undefined) return
    if (this.failAfter <= 0) throw new Error('KV answered 429: too many requests (daily limit reached)')
    this.failAfter -= 1
  }

  async get(keys: readonly string[]): Promise<Map<string, string>> {
    return new Map(keys.flatMap((key) => (this.values.has(key) ? [[key, this.values.get(key)!] as const] : [])))
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.values.keys()].filter((key) => key.startsWith(prefix)).sort()
  }

  async put(entries: readonly KvEntry[]): Promise<void> {
    for (const entry of entries) {
      this.#spend()
      this.values.set(entry.key, entry.value.toString())
      this.writes += 1
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      this.#spend()
      this.values.delete(key)
      this.deletes += 1
    }
  }
}
