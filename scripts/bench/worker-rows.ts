/** The rows of what test/bench/*.bench.test.ts measured inside workerd, from their `BENCH {json}` lines. */
import type { WorkerResults } from './render-input.ts'
import { SEARCH_QUERY } from './render-input.ts'
import type { Row } from './table.ts'
import { ms } from './table.ts'

export function workerRows(stdout: string): Row[] {
  const halves = [...stdout.matchAll(/BENCH (\{.*\})/g)].map((match) => JSON.parse(match[1]!))
  const measured = Object.assign({}, ...halves) as WorkerResults
  const out: Row[] = []
  for (const [size, result] of Object.entries(measured.render)) {
    const big = size === '300KB'
    const label = `render ${size} note (${(result.bytes / 1024).toFixed(1)} KB${result.prerendered ? ', HTML made by the build' : ''})`
    const p50 = big ? 10 : 1
    const p99 = big ? 10 : 5
    out.push(
      { name: `${label}: p50`, value: ms(result.render.p50), target: `≤ ${p50} ms`, ok: result.render.p50 <= p50 },
      { name: `${label}: p99`, value: ms(result.render.p99), target: `≤ ${p99} ms`, ok: result.render.p99 <= p99 },
    )
    if (result.prerendered)
      out.push({
        name: '  (the same note rendered on demand instead: p50 / p99)',
        value: `${ms(result.onDemand.p50)} / ${ms(result.onDemand.p99)}`,
      })
    out.push({
      name: `request ${size} note, uncached (KV + render + page): p50 / p99`,
      value: `${ms(result.request.p50)} / ${ms(result.request.p99)}`,
    })
  }
  const { notModified, search, reads, cpu, cpuNotModified, cpuSearch } = measured
  out.push(
    {
      name: 'request answered 304 (KV + offset table): p50 / p99',
      value: `${ms(notModified.p50)} / ${ms(notModified.p99)}`,
    },
    {
      name: `search "${SEARCH_QUERY}" over 10,000 notes (a prefix; words in every note): p50 / p99`,
      value: `${ms(search.p50)} / ${ms(search.p99)}`,
      target: 'p50 ≤ 30 ms',
      ok: search.p50 <= 30,
    },
    {
      name: 'KV reads, median note page, uncached: keys / round trips',
      value: `${reads.median.keys} / ${reads.median.trips}`,
      target: '≤ 3 / ≤ 2',
      ok: reads.median.keys <= 3 && reads.median.trips <= 2,
    },
    {
      name: 'KV reads, page transcluding notes, uncached: keys / round trips',
      value: `${reads.transcluding.keys} / ${reads.transcluding.trips}`,
    },
  )
  for (const [size, target] of [
    ['median', 1],
    ['30KB', 3],
  ] as const) {
    const { p50, p99 } = cpu[size]
    out.push({
      name: `worker CPU, uncached ${size} note (${(measured.render[size]!.bytes / 1024).toFixed(1)} KB; KV in memory): p50 (p99)`,
      value: `${ms(p50)} (${ms(p99)})`,
      target: `≤ ${target} ms`,
      ok: p50 <= target,
    })
  }
  out.push({
    name: 'worker CPU, median note answered 304 (KV in memory): p50 (p99)',
    value: `${ms(cpuNotModified.p50)} (${ms(cpuNotModified.p99)})`,
    target: '≤ 0.3 ms',
    ok: cpuNotModified.p50 <= 0.3,
  })
  out.push({
    name: `worker CPU, search "${SEARCH_QUERY}" over 10,000 notes (KV in memory): p50 (p99)`,
    value: `${ms(cpuSearch.p50)} (${ms(cpuSearch.p99)})`,
    target: '≤ 10 ms (the free plan’s CPU a request)',
    ok: cpuSearch.p50 <= 10,
  })
  return out
}
