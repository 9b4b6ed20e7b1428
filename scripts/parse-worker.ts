/**
 * A worker thread of the build: reads and parses one batch of notes (stages read and parse) and
 * posts the result back. scripts/build.ts runs one per core on large vaults.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { parseNotes } from './stages/parse.ts'
import { readNotes } from './stages/read.ts'

const { vaultDir, paths } = workerData as { vaultDir: string; paths: string[] }
parentPort!.postMessage(parseNotes(await readNotes(vaultDir, paths)))
