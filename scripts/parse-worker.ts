/**
 * A worker thread of the build: reads and parses one batch of notes (step 1 of scripts/vault.ts)
 * and posts the result back. scripts/build.ts runs one per core on large vaults.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parentPort, workerData } from 'node:worker_threads'
import { decodeNote, parseNotes } from './vault.ts'

const { vaultDir, paths } = workerData as { vaultDir: string; paths: string[] }
const sources = await Promise.all(paths.map(async (path) => decodeNote(path, await readFile(join(vaultDir, path)))))
parentPort!.postMessage(parseNotes(sources))
