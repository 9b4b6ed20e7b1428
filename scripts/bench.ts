/**
 * `npm run bench`: the numbers behind hyphae's performance claims, measured in one run and printed
 * as one table with each target. Loopback only; every load is bounded in time.
 *
 *  1. build: wall time and peak RSS for generated vaults of 1,000 and 10,000 interlinked notes;
 *  2. render inside workerd: p50/p99 for small, median, 30 KB and 300 KB notes; a whole request;
 *     the 304 path (test/bench/render.bench.test.ts);
 *  3. `wrangler dev` under sixteen 6 s rounds of mixed notes, 404s and 304s (autocannon), with
 *     workerd's memory after each round;
 *  4. the worker bundle, raw and gzipped.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import autocannon from 'autocannon'
import { ROOT } from './build.ts'
import { writeVault } from './bench/generate-vault.ts'
import { commandLine } from './cli.ts'
import { WRANGLER } from './kv.ts'
import { parseSearchShard, rankHits, searchShardKey, searchTerms } from '../src/core/search.ts'

const USAGE = `Usage: npm run bench

Measures the numbers behind hyphae's performance claims and prints them as one table, each with its
target: build time and peak memory for generated vaults of 1,000 and 10,000 notes; render and request
latency inside workerd; \`wrangler dev\` under load on port 8797, and its memory over time; the worker
bundle's size. Loopback only. Writes under dist/bench/ and takes a few minutes.

Options:
  -h, --help  print this help`

commandLine(USAGE, {})

const BENCH = join(ROOT, 'dist/bench')
const rows: [string, string, string, boolean | undefined][] = []
const row = (name: string, value: string, target = '', ok?: boolean) => rows.push([name, value, target, ok])
const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`

function node(args: string[], env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', ...env },
    maxBuffer: 1 << 28,
  })
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`)
  return result.stdout
}

/** Resident memory of the running workerd processes, in MB (Linux `ps`). */
function workerdRssMb(): number {
  const ps = spawnSync('ps', ['-C', 'workerd', '-o', 'rss='], { encoding: 'utf8' })
  return Math.round(
    ps.stdout
      .split('\n')
      .filter(Boolean)
      .reduce((sum, kb) => sum + Number(kb), 0) / 1024,
  )
}

await mkdir(BENCH, { recursive: true })

// 1. Builds.
for (const count of [1_000, 10_000]) {
  const vault = join(BENCH, `vault-${count}`)
  await writeVault(vault, count)
  const build = JSON.parse(
    node(['scripts/bench/build-once.ts', vault, join(BENCH, `out-${count}`)])
      .trim()
      .split('\n')
      .pop()!,
  ) as { ms: number; rssMb: number }
  const label = count.toLocaleString('en')
  row(
    `build ${label} notes: wall time`,
    ms(build.ms),
    count === 10_000 ? '≤ 5000 ms' : '',
    count === 10_000 ? build.ms <= 5000 : undefined,
  )
  row(
    `build ${label} notes: peak RSS`,
    `${build.rssMb.toFixed(0)} MB`,
    count === 10_000 ? '≤ 500 MB' : '',
    count === 10_000 ? build.rssMb <= 500 : undefined,
  )
}

// 2. Render cost inside workerd, on notes of the 10,000-note vault.
const entries = JSON.parse(await readFile(join(BENCH, 'out-10000/kv.json'), 'utf8')) as { key: string; value: string }[]
const notes = entries
  .filter((entry) => entry.key.startsWith('note:'))
  .map((entry) => ({
    entry,
    record: JSON.parse(entry.value) as { slug: string; body: string; embeds: string[]; math: string[] },
  }))
const bySize = [...notes].sort((a, b) => a.record.body.length - b.record.body.length)
const closest = (bytes: number) =>
  bySize.reduce((best, note) =>
    Math.abs(note.record.body.length - bytes) < Math.abs(best.record.body.length - bytes) ? note : best,
  )
const chosen = {
  small: closest(500),
  median: bySize[Math.floor(bySize.length / 2)]!,
  '30KB': closest(30_000),
  '300KB': bySize.at(-1)!,
}
/** A search for two words every generated note uses: the largest postings the index can have. */
const SEARCH_QUERY = 'mycelium network'
const wanted = new Set(['site', ...searchTerms(SEARCH_QUERY).map(searchShardKey)])
for (const note of Object.values(chosen)) {
  for (const slug of [note.record.slug, ...note.record.embeds]) wanted.add(`note:${slug}`)
}
// The notes the search shows, so the timed search reads and quotes them as it would on the site.
const shards = new Map(
  entries
    .filter((entry) => entry.key.startsWith('search:'))
    .map((entry) => [entry.key, parseSearchShard(JSON.parse(entry.value))!]),
)
for (const hit of rankHits(searchTerms(SEARCH_QUERY), shards, 20)) wanted.add(`note:${hit.slug}`)
for (const entry of entries) {
  if (wanted.has(entry.key) && entry.key.startsWith('note:'))
    for (const key of (JSON.parse(entry.value) as { math: string[] }).math) wanted.add(`math:${key}`)
}
await writeFile(
  join(BENCH, 'render-input.json'),
  JSON.stringify({
    query: SEARCH_QUERY,
    notes: Object.fromEntries(Object.entries(chosen).map(([size, note]) => [size, note.record.slug])),
    entries: entries.filter((entry) => wanted.has(entry.key)),
  }),
)
const benchOutput = node(['node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.bench.config.ts'])
const measured = JSON.parse(/BENCH (\{.*\})/.exec(benchOutput)![1]!) as Record<
  string,
  {
    bytes: number
    prerendered: boolean
    render: { p50: number; p99: number }
    onDemand: { p50: number; p99: number }
    request: { p50: number; p99: number }
    notModified: { p50: number; p99: number }
  }
>
const search = (measured as unknown as { search: { p50: number; p99: number } }).search
delete (measured as Record<string, unknown>).search
for (const [size, result] of Object.entries(measured)) {
  const big = size === '300KB'
  const label = `render ${size} note (${(result.bytes / 1024).toFixed(1)} KB${result.prerendered ? ', HTML made by the build' : ''})`
  row(
    `${label}: p50`,
    ms(result.render.p50),
    big ? '< 10 ms' : '≤ 1 ms',
    big ? result.render.p50 < 10 : result.render.p50 <= 1,
  )
  row(
    `${label}: p99`,
    ms(result.render.p99),
    big ? '< 10 ms' : '≤ 5 ms',
    big ? result.render.p99 < 10 : result.render.p99 <= 5,
  )
  if (result.prerendered)
    row(
      `  (the same note rendered on demand instead: p50 / p99)`,
      `${ms(result.onDemand.p50)} / ${ms(result.onDemand.p99)}`,
    )
  row(
    `request ${size} note, uncached (KV + render + page): p50 / p99`,
    `${ms(result.request.p50)} / ${ms(result.request.p99)}`,
  )
}
const notModified = Object.values(measured)[0]!.notModified
row('request answered 304: p50', ms(notModified.p50), '≤ 0.3 ms', notModified.p50 <= 0.3)
row('request answered 304: p99', ms(notModified.p99))
row(
  `search "${SEARCH_QUERY}" over 10,000 notes (words in every note): p50 / p99`,
  `${ms(search.p50)} / ${ms(search.p99)}`,
)

// 3. wrangler dev under load, on the 1,000-note vault.
const port = 8797
const dev = spawn(process.execPath, ['scripts/dev.ts', join(BENCH, 'vault-1000')], {
  cwd: ROOT,
  env: { ...process.env, PORT: String(port), WRANGLER_SEND_METRICS: 'false' },
  stdio: 'ignore',
  detached: true,
})
try {
  const base = `http://127.0.0.1:${port}`
  for (let ready = false, deadline = Date.now() + 120_000; !ready; ) {
    if (Date.now() > deadline) throw new Error('wrangler dev did not start')
    ready = await fetch(`${base}/`).then(
      () => true,
      () => new Promise((resolve) => setTimeout(() => resolve(false), 300)) as Promise<boolean>,
    )
  }
  // Every 40th note of the 1,000-note vault, one missing page, and one conditional request.
  const oneK = (JSON.parse(await readFile(join(BENCH, 'out-1000/kv.json'), 'utf8')) as { key: string }[])
    .filter((entry) => entry.key.startsWith('note:'))
    .map((entry) => entry.key.slice(5))
  const pages = oneK
    .filter((_, i) => i % 40 === 0)
    .map((slug) => (slug === 'index' ? '/' : `/${slug.split('/').map(encodeURIComponent).join('/')}`))
  const etag = (await fetch(`${base}${pages[1]}`)).headers.get('etag') ?? ''
  const requests = [
    ...pages.map((path) => ({ method: 'GET' as const, path })),
    { method: 'GET' as const, path: '/no/such/note' },
    { method: 'GET' as const, path: pages[1]!, headers: { 'if-none-match': etag } },
  ]
  // The load: 16 rounds of 6 s. The first round's numbers are the latency figures; workerd's memory
  // is read after every round, and is stable when the last four rounds stay within 10% of each other.
  const rounds: { rss: number; result: autocannon.Result }[] = []
  for (let round = 0; round < 16; round++) {
    const result = await autocannon({ url: base, connections: 8, duration: 6, requests })
    rounds.push({ rss: workerdRssMb(), result })
  }
  const first = rounds[0]!.result
  const total = rounds.reduce((sum, { result }) => sum + result.requests.total, 0)
  const errors = rounds.reduce((sum, { result }) => sum + result.errors + result.timeouts, 0)
  const non2xx = rounds.reduce((sum, { result }) => sum + result.non2xx, 0)
  const last = rounds.slice(-4).map(({ rss }) => rss)
  const spread = (Math.max(...last) - Math.min(...last)) / Math.max(...last)
  row('wrangler dev, mixed load (8 connections): requests/s', first.requests.average.toFixed(0))
  row('wrangler dev, mixed load: latency p50 / p99', `${first.latency.p50} ms / ${first.latency.p99} ms`)
  row(
    'wrangler dev, 16 × 6 s: requests / non-2xx (the 404s and 304s asked for) / errors',
    `${total} / ${non2xx} / ${errors}`,
    '0 errors',
    errors === 0,
  )
  row(
    'wrangler dev: workerd memory after rounds 1, 4, 8, 12, 16',
    `${[0, 3, 7, 11, 15].map((i) => rounds[i]!.rss).join(' / ')} MB`,
  )
  row(
    'wrangler dev: memory over the last 4 rounds (spread)',
    `${(spread * 100).toFixed(1)}%`,
    'stable: ≤ 10%',
    spread <= 0.1,
  )
} finally {
  if (dev.pid) process.kill(-dev.pid, 'SIGTERM')
}

// 4. The worker bundle.
const bundleDir = join(BENCH, 'worker')
spawnSync(WRANGLER, ['deploy', '--dry-run', '--outdir', bundleDir], {
  cwd: ROOT,
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
})
const bundle = await readFile(join(bundleDir, 'index.js'))
const gzipped = gzipSync(bundle).length
row('worker bundle: raw', `${((await stat(join(bundleDir, 'index.js'))).size / 1024).toFixed(0)} KB`)
row('worker bundle: gzipped', `${(gzipped / 1024).toFixed(0)} KB`, '≤ 250 KB', gzipped <= 250 * 1024)

const widths = [0, 1, 2].map((i) =>
  Math.max(...rows.map((r) => String(r[i]).length), ['measure', 'value', 'target'][i]!.length),
)
const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 4)).join(' | ')} |`
console.log(line(['measure', 'value', 'target', 'met']))
console.log(line(widths.map((w) => '-'.repeat(w)).concat('----')))
for (const [name, value, target, ok] of rows)
  console.log(line([name, value, target, ok === undefined ? '' : ok ? 'yes' : 'NO']))
