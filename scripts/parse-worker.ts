/**
 * A worker thread of the build: reads, parses and drafts one batch of notes (stages read and
 * parse, stages/draft.ts) and posts the result back, each formula's HTML once (withoutFormulas). scripts/build.ts runs one per
 * core on large vaults.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { ParseContext } from './stages/draft.ts'
import { parseNotes, withoutFormulas } from './stages/parse.ts'
import { readNotes } from './stages/read.ts'

const { vaultDir, paths, context } = workerData as { vaultDir: string; paths: string[]; context?: ParseContext }
parentPort!.postMessage(withoutFormulas(parseNotes(await readNotes(vaultDir, paths), undefined, context)))
