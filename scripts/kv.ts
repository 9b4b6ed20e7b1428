/**
 * Uploads a build's records with wrangler: to local storage (what `wrangler dev` reads) or to the
 * real namespace. Every command names its target explicitly: `wrangler kv bulk put` without
 * `--remote` or `--local` guesses, and a guess here would publish drafts or miss a deploy.
 *
 * Uploads are incremental (scripts/manifest.ts): only records whose value changed are written.
 * Order, so readers never meet a link to a record that is not there yet: new records first, then
 * changed ones, then the manifest, and deletions last.
 */
import { spawnSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { KvEntry } from './build.ts'
import { ROOT } from './build.ts'
import type { Manifest, SyncPlan } from './manifest.ts'
import { MANIFEST_KEY, parseManifest, planSync } from './manifest.ts'

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
export function run(argv: readonly string[], options: { capture?: boolean; quiet?: boolean } = {}): string {
  const [command, ...args] = argv
  const result = spawnSync(command!, args, {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', options.capture ? 'pipe' : 'inherit', options.quiet ? 'ignore' : 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    maxBuffer: 1 << 30,
  })
  if (result.status !== 0) throw new Error(`command failed (${result.status ?? result.signal}): ${argv.join(' ')}`)
  return result.stdout ?? ''
}

function keyGetCommand(key: string, target: KvTarget, options: KvOptions = {}): string[] {
  return [WRANGLER, 'kv', 'key', 'get', key, '--binding', BINDING, ...targetFlags(target, options), '--text']
}

/** The manifest the namespace holds, if any (wrangler exits non-zero for a missing key). */
function readManifest(target: KvTarget, options: KvOptions = {}): Manifest | undefined {
  try {
    return parseManifest(run(keyGetCommand(MANIFEST_KEY, target, options), { capture: true, quiet: true }))
  } catch {
    return undefined
  }
}

/** Every key in the namespace: needed only before the first manifest exists. */
function listKeys(target: KvTarget, options: KvOptions): string[] {
  const listed: unknown = JSON.parse(run(keyListCommand(target, options), { capture: true, quiet: true }))
  return Array.isArray(listed)
    ? listed.map((item: { name?: unknown }) => item.name).filter((name): name is string => typeof name === 'string')
    : []
}

/** The plan for making the namespace hold exactly `entries` (and remember `worker`, the bundle's hash). */
export function planFor(
  entries: readonly KvEntry[],
  target: KvTarget,
  options: KvOptions & { worker?: string } = {},
): SyncPlan {
  const manifest = readManifest(target, options)
  return planSync(entries, manifest, manifest ? [] : listKeys(target, options), options.worker)
}

/**
 * Carries out a plan, in the order that keeps every page whole: new records, then changed ones,
 * then the manifest, then deletions. Returns the number of KV writes (puts and deletes).
 */
export async function applyPlan(
  plan: SyncPlan,
  outDir: string,
  target: KvTarget,
  options: KvOptions = {},
): Promise<number> {
  const unchanged =
    !plan.added.length && !plan.changed.length && !plan.removed.length && plan.previous?.worker === plan.manifest.worker
  if (unchanged) return 0
  const batches: [string, KvEntry[]][] = [
    ['kv-added.json', plan.added],
    ['kv-changed.json', plan.changed],
    ['kv-manifest.json', [{ key: MANIFEST_KEY, value: JSON.stringify(plan.manifest) }]],
  ]
  for (const [name, entries] of batches) {
    if (!entries.length) continue
    const file = join(outDir, name)
    await writeFile(file, JSON.stringify(entries))
    run(bulkPutCommand(file, target, options))
  }
  if (plan.removed.length) {
    const file = join(outDir, 'kv-delete.json')
    await writeFile(file, JSON.stringify(plan.removed))
    run(bulkDeleteCommand(file, target, options))
  }
  return plan.added.length + plan.changed.length + 1 + plan.removed.length
}
