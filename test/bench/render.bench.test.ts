/**
 * Render cost inside workerd, measured by `npm run bench` (not part of `npm test`): for a small,
 * a median, a 30 KB and a 300 KB note of the generated 10,000-note vault, p50 and p99 of
 *  - the body: renderNote (markdown → HTML, the CPU a page costs), or nothing for a note the
 *    build rendered (scripts/vault.ts PRERENDER_FROM),
 *  - a whole uncached request through the worker (KV reads, render, page),
 *  - a conditional request answered 304.
 * Prints one line `BENCH {json}` for scripts/bench.ts.
 */
import { env, exports } from 'cloudflare:workers'
import { beforeAll, inject, it } from 'vitest'
import { parseNoteRecord } from '../../src/core/records.ts'
import type { NoteRecord } from '../../src/core/records.ts'
import { renderNote } from '../../src/core/render.ts'
import { hrefFromSlug } from '../../src/core/slug.ts'

interface RenderInput {
  /** A search to time. */
  query: string
  /** Size class → slug. */
  notes: Record<string, string>
  entries: { key: string; value: string }[]
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExportsInTest: augments vitest's own type, exports nothing at run time
  export interface ProvidedContext {
    renderInput: RenderInput
  }
}

const input = inject('renderInput')

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/**
 * workerd's clock ticks in whole milliseconds, so each sample times a batch of runs long enough
 * (≥ 20 ms) to be read to 5%, and reports the time per run. p50 and p99 are over 100 samples.
 */
async function measure(work: () => unknown): Promise<{ p50: number; p99: number }> {
  let batch = 1
  for (;;) {
    const start = performance.now()
    for (let i = 0; i < batch; i++) await work()
    if (performance.now() - start >= 20 || batch >= 4096) break
    batch *= 2
  }
  const times: number[] = []
  for (let sample = 0; sample < 100; sample++) {
    const start = performance.now()
    for (let i = 0; i < batch; i++) await work()
    times.push((performance.now() - start) / batch)
  }
  times.sort((a, b) => a - b)
  return { p50: percentile(times, 50), p99: percentile(times, 99) }
}

beforeAll(async () => {
  await Promise.all(input.entries.map((entry) => env.NOTES.put(entry.key, entry.value)))
})

it('measures rendering', async () => {
  const records = new Map<string, NoteRecord>()
  const math = new Map<string, string>()
  for (const entry of input.entries) {
    if (entry.key.startsWith('note:')) {
      const record = parseNoteRecord(JSON.parse(entry.value))!
      records.set(record.slug, record)
    } else if (entry.key.startsWith('math:')) math.set(entry.key.slice('math:'.length), entry.value)
  }
  const results: Record<string, unknown> = {}
  for (const [size, slug] of Object.entries(input.notes)) {
    const record = records.get(slug)!
    const embedded = new Map(record.embeds.flatMap((s) => (records.has(s) ? [[s, records.get(s)!] as const] : [])))
    // What the worker does for the body: insert the HTML the build made for a long note, else render.
    const render = await measure(() => record.html ?? renderNote(record, embedded, { breaks: false, math }))
    // For comparison, what rendering it on demand would cost.
    const onDemand = await measure(() => renderNote(record, embedded, { breaks: false, math }))
    const url = `https://bench.example${hrefFromSlug(slug)}`
    const request = await measure(async () => (await exports.default.fetch(new Request(url))).text())
    const etag = (await exports.default.fetch(new Request(url))).headers.get('etag')!
    const notModified = await measure(async () =>
      (await exports.default.fetch(new Request(url, { headers: { 'If-None-Match': etag } }))).text(),
    )
    results[size] = {
      bytes: record.body.length,
      prerendered: record.html !== undefined,
      render,
      onDemand,
      request,
      notModified,
    }
  }
  const searchUrl = `https://bench.example/search?q=${encodeURIComponent(input.query)}`
  results.search = await measure(async () => (await exports.default.fetch(new Request(searchUrl))).text())
  console.log(`BENCH ${JSON.stringify(results)}`)
})
