/**
 * The build's KV output, `dist/kv/`: one file per value (the packs and the root), named by its key
 * (URI-encoded, so `pack:notes/3:…` is one file name on every OS). The bytes are the value as
 * uploaded, nothing escaped; `wrangler kv key put <key> --path dist/kv/<file>` uploads one by hand.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { KvEntry } from './stages/plan.ts'

/** Files written at once: within macOS's default of 256 open files, with room for the rest of the build. */
const AT_ONCE = 16

/** Replaces `dir` with the entries, one file each. */
export async function writeKvDir(dir: string, entries: readonly KvEntry[]): Promise<void> {
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  let next = 0
  const writer = async () => {
    for (let i = next++; i < entries.length; i = next++)
      await writeFile(join(dir, encodeURIComponent(entries[i]!.key)), entries[i]!.value)
  }
  await Promise.all(Array.from({ length: AT_ONCE }, writer))
}

/** The entries a build wrote into `dir`, in key order. */
export async function readKvDir(dir: string): Promise<KvEntry[]> {
  const names = (await readdir(dir)).sort()
  const entries: KvEntry[] = []
  for (const name of names)
    entries.push({ key: decodeURIComponent(name), value: await readFile(join(dir, name), 'utf8') })
  return entries.sort((a, b) => (a.key < b.key ? -1 : 1))
}
