/**
 * `npm run dev`'s front door: http://127.0.0.1:<port> forwards every request to `wrangler dev`
 * (on a port of its own) and adds to each HTML page one script, /_hyphae-dev/reload.js, which
 * listens to /_hyphae-dev/events and reloads the page, keeping its scroll position, when a rebuild
 * changed what the page shows (its Cache-Tag). A request that comes while a save is being rebuilt
 * is answered once the rebuild is in local KV: the page asked for after a save shows the save.
 * Dev only: the worker itself carries none of this.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:http'

/** What a rebuild changed, as the deploy plan purges it (scripts/stages/plan.ts). */
type Changed = { everything: true } | { tags: string[] }

/** Runs in the page: reloads it when a rebuild changed one of its cache tags, back at the same scroll position. */
const RELOAD_JS = `(() => {
  const script = document.currentScript
  const tags = (script && script.dataset.tags ? script.dataset.tags : '').split(',').filter(Boolean)
  const key = 'hyphae-dev-scroll:' + location.pathname + location.search
  const saved = sessionStorage.getItem(key)
  if (saved !== null) {
    sessionStorage.removeItem(key)
    addEventListener('load', () => scrollTo(0, Number(saved)))
  }
  const events = new EventSource('/_hyphae-dev/events')
  events.addEventListener('built', (event) => {
    const changed = JSON.parse(event.data)
    if (!changed.everything && !changed.tags.some((tag) => tags.includes(tag))) return
    sessionStorage.setItem(key, String(scrollY))
    location.reload()
  })
})()
`

/** Response headers that do not survive a proxy that has already read the body. */
const HOP_HEADERS = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive'])

export interface DevProxy {
  /** Tells every open page what a rebuild changed. */
  broadcast(changed: Changed): void
  /** The first build is in local KV: pages are served from now on (until then, a page that waits for it). */
  ready(): void
  /** A rebuild is running: requests wait for it to settle (in local KV, or failed) before they are forwarded. */
  hold(rebuild: Promise<unknown>): void
  close(): Promise<void>
}

/** What a page asked for before the first build is in local KV gets: a 503 that asks again each second. */
const BUILDING_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="1"><title>Building…</title></head><body><p>hyphae is building the vault; this page reloads itself when it is served.</p></body></html>`

async function forward(upstream: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'host' || name === 'connection') continue
    headers.set(name, Array.isArray(value) ? value.join(', ') : value)
  }
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req)
  const answer = await fetch(`${upstream}${req.url ?? '/'}`, {
    method: req.method ?? 'GET',
    headers,
    ...(body ? { body: new Uint8Array(body) } : {}),
    redirect: 'manual',
  })
  const out: Record<string, string | string[]> = {}
  answer.headers.forEach((value, name) => {
    if (!HOP_HEADERS.has(name)) out[name] = name === 'set-cookie' ? answer.headers.getSetCookie() : value
  })
  const html = (answer.headers.get('content-type') ?? '').startsWith('text/html') && req.method !== 'HEAD'
  if (!html) {
    const bytes = req.method === 'HEAD' ? new Uint8Array() : new Uint8Array(await answer.arrayBuffer())
    res.writeHead(answer.status, out)
    res.end(bytes)
    return
  }
  const tags = (answer.headers.get('cache-tag') ?? '').replace(/[^\w,:%./-]/g, '')
  const script = `<script src="/_hyphae-dev/reload.js" data-tags="${tags}"></script>`
  const text = await answer.text()
  const page = text.includes('</head>') ? text.replace('</head>', `${script}</head>`) : text + script
  res.writeHead(answer.status, out)
  res.end(page)
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

export function startProxy(port: number, upstream: string): Promise<DevProxy> {
  const listeners = new Set<ServerResponse>()
  let serving = false
  /** The rebuild requests wait for, while one runs. */
  let held: Promise<unknown> | undefined
  const server = createServer((req, res) => {
    if (req.url === '/_hyphae-dev/reload.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' })
      res.end(RELOAD_JS)
      return
    }
    if (req.url === '/_hyphae-dev/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
      res.write(': connected\n\n')
      listeners.add(res)
      req.on('close', () => listeners.delete(res))
      return
    }
    if (!serving) {
      res.writeHead(503, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'retry-after': '1',
      })
      res.end(BUILDING_HTML)
      return
    }
    const after = held ?? Promise.resolve()
    after
      .then(() => forward(upstream, req, res))
      .catch(() => {
        // wrangler dev is starting or restarting: a plain answer, never a stack trace.
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' })
        res.end('The local worker is not answering yet; try again in a moment.')
      })
  })
  // Comments keep idle event streams open through proxies and sleeping laptops.
  const heartbeat = setInterval(() => {
    for (const listener of listeners) listener.write(': ping\n\n')
  }, 15_000)
  heartbeat.unref()
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () =>
      resolve({
        broadcast(changed) {
          for (const listener of listeners) listener.write(`event: built\ndata: ${JSON.stringify(changed)}\n\n`)
        },
        ready() {
          serving = true
        },
        hold(rebuild) {
          const settled = rebuild.then(
            () => {},
            () => {},
          )
          held = settled
          void settled.then(() => {
            if (held === settled) held = undefined
          })
        },
        close: () =>
          new Promise((done) => {
            clearInterval(heartbeat)
            for (const listener of listeners) listener.end()
            server.close(() => done())
          }),
      }),
    )
  })
}
