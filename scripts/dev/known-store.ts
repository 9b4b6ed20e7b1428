/**
 * Local KV as `npm run dev` keeps it: while dev runs it is the only writer of its local namespace,
 * so the values it wrote and the keys it listed are known without asking the platform proxy again.
 * A rebuild's plan reads the root and the packs it compares from memory (a 10,000-note vault's
 * changed pack is more than a megabyte through the proxy, each save).
 */
import type { KvEntry } from '../stages/plan.ts'
import type { KvStore } from '../upload.ts'

export function knownStore(store: KvStore): KvStore {
  /** Each key's value as this process wrote or read it (pack values are the build's own buffers). */
  const values = new Map<string, string | Buffer>()
  /** The keys under each prefix listed once, kept up to date with every put and delete since. */
  const listed = new Map<string, Set<string>>()
  /** A text value's UTF-8, encoded once while it is the value (the root, of a megabyte or more, is read each save). */
  let lastText: { text: string; bytes: Buffer } | undefined
  const bytesOf = (value: string | Buffer): Buffer => {
    if (typeof value !== 'string') return value
    if (lastText?.text !== value) lastText = { text: value, bytes: Buffer.from(value) }
    return lastText.bytes
  }
  const known = async (keys: readonly string[]) => {
    const unknown = keys.filter((key) => !values.has(key))
    for (const [key, value] of await (unknown.length ? store.get(unknown) : new Map<string, string>()))
      values.set(key, value)
    return keys.flatMap((key) => (values.has(key) ? [[key, values.get(key)!] as const] : []))
  }
  return {
    async get(keys) {
      return new Map((await known(keys)).map(([key, value]) => [key, value.toString()]))
    },
    async getBytes(keys) {
      return new Map((await known(keys)).map(([key, value]) => [key, bytesOf(value)]))
    },
    async list(prefix) {
      let keys = listed.get(prefix)
      if (!keys) {
        keys = new Set(await store.list(prefix))
        listed.set(prefix, keys)
      }
      return [...keys]
    },
    async put(entries: readonly KvEntry[]) {
      await store.put(entries)
      for (const { key, value } of entries) {
        values.set(key, value)
        for (const [prefix, keys] of listed) if (key.startsWith(prefix)) keys.add(key)
      }
    },
    async delete(keys) {
      await store.delete(keys)
      for (const key of keys) {
        values.delete(key)
        for (const listedKeys of listed.values()) listedKeys.delete(key)
      }
    },
  }
}
