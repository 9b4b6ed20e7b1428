/**
 * `npm run bench`: the numbers behind hyphae's performance claims, measured in one run and printed
 * as one table with each target. Loopback only; every measurement is bounded in time.
 *
 *  1. build: wall time and peak RSS for generated vaults of 1,000, 10,000 and 50,000 notes, each in
 *     its own process (scripts/bench/build-once.ts); 10,000 notes twice more with the parse store
 *     (filling it, then with nothing changed), and under `ulimit -n 256`;
 *  2. KV writes of first deploys and edits, counted in memory (scripts/bench/kv-writes.ts);
 *  3. inside workerd (test/bench/): render p50/p99 per size class, requests, 304, search; the KV
 *     keys and round trips of a page, and the worker's own time for one;
 *  4. `npm run dev` on the 10,000-note vault with an empty local KV, until the first page answers;
 *     then sixteen 6 s rounds of mixed requests (autocannon), with workerd's memory after each;
 *     then 200 saves of one note (scripts/bench/watch-rows.ts): the first 8 timed to the page served
 *     and to the open tab, the watching process's memory read every 25;
 *  5. the worker bundle, raw and gzipped.
 */
import { spawnSync } from 'node:child_process'
import { mkdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { ROOT } from './build.ts'
import { lastJson, runNode } from './bench/child.ts'
import type { DevServer } from './bench/dev-server.ts'
import { freshCheckout, startDev } from './bench/dev-server.ts'
import { generateVault, writeVault } from './bench/generate-vault.ts'
import { watchRows } from './bench/watch-rows.ts'
import { loadRows } from './bench/load.ts'
import { deployLoadRows } from './bench/deploy-load.ts'
import type { Row } from './bench/table.ts'
import { ms, printTable } from './bench/table.ts'
import { workerRows } from './bench/worker-rows.ts'
import { commandLine } from './cli.ts'
import { WRANGLER } from './upload.ts'

const USAGE = `Usage: npm run bench

Measures the numbers behind hyphae's performance claims and prints them as one table, each with its
target: build time and peak memory for generated vaults of 1,000, 10,000 and 50,000 notes, and of a
second build with the parse store; KV writes
of deploys and edits; render, request and KV read costs inside workerd; \`npm run dev\`'s cold start
and \`wrangler dev\` under load on port 8797, and its memory over time; a save's way to the page, and
the watching process's memory over 200 saves; dev started again; the worker bundle's size.
Loopback only. Writes under dist/bench/ and takes several minutes.

Options:
  -h, --help  print this help`

commandLine(USAGE, {})

const BENCH = join(ROOT, 'dist/bench')
const rows: Row[] = []
const failed = (name: string, error: string) => rows.push({ name, value: `failed: ${error}`, ok: false })
await mkdir(BENCH, { recursive: true })

// 1. Builds, each in its own process so its peak memory is its own.
const BUILDS = [
  { count: 1_000, timeoutMs: 120_000 },
  { count: 10_000, timeoutMs: 300_000 },
  { count: 50_000, timeoutMs: 900_000 },
]
for (const { count, timeoutMs } of BUILDS) {
  const vault = join(BENCH, `vault-${count}`)
  await writeVault(vault, count)
  const label = `build ${count.toLocaleString('en')} notes`
  const built = runNode(['scripts/bench/build-once.ts', vault, join(BENCH, `out-${count}`)], {
    timeoutMs,
  })
  if (!built.ok) {
    failed(label, built.error)
    continue
  }
  const build = lastJson(built.stdout) as { ms: number; rssMb: number }
  const targeted = count === 10_000
  rows.push(
    {
      name: `${label}: wall time`,
      value: ms(build.ms),
      ...(targeted && { target: '≤ 5000 ms', ok: build.ms <= 5000 }),
    },
    {
      name: `${label}: peak RSS`,
      value: `${build.rssMb.toFixed(0)} MB`,
      ...(targeted && { target: '≤ 500 MB', ok: build.rssMb <= 500 }),
    },
  )
}
// The 10,000-note build again as `npm run build` runs it, with the parse store: once to fill it, then with nothing changed.
const store = join(BENCH, 'store-10000')
await rm(store, { recursive: true, force: true })
const again = ['scripts/bench/build-once.ts', join(BENCH, 'vault-10000'), join(BENCH, 'out-store'), store]
const filled = runNode(again, { timeoutMs: BUILDS[1]!.timeoutMs })
const warm = filled.ok ? runNode(again, { timeoutMs: BUILDS[1]!.timeoutMs }) : filled
if (!filled.ok) failed('build 10,000 notes with the parse store', filled.error)
else if (!warm.ok) failed('build 10,000 notes again with the parse store', warm.error)
else {
  const first = lastJson(filled.stdout) as { ms: number }
  const second = lastJson(warm.stdout) as { ms: number; rssMb: number }
  rows.push(
    { name: 'build 10,000 notes filling the parse store: wall time', value: ms(first.ms) },
    { name: 'build 10,000 notes again, nothing changed (parse store): wall time', value: ms(second.ms) },
    {
      name: 'build 10,000 notes again, nothing changed (parse store): peak RSS',
      value: `${second.rssMb.toFixed(0)} MB`,
    },
  )
}
const limited = runNode(['scripts/bench/build-once.ts', join(BENCH, 'vault-10000'), join(BENCH, 'out-ulimit')], {
  timeoutMs: BUILDS[1]!.timeoutMs,
  openFiles: 256,
})
rows.push({
  name: 'build 10,000 notes under ulimit -n 256',
  value: limited.ok ? 'ok' : `failed: ${limited.error}`,
  target: 'ok',
  ok: limited.ok,
})

// 2. KV writes.
const writes = runNode(['scripts/bench/kv-writes.ts', join(BENCH, 'vault-10000'), join(BENCH, 'out-writes')], {
  timeoutMs: 600_000,
})
if (writes.ok) rows.push(...(lastJson(writes.stdout) as Row[]))
else failed('KV writes', writes.error)

// 3. Inside workerd, on notes of the 10,000-note vault.
const input = runNode(
  ['scripts/bench/render-input.ts', join(BENCH, 'out-10000/kv'), join(BENCH, 'render-input.json')],
  { timeoutMs: 120_000 },
)
const tests = input.ok
  ? runNode(['node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.bench.config.ts'], { timeoutMs: 900_000 })
  : input
if (tests.ok) rows.push(...workerRows(tests.stdout))
else failed('render inside workerd', tests.error)

// 4. `npm run dev` from an empty local KV, then under load.
const checkout = join(BENCH, 'checkout')
await freshCheckout(checkout)
let dev: DevServer | undefined
try {
  dev = await startDev(checkout, join(BENCH, 'vault-10000'), 8797, 300_000)
  rows.push({
    name: 'npm run dev, 10,000 notes, empty local KV: first page 200 after',
    value: ms(dev.readyMs),
    target: '≤ 15000 ms',
    ok: dev.readyMs <= 15_000,
  })
  rows.push(...(await loadRows(dev)))
  // A note of median size (about 2 KB), the one the writer is editing.
  const note = generateVault(10_000).find((candidate, i) => i > 0 && Math.abs(candidate.source.length - 2000) < 200)!
  rows.push(...(await watchRows(dev, join(BENCH, 'vault-10000'), note.path)))
  rows.push(...(await deployLoadRows(dev, join(BENCH, 'vault-10000'), checkout, BENCH)))
} catch (error) {
  failed('npm run dev, 10,000 notes, empty local KV', error instanceof Error ? error.message : String(error))
} finally {
  await dev?.stop()
}

// `npm run dev` started again in the same checkout: its local KV and parse store are the last run's.
try {
  dev = await startDev(checkout, join(BENCH, 'vault-10000'), 8797, 300_000)
  rows.push({
    name: 'npm run dev again, 10,000 notes (local KV and parse store kept): first page 200 after',
    value: ms(dev.readyMs),
  })
} catch (error) {
  failed('npm run dev again, 10,000 notes', error instanceof Error ? error.message : String(error))
} finally {
  await dev?.stop()
}

// 5. The worker bundle, as `wrangler deploy` would upload it (in the checkout, whose dist/public dev made).
const bundleDir = join(BENCH, 'worker')
await rm(bundleDir, { recursive: true, force: true })
spawnSync(WRANGLER, ['deploy', '--dry-run', '--outdir', bundleDir], {
  cwd: checkout,
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  timeout: 120_000,
})
const bundle = await readFile(join(bundleDir, 'index.js')).catch(() => undefined)
if (bundle) {
  const gzipped = gzipSync(bundle).length
  rows.push(
    { name: 'worker bundle: raw', value: `${(bundle.length / 1024).toFixed(0)} KB` },
    {
      name: 'worker bundle: gzipped',
      value: `${(gzipped / 1024).toFixed(0)} KB`,
      target: '≤ 250 KB',
      ok: gzipped <= 250 * 1024,
    },
  )
} else failed('worker bundle', 'wrangler deploy --dry-run wrote no index.js')

printTable(rows)
