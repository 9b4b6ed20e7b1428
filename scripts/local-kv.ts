/**
 * The local KV namespace `wrangler dev` serves, reached in-process through wrangler's
 * getPlatformProxy: the same storage (`.wrangler/state/v3`, or `<persistTo>/v3`) without starting
 * a wrangler process per command. A first `npm run dev` of a 10,000-note vault writes its ~400
 * packs in seconds instead of the minute `wrangler kv bulk put --local` takes to parse them.
 */
import { join } from 'node:path'
import { getPlatformProxy } from 'wrangler'
import type { AttachmentBucket } from './r2.ts'
import { boundBucket } from './r2.ts'
import type { KvEntry } from './stages/plan.ts'
import type { KvStore } from './upload.ts'

/** Requests in flight at once: enough to keep the proxy busy, few enough to hold little in memory. */
const AT_ONCE = 8

async function eachAtOnce<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) await work(items[i]!)
  }
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, items.length) }, worker))
}

/**
 * A KvStore over local KV, and the local R2 bucket wrangler.toml binds as ATTACHMENTS (undefined when it
 * binds none); `close()` stops the proxy's workerd. `root` is the folder holding wrangler.toml.
 */
export async function localStore(
  root: string,
  options: { persistTo?: string } = {},
): Promise<KvStore & { bucket: AttachmentBucket | undefined; close(): Promise<void> }> {
  const proxy = await getPlatformProxy<{ NOTES: KVNamespace; ATTACHMENTS?: R2Bucket }>({
    configPath: join(root, 'wrangler.toml'),
    persist: { path: join(options.persistTo ?? join(root, '.wrangler/state'), 'v3') },
    remoteBindings: false,
    envFiles: [],
  })
  const kv = proxy.env.NOTES
  return {
    bucket: proxy.env.ATTACHMENTS && boundBucket(proxy.env.ATTACHMENTS, 'ATTACHMENTS (local)'),
    async get(keys) {
      const found = new Map<string, string>()
      await eachAtOnce(keys, async (key) => {
        const value = await kv.get(key, 'text')
        if (value !== null) found.set(key, value)
      })
      return found
    },
    async list(prefix) {
      const names: string[] = []
      let cursor: string | undefined
      do {
        const page = await kv.list({ prefix, ...(cursor ? { cursor } : {}) })
        names.push(...page.keys.map((key) => key.name))
        cursor = page.list_complete ? undefined : page.cursor
      } while (cursor)
      return names
    },
    async put(entries: readonly KvEntry[]) {
      // Bytes go through the proxy as a stream: three times faster than as a value it serializes.
      await eachAtOnce(entries, (entry) =>
        kv.put(
          entry.key,
          typeof entry.value === 'string' ? entry.value : new Blob([entry.value as Uint8Array<ArrayBuffer>]).stream(),
        ),
      )
    },
    async delete(keys) {
      await eachAtOnce(keys, (key) => kv.delete(key))
    },
    close: () => proxy.dispose(),
  }
}
