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

/**
 * Replaces `dir` with the entries, one file each. Given the `previous` build's entries (a rebuild
 * while watching), writes only the new keys and removes the gone ones: a pack's key is its hash.
 */
export async function writeKvDir(
  dir: string,
  entries: readonly KvEntry[],
  previous?: readonly KvEntry[],
): Promise<void> {
  const had = new Set(previous?.map((entry) => entry.key))
  const fileOf = (key: string) => join(dir, encodeURIComponent(key))
  if (previous) {
    const now = new Set(entries.map((entry) => entry.key))
    await Promise.all([...had].filter((key) => !now.has(key)).map((key) => rm(fileOf(key), { force: true })))
  } else {
    await rm(dir, { recursive: true, force: true })
    await mkdir(dir, { recursive: true })
  }
  // The root's key never changes, its value does: always written.
  const fresh = entries.filter((entry) => !had.has(entry.key) || !entry.key.startsWith('pack:'))
  let next = 0
  const writer = async () => {
    for (let i = next++; i < fresh.length; i = next++) await writeFile(fileOf(fresh[i]!.key), fresh[i]!.value)
  }
  await Promise.all(Array.from({ length: AT_ONCE }, writer))
}

/** A KV value as text: what a reader of KV (`get(key, 'text')`) sees. */
export interface TextEntry {
  key: string
  value: string
}

/** KV entries as text: packs are built as bytes (stages/pack.ts). */
export function asText(entries: readonly KvEntry[]): TextEntry[] {
  return entries.map(({ key, value }) => ({ key, value: value.toString() }))
}

/** The entries a build wrote into `dir`, in key order. */
export async function readKvDir(dir: string): Promise<TextEntry[]> {
  const names = (await readdir(dir)).sort()
  const entries: TextEntry[] = []
  for (const name of names)
    entries.push({ key: decodeURIComponent(name), value: await readFile(join(dir, name), 'utf8') })
  return entries.sort((a, b) => (a.key < b.key ? -1 : 1))
}
