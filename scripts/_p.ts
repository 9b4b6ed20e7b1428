import { readFileSync } from 'node:fs'
import { renderNote } from '../src/core/render.ts'
const input = JSON.parse(readFileSync('dist/bench/render-input.json', 'utf8'))
const records = new Map()
const math = new Map()
for (const e of input.entries) {
  if (e.key.startsWith('note:')) {
    const r = JSON.parse(e.value)
    records.set(r.slug, r)
  } else if (e.key.startsWith('math:')) math.set(e.key.slice(5), e.value)
}
for (const [size, slug] of Object.entries(input.notes) as [string, string][]) {
  const r = records.get(slug)
  const emb = new Map(r.embeds.filter((s: string) => records.has(s)).map((s: string) => [s, records.get(s)]))
  let t = performance.now()
  const n = size === '300KB' ? 5 : 50
  for (let i = 0; i < n; i++) renderNote(r, emb as any, { breaks: false, math })
  console.log(size, r.body.length, 'embeds', r.embeds.length, ((performance.now() - t) / n).toFixed(2), 'ms')
}
