/**
 * `npm run dev [-- <vault>] [--strict]` (`--help` for usage): builds the vault (default content/)
 * into local KV and static assets, serves it on http://127.0.0.1:8787 (or $PORT), and follows the
 * writer: every save rebuilds (re-parsing only the notes that changed), writes the changed packs to
 * the local KV that `wrangler dev` reads, and reloads the open pages whose content changed.
 */
import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import type { BuildResult } from './build.ts'
import { buildToDisk, DEFAULT_OUT, DEFAULT_VAULT, parseStored, report, ROOT } from './build.ts'
import { commandLine } from './cli.ts'
import { knownStore } from './dev/known-store.ts'
import { ListingCache } from './dev/listing-cache.ts'
import { ParseCache } from './dev/parse-cache.ts'
import { startProxy } from './dev/proxy.ts'
import { watchVault } from './dev/watch.ts'
import { localStore } from './local-kv.ts'
import { publish } from './publish.ts'
import { syncAttachments } from './r2.ts'
import { WRANGLER } from './upload.ts'
import { isAccessSecretName } from '../src/core/groups.ts'
import { collectGarbage } from './dev/collect-garbage.ts'

const USAGE = `Usage: npm run dev -- [vault] [--strict]

Builds the vault into the local KV namespace (writing only the packs that changed since the last
run) and dist/public/, serves the site on http://127.0.0.1:8787, and keeps watching: each save is
rebuilt and written to local KV, and open pages reload themselves when what they show changed.
A save that breaks a note (frontmatter that does not parse) keeps its last good version on the site.

Arguments:
  vault       the vault folder (default: content/)

Options:
  --strict    treat every warning as an error: exit 1 before serving if the vault has any problem
  -h, --help  print this help

Environment:
  PORT        the port to serve on (default: 8787; wrangler dev itself listens on PORT + 1000)
  HYPHAE_ACCESS_<GROUP>, HYPHAE_SESSION_KEY
              protected notes' passwords and session key, as in .dev.vars (which wrangler dev reads)

Example:
  PORT=8080 npm run dev -- test/fixtures/vault`

const { values, vault } = commandLine(USAGE, { strict: { type: 'boolean', default: false } }, DEFAULT_VAULT)
const cache = new ParseCache()
const listing = new ListingCache()
/**
 * What a rebuild needs of the build before it (its packs, KV entries, attachments): the records
 * themselves are let go, so a 10,000-note vault is not held twice while the next build runs.
 */
function slim(result: BuildResult): BuildResult {
  return { ...result, site: { ...result.site, entries: [], notes: [] } }
}
// Local KV in-process (scripts/local-kv.ts): the storage wrangler dev reads, without a process per
// command. Its workerd starts while the vault builds.
const opening = localStore(ROOT)
opening.catch(() => {})

const port = Number(process.env.PORT ?? '8787')
const inner = port + 1000
// The front door answers at once: a page that waits, until the first build is in local KV.
const proxy = await startProxy(port, `http://127.0.0.1:${inner}`)
// Protected notes' secrets come from .dev.vars (wrangler dev reads it); any set in the environment
// (`HYPHAE_ACCESS_FAMILY=… npm run dev`) are passed on too, and win.
const secrets = Object.entries(process.env).flatMap(([name, value]) =>
  isAccessSecretName(name) && value ? ['--var', `${name}:${value}`] : [],
)
/** `wrangler dev`, once dist/public holds the site's assets (it serves them). */
function startWrangler(): ChildProcess {
  return spawn(WRANGLER, ['dev', '--port', String(inner), '--ip', '127.0.0.1', ...secrets], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  })
}

/**
 * The first build, reported and written to local KV while `wrangler dev` starts; what is kept of it
 * for the next (slim). Pages are served once it is in.
 */
async function firstBuild() {
  const result = await buildToDisk(vault, DEFAULT_OUT, {
    list: (dir) => listing.list(dir, undefined),
    parse: (dir, paths, context) => cache.seed(dir, paths, (d, p) => parseStored()(d, p, context)),
  })
  const store = await opening
  if (!report(result, vault, values.strict)) {
    await Promise.allSettled([store.close(), proxy.close()])
    process.exit(1)
  }
  const child = startWrangler()
  // Attachments too large for static assets go to the local R2 bucket first, so no page links to a missing one.
  const attachments = await syncAttachments(result.placement.r2, store.bucket)
  /** The namespace, with what this process wrote to it remembered (scripts/dev/known-store.ts). */
  const kv = knownStore(store)
  const published = await publish(result.site, kv, { packed: result.packed })
  const { writes, deletes } = published
  await attachments.prune()
  console.log(`local KV: ${writes} writes, ${deletes} deletes`)
  proxy.ready()
  return { last: slim({ ...result, packed: published.packed }), child, store, kv }
}
const first = await firstBuild()
const { child, store, kv } = first
let last: BuildResult = first.last
console.log(`hyphae: serving ${vault} on http://127.0.0.1:${port}; watching for saves`)
// The first build's garbage (about as much as the records it kept) collected now, while the writer reads
// the first page, rather than in the middle of the first save's rebuild.
setImmediate(collectGarbage)

/** One rebuild at a time; saves during a rebuild make one more after it. */
let building: Promise<void> | undefined
let again = false
/** The paths saved since the last rebuild began; undefined when the watcher could not name one. */
let saved: string[] | undefined = []
async function rebuild(): Promise<void> {
  const started = performance.now()
  const changed = saved
  saved = []
  try {
    const result = await buildToDisk(vault, DEFAULT_OUT, {
      list: (dir) => listing.list(dir, changed),
      parse: (dir, paths, context) => cache.parse(dir, paths, changed, context),
      rebuildOf: last,
    })
    // The R2 bucket is synced (its manifest read, the new files hashed) only when its list of files changed.
    const r2List = (build: typeof result) => JSON.stringify(build.placement.r2.map((file) => [file.path, file.size]))
    const r2Changed = r2List(result) !== r2List(last)
    // The warnings of the notes this save touched (the others were printed when they were built).
    const touched = new Set(cache.reparsed)
    for (const problem of result.site.problems.filter((candidate) => touched.has(candidate.file)))
      console.warn(`warning: ${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`)
    const r2 = r2Changed ? await syncAttachments(result.placement.r2, store.bucket) : undefined
    const published = await publish(result.site, kv, { packed: result.packed })
    // The packing local KV now holds (the namespace's layout, when it differs from the build's): the next
    // rebuild packs with that layout, so publish takes the build's packs as they are instead of packing again.
    last = slim({ ...result, packed: published.packed })
    await r2?.prune()
    if (published.plan.purge) proxy.broadcast(published.plan.purge)
    const ms = Math.round(performance.now() - started)
    console.log(`rebuilt in ${ms} ms (${cache.reparsed.length} parsed): ${published.writes} KV writes`)
  } catch (error) {
    // A vault error never stops dev: the last good build keeps being served, and the next lists the whole vault.
    saved = undefined
    console.error(
      `hyphae: the rebuild failed, still serving the last build: ${error instanceof Error ? error.message : error}`,
    )
  }
}
function schedule(paths: readonly string[]): void {
  saved = saved && !paths.includes('') ? [...saved, ...paths] : undefined
  if (building) {
    again = true
    return
  }
  const rebuilt = rebuild()
  // A page asked for meanwhile is answered with what this save changed.
  proxy.hold(rebuilt)
  building = rebuilt.finally(() => {
    building = undefined
    if (again) {
      again = false
      schedule([])
    }
  })
}
const stopWatching = watchVault(vault, schedule)

async function stop(signal: NodeJS.Signals): Promise<void> {
  stopWatching()
  child.kill(signal)
  await Promise.allSettled([proxy.close(), store.close()])
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(signal))
child.on('exit', async (code) => {
  stopWatching()
  await Promise.allSettled([proxy.close(), store.close()])
  process.exit(code ?? 0)
})
