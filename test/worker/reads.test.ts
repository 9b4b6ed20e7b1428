/**
 * What a page costs in KV (billed per key read, bulk reads included): an uncached note page reads
 * at most 3 keys in at most 2 sequential round trips; transclusions add one round trip, one key per
 * pack they live in. Counted on real KV in workerd, through the whole worker.
 */
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import app from '../../src/index.tsx'
import { loadFixture } from './helpers.ts'

beforeAll(() => loadFixture())

/** env.NOTES, recording each key read and how many round trips the reads took. */
function countingKv() {
  const keys: string[] = []
  let inFlight = 0
  let trips = 0
  const get = (async (key: string, type: 'text' | 'arrayBuffer') => {
    // A read that starts while none is in flight begins a new round trip.
    if (inFlight === 0) trips += 1
    inFlight += 1
    keys.push(key)
    try {
      return await env.NOTES.get(key, type as 'text')
    } finally {
      inFlight -= 1
    }
  }) as KVNamespace['get']
  return { kv: { ...env.NOTES, get } as KVNamespace, keys, trips: () => trips }
}

async function cost(path: string, headers: Record<string, string> = {}) {
  const counter = countingKv()
  const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext
  const res = await app.fetch(
    new Request(`https://garden.example${path}`, { headers }),
    { ...env, NOTES: counter.kv },
    ctx,
  )
  await res.text()
  return { status: res.status, keys: counter.keys, trips: counter.trips(), etag: res.headers.get('etag') }
}

describe('KV reads per request', () => {
  it('a note page reads the root, then its own pack: 2 keys in 2 round trips', async () => {
    const page = await cost('/thoughts/alignment')
    expect(page.status).toBe(200)
    expect(page.keys[0]).toBe('root')
    expect(page.keys).toHaveLength(2)
    expect(page.keys[1]).toMatch(/^pack:notes\/\d+:[0-9a-f]{16}$/)
    expect(page.trips).toBe(2)
  })

  it('a page that transcludes a note adds one round trip and one key per pack it reads', async () => {
    const page = await cost('/thoughts/llms')
    expect(page.status).toBe(200)
    expect(page.trips).toBeLessThanOrEqual(3)
    expect(new Set(page.keys).size).toBe(page.keys.length)
    expect(page.keys.length).toBeLessThanOrEqual(3)
  })

  it('a conditional request is answered from the same two reads, before anything is rendered', async () => {
    const { etag } = await cost('/thoughts/llms')
    const notModified = await cost('/thoughts/llms', { 'If-None-Match': etag! })
    expect(notModified.status).toBe(304)
    expect(notModified.keys).toHaveLength(2)
    expect(notModified.trips).toBe(2)
  })

  it('a missing note finds its old URLs and folder page in the pack it already read', async () => {
    const missing = await cost('/thoughts/no-such-note')
    expect(missing.status).toBe(404)
    expect(missing.keys).toHaveLength(2)
  })
})
