/** What the worker answers, request by request: canonical URLs, 404, conditional requests, HEAD, methods. */
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { NOTE_CACHE_CONTROL } from '../../src/cache.ts'
import { decodeRoot, ROOT_KEY } from '../../src/core/root.ts'
import { loadFixture, recordHash, recordJson, replaceRecord, request } from './helpers.ts'

beforeAll(() => loadFixture())

describe('canonical URLs', () => {
  it.each([
    ['/thoughts/Alignment', '/thoughts/alignment'],
    ['/thoughts/alignment/', '/thoughts/alignment'],
    ['/thoughts/Alignment.md', '/thoughts/alignment.md'],
    ['/thoughts/Overton%20Window', '/thoughts/overton-window'],
    ['/thoughts/Overton Window.md', '/thoughts/overton-window.md'],
    ['/thoughts/mechanistic%20interpretability/', '/thoughts/mechanistic-interpretability'],
    ['/THOUGHTS/LLMS', '/thoughts/llms'],
    ['/index', '/'],
    ['/Index.md', '/index.md'],
    ['/thoughts/Alignment?ref=feed', '/thoughts/alignment?ref=feed'],
    ['/Thoughts/Images/Alignment-ASL-Scale.webp', '/thoughts/images/alignment-asl-scale.webp'],
  ])('%s answers 301 → %s', async (path, location) => {
    const res = await request(path)
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe(location)
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600')
  })

  it('the canonical URL answers 200 without a redirect', async () => {
    const res = await request('/thoughts/overton-window')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('<h1 class="note-title">Overton Window</h1>')
  })
})

describe('markdown for machines', () => {
  it.each([
    ['/thoughts/alignment.md', {}],
    ['/thoughts/alignment', { Accept: 'text/markdown' }],
  ])('%s %j answers the note as markdown', async (path, headers) => {
    const res = await request(path, { headers })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    const text = await res.text()
    expect(text.startsWith('# Alignment\n\nresources: [[thoughts/Overton Window|frame-context collapse]]')).toBe(true)
  })

  it('/index.md is the home note; a missing note is a 404', async () => {
    expect(await (await request('/index.md')).text()).toBe(
      '# Fixture garden\n\nA small vault for tests. Start at [[thoughts/Alignment]].\n',
    )
    expect((await request('/thoughts/moral.md')).status).toBe(404)
  })
})

describe('missing notes and bad requests', () => {
  it('an unknown slug gets a real 404 page', async () => {
    const res = await request('/thoughts/moral')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    expect(res.headers.get('cache-control')).toBe('public, max-age=60')
    const html = await res.text()
    expect(html).toContain('<title>Not found · Fixture garden</title>')
    expect(html).toContain('<h1 class="note-title">Not found</h1><p>There is no note at this address.')
  })

  it('a missing attachment is a 404 too', async () => {
    expect((await request('/thoughts/images/missing.webp')).status).toBe(404)
  })

  it('malformed percent-encoding is a 400, not a 500', async () => {
    const res = await request('/thoughts/%E0%A4%A')
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('<h1 class="note-title">Bad request</h1>')
  })

  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('%s is not allowed', async (method) => {
    const res = await request('/thoughts/alignment', { method })
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('GET, HEAD')
  })
})

describe('caching', () => {
  it('a note has a strong ETag from its content hash, the site’s shell and the worker version', async () => {
    const res = await request('/thoughts/alignment')
    const hash = await recordHash('n:thoughts/alignment')
    expect(hash).toMatch(/^[0-9a-f]{32}$/)
    // The shell: what every page shows beyond its note (the site record, the explorer).
    const shell = decodeRoot((await env.NOTES.get(ROOT_KEY))!)!.shell
    expect(shell).toMatch(/^[0-9a-f]{12}$/)
    const version = env.CF_VERSION_METADATA.id
    expect(res.headers.get('etag')).toBe(`"${hash}${shell}-${version}"`)
    expect(res.headers.get('cache-control')).toBe(NOTE_CACHE_CONTROL)
  })

  it.each([
    ['the same ETag', (etag: string) => etag],
    ['a weak form of it', (etag: string) => `W/${etag}`],
    ['a list holding it', (etag: string) => `"other", ${etag}`],
    ['*', () => '*'],
  ])('If-None-Match with %s answers 304 without a body', async (_name, header) => {
    const etag = (await request('/thoughts/alignment')).headers.get('etag')!
    const res = await request('/thoughts/alignment', { headers: { 'If-None-Match': header(etag) } })
    expect(res.status).toBe(304)
    expect(res.headers.get('etag')).toBe(etag)
    expect(res.headers.get('cache-control')).toBe(NOTE_CACHE_CONTROL)
    expect(await res.text()).toBe('')
  })

  it('a stale ETag gets the full page', async () => {
    const res = await request('/thoughts/alignment', { headers: { 'If-None-Match': '"0123-old"' } })
    expect(res.status).toBe(200)
  })

  it('the 304 is answered before rendering: it does not read the notes the page embeds', async () => {
    // Corrupt the embedded note: a full render would fail, the 304 must not.
    const etag = (await request('/thoughts/llms')).headers.get('etag')!
    const restore = await replaceRecord('n:thoughts/mechanistic-interpretability', '{"v":2,"broken":true}')
    try {
      expect((await request('/thoughts/llms', { headers: { 'If-None-Match': etag } })).status).toBe(304)
      expect((await request('/thoughts/llms')).status).toBe(500)
    } finally {
      await restore()
    }
  })

  it('notes that differ have different ETags', async () => {
    const a = (await request('/thoughts/alignment')).headers.get('etag')
    const b = (await request('/thoughts/llms')).headers.get('etag')
    expect(a).not.toBe(b)
  })
})

describe('HEAD', () => {
  it('answers with the headers of GET and no body', async () => {
    const get = await request('/thoughts/alignment')
    const head = await request('/thoughts/alignment', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'))
    expect(head.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    expect(await head.text()).toBe('')
  })

  it('on a missing note: 404, no body', async () => {
    const head = await request('/nope', { method: 'HEAD' })
    expect(head.status).toBe(404)
    expect(await head.text()).toBe('')
  })
})

describe('notes rendered at build time', () => {
  it("a note's HTML record is served as it is, without rendering its markdown", async () => {
    const restore = await replaceRecord('h:thoughts/rag', '<p>prerendered body</p>\n')
    try {
      const html = await (await request('/thoughts/rag')).text()
      expect(html).toContain('<div class="note-body"><p>prerendered body</p>\n</div>')
    } finally {
      await restore()
    }
  })

  it('its formulas are filled in from the pack, its code from the record', async () => {
    const record = JSON.parse((await recordJson('n:thoughts/diagrams'))!)
    const formula = record.math[0] as string
    const typeset = (await recordJson(formula, 'n:thoughts/diagrams'))!
    const code = Object.keys(record.prerendered).find((key) => key.startsWith('c:'))!
    const restore = await replaceRecord('h:thoughts/diagrams', `<p>a \u0000${formula}\u0000 b</p>\n\u0000${code}\u0000`)
    try {
      const html = await (await request('/thoughts/diagrams')).text()
      expect(html).toContain(`<div class="note-body"><p>a ${typeset} b</p>\n${record.prerendered[code]}</div>`)
    } finally {
      await restore()
    }
  })

  it('a body with nothing to fill goes out as its stored bytes: the same page, byte for byte, as one filled in', async () => {
    const record = JSON.parse((await recordJson('n:thoughts/diagrams'))!)
    const code = Object.keys(record.prerendered).find((key) => key.startsWith('c:'))!
    const body = (middle: string) => `<p>π “quoted” ∑ ${middle}</p>\n`
    const pageOf = async (html: string) => {
      const restore = await replaceRecord('h:thoughts/diagrams', html)
      try {
        const page = new Uint8Array(await (await request('/thoughts/diagrams')).arrayBuffer())
        const preview = await (await request('/_hyphae/fragment/thoughts/diagrams')).text()
        return { page, preview }
      } finally {
        await restore()
      }
    }
    const filled = await pageOf(body(`\u0000${code}\u0000`))
    const stored = await pageOf(body(record.prerendered[code]))
    expect(new TextDecoder().decode(stored.page)).toContain(
      `<div class="note-body">${body(record.prerendered[code])}</div>`,
    )
    expect(stored.page).toEqual(filled.page)
    // A link preview reads the same body as text.
    expect(stored.preview).toContain(body(record.prerendered[code]))
    expect(stored.preview).toBe(filled.preview)
  })

  it('one missing from the pack: the note is rendered from its markdown instead', async () => {
    const built = await (await request('/thoughts/rag')).text()
    const restore = await replaceRecord('h:thoughts/rag', '<p>prerendered \u0000m:missing\u0000</p>\n')
    try {
      const html = await (await request('/thoughts/rag')).text()
      expect(html).not.toContain('prerendered')
      expect(html).toBe(built)
    } finally {
      await restore()
    }
  })
})

describe('failures', () => {
  it('a corrupt record gets a plain 500 page, never a stack trace', async () => {
    const restore = await replaceRecord('n:thoughts/existentialism', '{not json')
    const res = await request('/thoughts/existentialism')
    await restore()
    expect(res.status).toBe(500)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const html = await res.text()
    expect(html).toContain('<h1>Server error</h1>')
    expect(html).not.toMatch(/at |Error:|CorruptRecordError/)
  })
})

describe('edge cache tags (Workers Cache)', () => {
  it('a note names itself, every note it transcludes, and the site', async () => {
    expect((await request('/thoughts/llms')).headers.get('cache-tag')).toBe(
      'n:thoughts%2Fllms,n:thoughts%2Fmechanistic-interpretability,site',
    )
    expect((await request('/thoughts/alignment')).headers.get('cache-tag')).toBe('n:thoughts%2Falignment,site')
  })

  it('a 304 carries the headers RFC 9110 §15.4.5 asks for, as the page does, and the note’s own tags', async () => {
    const page = await request('/thoughts/llms')
    const res = await request('/thoughts/llms', { headers: { 'If-None-Match': page.headers.get('etag')! } })
    expect(res.status).toBe(304)
    for (const name of ['etag', 'cache-control', 'vary'])
      expect(res.headers.get(name), name).toBe(page.headers.get(name))
    expect(res.headers.get('cache-tag')).toBe('n:thoughts%2Fllms,site')
  })

  it('a 404 names the slug, so publishing that note purges it', async () => {
    const res = await request('/thoughts/moral')
    expect(res.headers.get('cache-tag')).toBe('n:thoughts%2Fmoral,site')
    expect(res.headers.get('cache-control')).toBe('public, max-age=60')
  })

  it('tag pages and the tag index have their own tags', async () => {
    expect((await request('/tags/ml')).headers.get('cache-tag')).toBe('t:ml,site')
    expect((await request('/tags')).headers.get('cache-tag')).toBe('tags,site')
  })
})

describe('POST /_hyphae/purge', () => {
  const purge = (body: unknown, token?: string) =>
    request('/_hyphae/purge', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    })

  it('refuses a request without the secret', async () => {
    expect((await purge({ tags: ['site'] })).status).toBe(401)
    expect((await purge({ tags: ['site'] }, 'wrong')).status).toBe(401)
  })

  it.each([[{}], [{ tags: [] }], [{ tags: ['has space'] }], [{ tags: 'site' }], [{ everything: 'yes' }]])(
    'refuses the body %j',
    async (body) => {
      expect((await purge(body, 'test-purge-token')).status).toBe(400)
    },
  )

  it('with the secret and a valid body, asks Workers Cache (absent in the local runtime: 501)', async () => {
    const res = await purge({ tags: ['n:thoughts%2Falignment'] }, 'test-purge-token')
    expect(res.status).toBe(501)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(((await res.json()) as { success: boolean }).success).toBe(false)
  })
})

describe('security headers', () => {
  const strict =
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' https: data:; media-src 'self' https:; frame-src 'self' https:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

  it.each([
    ['a note', '/thoughts/alignment', {}],
    ['a 304', '/thoughts/alignment', { 'If-None-Match': '*' }],
    ['a 404', '/no/such/note', {}],
    ['a 400', '/%E0%A4%A', {}],
    ['a redirect', '/Thoughts/Alignment', {}],
    ['search', '/search?q=x', {}],
    ['a 405', '/thoughts/alignment', { method: 'DELETE' }],
  ])('%s carries the CSP, nosniff, a referrer policy and frame protection', async (_name, path, init) => {
    const { method, ...headers } = init as { method?: string } & Record<string, string>
    const res = await request(path, { ...(method ? { method } : {}), headers })
    expect(res.headers.get('content-security-policy')).toBe(strict)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
  })

  it('only a page with a Mermaid diagram allows inline <style> (Mermaid styles its SVG so)', async () => {
    const res = await request('/thoughts/diagrams')
    expect(res.headers.get('content-security-policy')).toBe(
      strict.replace("style-src 'self';", "style-src 'self' 'unsafe-inline';"),
    )
  })
})

describe('KV failures', () => {
  it('a KV error gets a plain 500 page and a log line with context, never a stack trace', async () => {
    const { default: app } = await import('../../src/index.tsx')
    const failing = {
      ...env,
      NOTES: { get: () => Promise.reject(new Error('KV timed out')) } as unknown as KVNamespace,
    }
    const logged: string[] = []
    const original = console.error
    console.error = (...args: unknown[]) => void logged.push(args.join(' '))
    try {
      const res = await app.fetch(new Request('https://garden.example/thoughts/alignment'), failing, {
        waitUntil() {},
        passThroughOnException() {},
        props: {},
      } as unknown as ExecutionContext)
      expect(res.status).toBe(500)
      expect(res.headers.get('cache-control')).toBe('no-store')
      const html = await res.text()
      expect(html).toContain('<h1>Server error</h1>')
      expect(html).not.toContain('KV timed out')
      expect(logged).toEqual(['hyphae: unexpected error while serving GET /thoughts/alignment: KV timed out'])
    } finally {
      console.error = original
    }
  })
})
