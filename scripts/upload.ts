/**
 * Stage 7, upload: the only code that runs wrangler against KV. It reads what the namespace holds
 * (the root, a listing of its packs, the old packs the plan compares), and carries a plan
 * (scripts/stages/plan.ts) out in the order that keeps the live site whole.
 *
 * Every command names its target: `wrangler kv … --local` is what `wrangler dev` reads,
 * `--remote` the real namespace. Without either, wrangler guesses, and a guess here would
 * publish to the wrong place.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { decodeRetired, decodeRoot, PACK_PREFIX, ROOT_KEY } from '../src/core/root.ts'
import type { PackedSite } from './stages/pack.ts'
import type { DeployPlan, KvEntry, LiveState } from './stages/plan.ts'
import { packsToCompare } from './stages/plan.ts'

const ROOT_DIR = resolve(fileURLToPath(import.meta.url), '../..')
export const WRANGLER = join(ROOT_DIR, 'node_modules/.bin/wrangler')

/** A KV namespace as the deploy sees it. Tests use an in-memory one that fails where they say. */
export interface KvStore {
  /** Values by key; a missing key is absent from the map. */
  get(keys: readonly string[]): Promise<Map<string, string>>
  /** Values by key as bytes, from a store that holds them so: the plan reads packs as bytes (src/core/pack.ts). */
  getBytes?(keys: readonly string[]): Promise<Map<string, Uint8Array>>
  list(prefix: string): Promise<string[]>
  put(entries: readonly KvEntry[]): Promise<void>
  delete(keys: readonly string[]): Promise<void>
}

/** `local`: wrangler dev's storage (`.wrangler/state`, or `persistTo`); `remote`: the real namespace. */
export type KvTarget = 'local' | 'remote'

/** The KV binding in wrangler.toml that holds the records. */
const BINDING = 'NOTES'
/** Keys per `wrangler kv bulk` command: one process start per batch, and little lost if a batch fails. */
const BATCH = 500

/** Runs a command, inheriting stderr; throws with the command line when it fails. */
export function run(argv: readonly string[], options: { capture?: boolean; quiet?: boolean } = {}): string {
  const [command, ...args] = argv
  const result = spawnSync(command!, args, {
    cwd: ROOT_DIR,
    encoding: 'utf8',
    stdio: ['ignore', options.capture ? 'pipe' : 'inherit', options.quiet ? 'ignore' : 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    maxBuffer: 1 << 30,
  })
  if (result.status !== 0) throw new Error(`command failed (${result.status ?? result.signal}): ${argv.join(' ')}`)
  return result.stdout ?? ''
}

/** The exact wrangler command for one KV operation on `target`. */
export function kvCommand(
  operation: 'bulk put' | 'bulk get' | 'bulk delete' | 'key list',
  target: KvTarget,
  options: { file?: string; prefix?: string; persistTo?: string } = {},
): string[] {
  const flags =
    target === 'local' && options.persistTo ? ['--local', '--persist-to', options.persistTo] : [`--${target}`]
  const [group, verb] = operation.split(' ') as [string, string]
  return [
    WRANGLER,
    'kv',
    group,
    verb,
    ...(options.file ? [options.file] : []),
    '--binding',
    BINDING,
    ...flags,
    ...(options.prefix ? ['--prefix', options.prefix] : []),
    ...(operation === 'bulk delete' ? ['--force'] : []),
  ]
}

/** The namespace through wrangler's CLI. */
export function wranglerStore(target: KvTarget, options: { persistTo?: string } = {}): KvStore {
  const withFile = <T>(contents: unknown, use: (file: string) => T): T => {
    const dir = mkdtempSync(join(tmpdir(), 'hyphae-kv-'))
    const file = join(dir, 'batch.json')
    try {
      writeFileSync(file, JSON.stringify(contents))
      return use(file)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  const batches = <T>(items: readonly T[]) =>
    Array.from({ length: Math.ceil(items.length / BATCH) }, (_, i) => items.slice(i * BATCH, (i + 1) * BATCH))
  return {
    async get(keys) {
      const found = new Map<string, string>()
      for (const batch of batches(keys)) {
        const out = withFile(batch, (file) =>
          run(kvCommand('bulk get', target, { ...options, file }), { capture: true, quiet: true }),
        )
        const values: unknown = JSON.parse(out)
        for (const [key, entry] of Object.entries(values as Record<string, { value: unknown }>)) {
          if (typeof entry?.value === 'string') found.set(key, entry.value)
        }
      }
      return found
    },
    async list(prefix) {
      const listed: unknown = JSON.parse(
        run(kvCommand('key list', target, { ...options, prefix }), { capture: true, quiet: true }),
      )
      return Array.isArray(listed)
        ? listed.map((item: { name?: unknown }) => item.name).filter((name): name is string => typeof name === 'string')
        : []
    },
    async put(entries) {
      for (const batch of batches(entries))
        withFile(
          batch.map(({ key, value }) => ({ key, value: value.toString() })),
          (file) => run(kvCommand('bulk put', target, { ...options, file }), { quiet: true }),
        )
    },
    async delete(keys) {
      for (const batch of batches(keys))
        withFile(batch, (file) => run(kvCommand('bulk delete', target, { ...options, file }), { quiet: true }))
    },
  }
}

/** The namespace's root as text; undefined before the first deploy. */
export async function readRootText(store: KvStore): Promise<string | undefined> {
  return (await store.get([ROOT_KEY])).get(ROOT_KEY)
}

/** What the namespace holds now, as much as the plan needs for `packed`, given the root already read. */
export async function readLive(store: KvStore, packed: PackedSite, rootText: string | undefined): Promise<LiveState> {
  const root = rootText === undefined ? undefined : decodeRoot(rootText)
  const keys = new Set(await store.list(PACK_PREFIX))
  const compare = packsToCompare(packed, root).filter((key) => keys.has(key))
  const packs = compare.length ? await (store.getBytes?.(compare) ?? store.get(compare)) : new Map<string, string>()
  return {
    ...(rootText === undefined || !root ? {} : { rootText, root, retired: decodeRetired(rootText) }),
    keys,
    packs,
  }
}

/** Hooks for the steps a deploy puts between the KV writes: `beforeRoot` deploys the worker and its assets. */
export interface ApplyHooks {
  beforeRoot?: () => Promise<void> | void
}

/** Carries a plan out: packs, then the root, then deletions. Returns the writes and deletes made. */
export async function applyPlan(
  plan: DeployPlan,
  store: KvStore,
  hooks: ApplyHooks = {},
): Promise<{ writes: number; deletes: number }> {
  for (let i = 0; i < plan.writes.length; i += BATCH) await store.put(plan.writes.slice(i, i + BATCH))
  await hooks.beforeRoot?.()
  if (plan.root) await store.put([plan.root])
  if (plan.deletes.length) await store.delete(plan.deletes)
  return { writes: plan.writes.length + (plan.root ? 1 : 0), deletes: plan.deletes.length }
}
