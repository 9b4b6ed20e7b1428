/** What the bench tests share: their input (scripts/bench/render-input.ts), timing, and calling the app. */
import { env } from 'cloudflare:workers'
import { inject } from 'vitest'
import type { Percentiles, ProvidedInput } from '../../scripts/bench/render-input.ts'
import { hrefFromSlug, parseSlug } from '../../src/core/slug.ts'
import app from '../../src/index.tsx'

declare module 'vitest' {
  export interface ProvidedContext {
    renderInput: ProvidedInput
  }
}

declare global {
  namespace Cloudflare {
    interface Env {
      /** vitest.bench.config.ts: `GET /<key>` answers the KV value the bench input holds for it. */
      BENCH_KV: Fetcher
    }
  }
}

export const input = inject('renderInput')

/** The root and packs the pages read, as `key → text`. */
export async function inputValues(): Promise<Map<string, string>> {
  const read = async (key: string) => {
    const res = await env.BENCH_KV.fetch(`http://bench/${encodeURIComponent(key)}`)
    if (!res.ok) throw new Error(`no bench input for ${key}`)
    return [key, await res.text()] as const
  }
  return new Map(await Promise.all(input.keys.map(read)))
}

/** An execution context for calling the app directly (`app.fetch`): nothing it does waits on it. */
const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext

export type KvGet = (key: string, type: 'text' | 'arrayBuffer') => Promise<string | ArrayBuffer | null>

/**
 * A note's page, uncached: the app called directly (no cache in front) with `get` as its KV
 * binding, the only method the worker's reader (src/notes.ts) calls. With `etag`, a conditional
 * request, which must be answered 304.
 */
export function page(slug: string, get: KvGet, etag?: string): Promise<Response> {
  const request = new Request(
    `https://bench.example${hrefFromSlug(parseSlug(slug)!)}`,
    etag ? { headers: { 'If-None-Match': etag } } : {},
  )
  return call(request, get, etag ? 304 : 200)
}

/** The search page for `query`, called as `page` calls a note's. */
export function searchPage(query: string, get: KvGet): Promise<Response> {
  return call(new Request(`https://bench.example/search?q=${encodeURIComponent(query)}`), get, 200)
}

async function call(request: Request, get: KvGet, status: number): Promise<Response> {
  const res = await app.fetch(request, { ...env, NOTES: { get } as unknown as KVNamespace }, ctx)
  // The body as bytes, as workerd sends it: decoding it back to a string is no work of the worker's.
  await res.arrayBuffer()
  if (res.status !== status) throw new Error(`${request.url} answered ${res.status}`)
  return res
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/**
 * workerd's clock ticks in whole milliseconds, so each sample times a batch of runs long enough
 * (≥ 20 ms) to be read to 5%, and reports the time per run. p50 and p99 are over 100 samples.
 */
export async function measure(work: () => unknown): Promise<Percentiles> {
  // Warm up first (the JIT, the first reads), so the batch is sized on the work as it will run.
  for (let runs = 0, start = performance.now(); runs < 5 || performance.now() - start < 50; runs++) await work()
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
