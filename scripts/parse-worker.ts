/**
 * A worker thread of the build: reads and parses one batch of notes (step 1 of scripts/vault.ts)
 * and posts the result back. scripts/build.ts runs one per core on large vaults.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parentPort, workerData } from 'node:worker_threads'
import { parseNotes } from './vault.ts'

const { vaultDir, paths } = workerData as { vaultDir: string; paths: string[] }
const sources = await Promise.all(paths.map(async (path) => ({ path, source: await readFile(join(vaultDir, path), 'utf8') })))
parentPort!.postMessage(parseNotes(sources))
