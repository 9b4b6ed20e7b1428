/**
 * `npm run dev`'s front door (scripts/dev/proxy.ts) answers from the moment dev starts: until the
 * first build is in local KV, with a page that waits for it; then with wrangler dev's pages.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, expect, it } from 'vitest'
import { startProxy } from '../../scripts/dev/proxy.ts'

const PORT = 8841
const upstream = createServer((_, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-tag': 'n:a' })
  res.end('<html><head></head><body>the note</body></html>')
})
await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve))
const proxy = await startProxy(PORT, `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`)
afterAll(async () => {
  await proxy.close()
  await new Promise((resolve) => upstream.close(resolve))
})

it('asks the reader to wait (503, reloading itself) until the first build is in, then serves the pages', async () => {
  const waiting = await fetch(`http://127.0.0.1:${PORT}/thoughts/alignment`)
  expect(waiting.status).toBe(503)
  expect(waiting.headers.get('retry-after')).toBe('1')
  expect(waiting.headers.get('cache-control')).toBe('no-store')
  expect(await waiting.text()).toBe(
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="1"><title>Building…</title></head><body><p>hyphae is building the vault; this page reloads itself when it is served.</p></body></html>',
  )
  proxy.ready()
  const served = await fetch(`http://127.0.0.1:${PORT}/thoughts/alignment`)
  expect(served.status).toBe(200)
  expect(await served.text()).toBe(
    '<html><head><script src="/_hyphae-dev/reload.js" data-tags="n:a"></script></head><body>the note</body></html>',
  )
})

it('answers a request that comes during a rebuild once the rebuild is in, with what it changed', async () => {
  proxy.ready()
  let finish: () => void = () => {}
  proxy.hold(new Promise<void>((resolve) => (finish = resolve)))
  let answered = false
  const asked = fetch(`http://127.0.0.1:${PORT}/thoughts/alignment`).then((res) => {
    answered = true
    return res
  })
  await new Promise((resolve) => setTimeout(resolve, 200))
  expect(answered).toBe(false)
  finish()
  const served = await asked
  expect(served.status).toBe(200)
  expect(await served.text()).toBe(
    '<html><head><script src="/_hyphae-dev/reload.js" data-tags="n:a"></script></head><body>the note</body></html>',
  )
  // A rebuild that failed holds nothing up either; the reload script and the events stream are never held.
  proxy.hold(Promise.reject(new Error('a vault error')))
  expect((await fetch(`http://127.0.0.1:${PORT}/thoughts/alignment`)).status).toBe(200)
  proxy.hold(new Promise(() => {}))
  expect((await fetch(`http://127.0.0.1:${PORT}/_hyphae-dev/reload.js`)).status).toBe(200)
})
