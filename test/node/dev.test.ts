/**
 * `npm run dev -- <vault>` end to end: the fixture vault built into local KV, `wrangler dev`
 * started, and real HTTP requests on loopback, as a person with curl would make them.
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../../scripts/build.ts'

const PORT = 8791
const base = `http://127.0.0.1:${PORT}`
let dev: ChildProcess
let output = ''

async function waitForServer(deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/`, { redirect: 'manual' })).status) return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  throw new Error(`wrangler dev did not start:\n${output}`)
}

beforeAll(async () => {
  dev = spawn(process.execPath, ['scripts/dev.ts', join('test', 'fixtures', 'vault')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(PORT), WRANGLER_SEND_METRICS: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  dev.stdout!.on('data', (chunk) => (output += chunk))
  dev.stderr!.on('data', (chunk) => (output += chunk))
  await waitForServer(Date.now() + 90_000)
}, 120_000)

afterAll(() => {
  if (dev.pid) process.kill(-dev.pid, 'SIGTERM')
})

describe('npm run dev -- test/fixtures/vault', () => {
  it('serves the seed note with every link resolved, the callout folded, the footnote and the image', async () => {
    const res = await fetch(`${base}/thoughts/alignment`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<a class="internal" href="/thoughts/mechanistic-interpretability#ablation">ablate</a>')
    expect(html).toContain('<details class="callout callout-abstract" data-callout="abstract" data-callout-fold="-">')
    expect(html).toContain('<a id="footnote-ref-enterprise" href="#footnote-enterprise"')
    expect(html).toContain('<a href="#footnote-ref-enterprise" data-footnote-backref')
    expect(html).toContain('<img src="/thoughts/images/alignment-asl-scale.webp"')
    expect(output).toContain('warning: test/fixtures/vault/thoughts/Alignment.md:33: broken link: [[thoughts/moral|morally]]')
  })

  it('answers the guessable URL forms with a redirect to the note', async () => {
    const res = await fetch(`${base}/thoughts/Alignment`, { redirect: 'manual' })
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe('/thoughts/alignment')
  })

  it('answers If-None-Match with its ETag by 304', async () => {
    const etag = (await fetch(`${base}/thoughts/alignment`)).headers.get('etag')
    expect(etag).toMatch(/^"[0-9a-f]{32}-[A-Za-z0-9-]+"$/)
    const res = await fetch(`${base}/thoughts/alignment`, { headers: { 'If-None-Match': etag! } })
    expect(res.status).toBe(304)
  })

  it('serves attachments and the stylesheet from static assets', async () => {
    const image = await fetch(`${base}/thoughts/images/alignment-asl-scale.webp`)
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/webp')
    const css = await fetch(`${base}/_hyphae/style.css`)
    expect(css.headers.get('content-type')).toMatch(/^text\/css/)
  })
})
