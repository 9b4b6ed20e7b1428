/**
 * A worker thread of the build: reads, parses and drafts its share of the notes (stages read and
 * parse, stages/draft.ts) a batch at a time, each batch appended to the parse store's file when one
 * is named (stages/parse-store.ts); then posts them all in one message `{ batches, written }`
 * (`written`: the store file holds every batch). Each formula's HTML goes once, with the first batch
 * that shows it. One message, not one a batch: the main thread, taking batches in while the vault is
 * still being parsed, marked its growing heap again for each and spent twice the time collecting
 * garbage. scripts/build.ts runs one per core on large vaults.
 */
import { serialize } from 'node:v8'
import { parentPort, workerData } from 'node:worker_threads'
import type { Prerendered } from './prerender.ts'
import type { ParseContext } from './stages/draft.ts'
import type { StoredBatch } from './stages/parse-store.ts'
import { BatchWriter, parseBatch } from './stages/parse-store.ts'

/** Notes a batch of the store: a few megabytes serialized at once. */
const BATCH = 250

const { vaultDir, paths, context, file } = workerData as {
  vaultDir: string
  paths: string[]
  context?: ParseContext
  file?: string
}
const writer = file === undefined ? undefined : new BatchWriter(file)
/** Every formula and code block this thread typeset, so a batch typesets only what earlier ones did not. */
const typeset = new Map<string, Prerendered>()
const batches: StoredBatch[] = []
for (let from = 0; from < paths.length; from += BATCH) {
  const batch = await parseBatch(vaultDir, paths.slice(from, from + BATCH), context, typeset)
  writer?.write(serialize(batch))
  batches.push(batch)
}
parentPort!.postMessage({ batches, written: writer?.close() ?? false })
