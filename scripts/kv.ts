/**
 * Uploads a build's records with wrangler: to local storage (what `wrangler dev` reads) or to the
 * real namespace. Every command names its target explicitly: `wrangler kv bulk put` without
 * `--remote` or `--local` guesses, and a guess here would publish drafts or miss a deploy.
 *
 * Order, so readers never meet a link to a record that is not there yet: put every record first,
 * then delete the keys this build no longer has.
 */
import { spawnSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { KvEntry } from './build.ts'
import { ROOT } from './build.ts'

/** `local`: wrangler dev's storage (in `.wrangler/state`, or `persistTo`); `remote`: the real namespace. */
export type KvTarget = 'local' | 'remote'

/** Where local storage lives, when not wrangler's default. */
export interface KvOptions {
  persistTo?: string
}

function targetFlags(target: KvTarget, options: KvOptions): string[] {
  return target === 'local' && options.persistTo ? ['--local', '--persist-to', options.persistTo] : [`--${target}`]
}

/** The KV binding in wrangler.toml that holds the records. */
export const BINDING = 'NOTES'

export const WRANGLER = join(ROOT, 'node_modules/.bin/wrangler')

export function bulkPutCommand(file: string, target: KvTarget, options: KvOptions = {}): string[] {
  return [WRANGLER, 'kv', 'bulk', 'put', file, '--binding', BINDING, ...targetFlags(target, options)]
}

export function keyListCommand(target: KvTarget, options: KvOptions = {}): string[] {
  return [WRANGLER, 'kv', 'key', 'list', '--binding', BINDING, ...targetFlags(target, options)]
}

export function bulkDeleteCommand(file: string, target: KvTarget, options: KvOptions = {}): string[] {
  return [WRANGLER, 'kv', 'bulk', 'delete', file, '--binding', BINDING, ...targetFlags(target, options), '--force']
}

/** Runs a command, inheriting stderr; throws with the command line when it fails. */
export function run(argv: readonly string[], options: { capture?: boolean } = {}): string {
  const [command, ...args] = argv
  const result = spawnSync(command!, args, {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', options.capture ? 'pipe' : 'inherit', 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    maxBuffer: 1 << 30,
  })
  if (result.status !== 0) throw new Error(`command failed (${result.status ?? result.signal}): ${argv.join(' ')}`)
  return result.stdout ?? ''
}

/** Makes the namespace hold exactly `entries`: puts them all, then deletes every other key. */
export async function syncKv(
  entries: readonly KvEntry[],
  kvFile: string,
  outDir: string,
  target: KvTarget,
  options: KvOptions = {},
): Promise<{ put: number; deleted: number }> {
  run(bulkPutCommand(kvFile, target, options))
  const listed: unknown = JSON.parse(run(keyListCommand(target, options), { capture: true }))
  const wanted = new Set(entries.map((entry) => entry.key))
  const stale = Array.isArray(listed)
    ? listed.map((item: { name?: unknown }) => item.name).filter((name): name is string => typeof name === 'string' && !wanted.has(name))
    : []
  if (stale.length) {
    const deleteFile = join(outDir, 'kv-delete.json')
    await writeFile(deleteFile, JSON.stringify(stale))
    run(bulkDeleteCommand(deleteFile, target, options))
  }
  return { put: entries.length, deleted: stale.length }
}
