/**
 * Render cost inside workerd, measured by `npm run bench` (not part of `npm test`): for a small,
 * a median, a 30 KB and a 300 KB note of the generated 10,000-note vault, p50 and p99 of
 *  - the body: the HTML the build made for a long note (scripts/stages/assemble.ts), else renderNote;
 *  - the same note rendered on demand, for comparison;
 *  - a whole uncached request through the worker (workerd's KV, render, page);
 * and of a conditional request answered 304 and of a search. Prints `BENCH {json}` for scripts/bench.ts.
 */
import { env, exports } from 'cloudflare:workers'
import { beforeAll, it } from 'vitest'
import type { WorkerResults } from '../../scripts/bench/render-input.ts'
import { renderNote } from '../../src/core/render.ts'
import { hrefFromSlug, parseSlug } from '../../src/core/slug.ts'
import { Garden } from '../../src/notes.ts'
import { input, inputValues, measure } from './measure.ts'

beforeAll(async () => {
  await Promise.all([...(await inputValues())].map(([key, value]) => env.NOTES.put(key, value)))
})

it('measures rendering', async () => {
  // Records as the worker reads them (src/notes.ts puts each formula's HTML back into the record).
  const garden = new Garden(env.NOTES)
  const { breaks } = (await garden.site())!
  const render: WorkerResults['render'] = {}
  for (const size of ['small', 'median', '30KB', '300KB'] as const) {
    const slug = parseSlug(input.notes[size])!
    const record = (await garden.note(slug))!
    const embedded = await garden.notes(record.embeds)
    const url = `https://bench.example${hrefFromSlug(slug)}`
    render[size] = {
      bytes: record.body.length,
      prerendered: record.html !== undefined,
      render: await measure(() => record.html ?? renderNote(record, embedded, { breaks })),
      onDemand: await measure(() => renderNote(record, embedded, { breaks })),
      request: await measure(async () => (await exports.default.fetch(new Request(url))).text()),
    }
  }
  const median = `https://bench.example${hrefFromSlug(parseSlug(input.notes.median)!)}`
  const etag = (await exports.default.fetch(new Request(median))).headers.get('etag')!
  const notModified = await measure(async () =>
    (await exports.default.fetch(new Request(median, { headers: { 'If-None-Match': etag } }))).text(),
  )
  const searchUrl = `https://bench.example/search?q=${encodeURIComponent(input.query)}`
  const search = await measure(async () => (await exports.default.fetch(new Request(searchUrl))).text())
  const results: Pick<WorkerResults, 'render' | 'notModified' | 'search'> = { render, notModified, search }
  console.log(`BENCH ${JSON.stringify(results)}`)
})
