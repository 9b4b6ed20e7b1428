/**
 * The worker's own time for an uncached page, measured by `npm run bench`: the median note and the
 * 30 KB note, the median note answered 304 and the search page, with KV answered from the isolate's memory at once,
 * so what is timed is its work alone (root, pack slice, record, render, page). This file puts
 * nothing into workerd's KV: its storage, working in the same process, would be timed too.
 * Prints `BENCH {json}` for scripts/bench.ts.
 */
import { beforeAll, it } from 'vitest'
import type { WorkerResults } from '../../scripts/bench/render-input.ts'
import type { KvGet } from './measure.ts'
import { input, inputValues, measure, page, searchPage } from './measure.ts'

let get: KvGet

beforeAll(async () => {
  const held = new Map<string, { text: string; bytes: ArrayBuffer }>()
  for (const [key, text] of await inputValues()) held.set(key, { text, bytes: new TextEncoder().encode(text).buffer })
  get = async (key, type) => {
    const value = held.get(key)
    return value === undefined ? null : type === 'text' ? value.text : value.bytes
  }
})

it('times the worker on a page', async () => {
  const { median } = input.notes
  const etag = (await page(median, get)).headers.get('etag')!
  const results: Pick<WorkerResults, 'cpu' | 'cpuNotModified' | 'cpuSearch'> = {
    cpu: {
      median: await measure(() => page(median, get)),
      '30KB': await measure(() => page(input.notes['30KB'], get)),
    },
    cpuNotModified: await measure(() => page(median, get, etag)),
    cpuSearch: await measure(() => searchPage(input.query, get)),
  }
  console.log(`BENCH ${JSON.stringify(results)}`)
})
