/**
 * The KV an uncached page reads, measured by `npm run bench`: the keys and the sequential round
 * trips, on workerd's KV, for the median note's page and a page that transcludes notes.
 * Prints `BENCH {json}` for scripts/bench.ts.
 */
import { env } from 'cloudflare:workers'
import { beforeAll, it } from 'vitest'
import type { WorkerResults } from '../../scripts/bench/render-input.ts'
import type { KvGet } from './measure.ts'
import { input, inputValues, page } from './measure.ts'

beforeAll(async () => {
  await Promise.all([...(await inputValues())].map(([key, value]) => env.NOTES.put(key, value)))
})

/** The keys one page reads, and its round trips: a read that starts after an earlier one answered begins one. */
async function reads(slug: string) {
  const keys: string[] = []
  let trips = 0
  let answered = true
  const get: KvGet = async (key, type) => {
    if (answered) trips += 1
    answered = false
    keys.push(key)
    try {
      return type === 'text' ? await env.NOTES.get(key, 'text') : await env.NOTES.get(key, 'arrayBuffer')
    } finally {
      answered = true
    }
  }
  await page(slug, get)
  return { keys: keys.length, trips }
}

it('counts the KV reads of a page', async () => {
  const results: Pick<WorkerResults, 'reads'> = {
    reads: { median: await reads(input.notes.median), transcluding: await reads(input.notes.transcluding) },
  }
  console.log(`BENCH ${JSON.stringify(results)}`)
})
