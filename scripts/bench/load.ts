/**
 * `wrangler dev` under load: sixteen 6-second rounds of mixed requests (autocannon, 8 connections,
 * loopback), with its workerd's memory read after each round.
 */
import autocannon from 'autocannon'
import type { DevServer } from './dev-server.ts'
import type { Row } from './table.ts'

/** Every 400th note of the sitemap (25 pages of a 10,000-note vault), a missing page, and a conditional request. */
async function mixedRequests(base: string): Promise<autocannon.Request[]> {
  const sitemap = await (await fetch(`${base}/sitemap.xml`)).text()
  const pages = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)]
    .filter((_, i) => i % 400 === 0)
    .map((match) => new URL(match[1]!).pathname)
  const etag = (await fetch(`${base}${pages[1]}`)).headers.get('etag') ?? ''
  return [
    ...pages.map((path) => ({ method: 'GET' as const, path })),
    { method: 'GET', path: '/no/such/note' },
    { method: 'GET', path: pages[1]!, headers: { 'if-none-match': etag } },
  ]
}

export async function loadRows(server: DevServer): Promise<Row[]> {
  const requests = await mixedRequests(server.base)
  // The first round's numbers are the latency figures; memory is stable when the last four rounds
  // stay within 10% of each other.
  const rounds: { mb: number; result: autocannon.Result }[] = []
  for (let round = 0; round < 16; round++) {
    const result = await autocannon({ url: server.base, connections: 8, duration: 6, requests })
    rounds.push({ mb: server.workerdMb(), result })
  }
  const first = rounds[0]!.result
  const sum = (count: (result: autocannon.Result) => number) => rounds.reduce((n, { result }) => n + count(result), 0)
  const errors = sum((result) => result.errors + result.timeouts)
  const last = rounds.slice(-4).map(({ mb }) => mb)
  const spread = (Math.max(...last) - Math.min(...last)) / Math.max(...last)
  return [
    {
      name: `wrangler dev, ${requests.length} URLs, 8 connections: requests/s`,
      value: first.requests.average.toFixed(0),
    },
    { name: 'wrangler dev under load: latency p50 / p99', value: `${first.latency.p50} ms / ${first.latency.p99} ms` },
    {
      name: 'wrangler dev, 16 × 6 s: requests / non-2xx (the 404s and 304s asked for) / errors',
      value: `${sum((result) => result.requests.total)} / ${sum((result) => result.non2xx)} / ${errors}`,
      target: '0 errors',
      ok: errors === 0,
    },
    {
      name: 'wrangler dev: workerd memory after rounds 1, 4, 8, 12, 16',
      value: `${[0, 3, 7, 11, 15].map((i) => rounds[i]!.mb).join(' / ')} MB`,
    },
    {
      name: 'wrangler dev: memory over the last 4 rounds (spread)',
      value: `${(spread * 100).toFixed(1)}%`,
      target: 'stable: ≤ 10%',
      ok: spread <= 0.1,
    },
  ]
}
