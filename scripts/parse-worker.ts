/**
 * A worker thread of the build: reads and parses one batch of notes (stages read and parse) and
 * posts the result back, each formula's HTML once (withoutFormulas). scripts/build.ts runs one per
 * core on large vaults.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { parseNotes, withoutFormulas } from './stages/parse.ts'
import { readNotes } from './stages/read.ts'

const { vaultDir, paths } = workerData as { vaultDir: string; paths: string[] }
parentPort!.postMessage(withoutFormulas(parseNotes(await readNotes(vaultDir, paths))))
