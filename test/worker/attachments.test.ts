/**
 * Attachments served from R2 (src/attachments.ts): a real R2 bucket in workerd, requests through
 * the whole worker at the paths static assets would have served.
 */
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { ATTACHMENT_CSP, PDF_CSP, parseRange, serveAttachment } from '../../src/attachments.ts'
import { loadFixture, request } from './helpers.ts'

/** 1,000 bytes, each its offset mod 256: any slice shows where it came from. */
const BYTES = Uint8Array.from({ length: 1000 }, (_, i) => i % 256)
const PATH = '/lectures/big-talk.mp4'

beforeAll(async () => {
  await loadFixture()
  await env.ATTACHMENTS.put('lectures/big-talk.mp4', BYTES, { httpMetadata: { contentType: 'video/mp4' } })
  // As an object put by hand: no Content-Type stored.
  await env.ATTACHMENTS.put('papers/handout.pdf', '%PDF-1.7')
  await env.ATTACHMENTS.put('_hyphae/r2-manifest.json', '{"v":1,"files":{}}')
})

describe('Range: bytes=… (RFC 9110 §14.1.2), for a 1,000-byte file', () => {
  it.each([
    ['bytes=0-99', { offset: 0, length: 100 }],
    ['bytes=900-', { offset: 900, length: 100 }],
    ['bytes=-10', { offset: 990, length: 10 }],
    ['bytes=-5000', { offset: 0, length: 1000 }],
    ['bytes=990-5000', { offset: 990, length: 10 }],
    ['bytes=999-999', { offset: 999, length: 1 }],
    [' bytes = 5 - 9 ', { offset: 5, length: 5 }],
    ['BYTES=0-0', { offset: 0, length: 1 }],
    ['bytes=1000-', null],
    ['bytes=5-4', null],
    ['bytes=-0', null],
    ['bytes=-', null],
    ['bytes=abc', null],
    ['bytes=0-1,5-6', undefined],
    ['items=0-1', undefined],
    ['', undefined],
  ])('%j → %j', (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected)
  })

  it('no header is the whole file; any range of an empty file is unsatisfiable', () => {
    expect(parseRange(null, 1000)).toBeUndefined()
    expect(parseRange('bytes=0-', 0)).toBeNull()
  })
})

describe('a file in R2', () => {
  it('answers GET with the whole file, its type, ETag, caching and the sandbox', async () => {
    const res = await request(PATH)
    expect(res.status).toBe(200)
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(BYTES)
    const etag = (await env.ATTACHMENTS.head('lectures/big-talk.mp4'))!.httpEtag
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'content-type': 'video/mp4',
      'content-length': '1000',
      etag,
      'cache-control': 'public, max-age=0, must-revalidate',
      'accept-ranges': 'bytes',
      'content-security-policy': ATTACHMENT_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
    })
  })

  it('a PDF in R2 is not sandboxed (Chromium shows no PDF in a sandbox), and still not sniffed or framed by others', async () => {
    await env.ATTACHMENTS.put('papers/huge.pdf', '%PDF-1.4\n', { httpMetadata: { contentType: 'application/pdf' } })
    const res = await request('/papers/huge.pdf')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toBe(PDF_CSP)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('answers a range with 206, those bytes and Content-Range', async () => {
    const res = await request(PATH, { headers: { Range: 'bytes=100-199' } })
    expect(res.status).toBe(206)
    expect(res.headers.get('content-range')).toBe('bytes 100-199/1000')
    expect(res.headers.get('content-length')).toBe('100')
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(BYTES.slice(100, 200))
    const tail = await request(PATH, { headers: { Range: 'bytes=-24' } })
    expect(tail.headers.get('content-range')).toBe('bytes 976-999/1000')
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(BYTES.slice(976))
  })

  it('answers an unsatisfiable or malformed range with 416 and the size', async () => {
    for (const range of ['bytes=1000-', 'bytes=9-3']) {
      const res = await request(PATH, { headers: { Range: range } })
      expect(res.status).toBe(416)
      expect(res.headers.get('content-range')).toBe('bytes */1000')
      expect((await res.arrayBuffer()).byteLength).toBe(0)
    }
  })

  it('sends the whole file for a range of a copy that has changed since (If-Range)', async () => {
    const res = await request(PATH, { headers: { Range: 'bytes=0-9', 'If-Range': '"an-older-etag"' } })
    expect(res.status).toBe(200)
    expect((await res.arrayBuffer()).byteLength).toBe(1000)
  })

  it('answers HEAD with the headers and no body', async () => {
    const res = await request(PATH, { method: 'HEAD' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-length')).toBe('1000')
    expect(res.headers.get('content-type')).toBe('video/mp4')
    expect((await res.arrayBuffer()).byteLength).toBe(0)
    const range = await request(PATH, { method: 'HEAD', headers: { Range: 'bytes=0-9' } })
    expect([range.status, range.headers.get('content-range'), range.headers.get('content-length')]).toEqual([
      206,
      'bytes 0-9/1000',
      '10',
    ])
  })

  it('answers If-None-Match with its ETag by 304', async () => {
    const etag = (await request(PATH, { method: 'HEAD' })).headers.get('etag')!
    const res = await request(PATH, { headers: { 'If-None-Match': `"other", ${etag}` } })
    expect(res.status).toBe(304)
    expect(res.headers.get('etag')).toBe(etag)
    expect((await res.arrayBuffer()).byteLength).toBe(0)
  })

  it('takes its type from the extension when the object has none', async () => {
    const res = await request('/papers/handout.pdf')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(new TextDecoder().decode(await res.arrayBuffer())).toBe('%PDF-1.7')
  })
})

describe('what R2 does not serve', () => {
  it('a missing object is the 404 page', async () => {
    const res = await request('/lectures/missing.mp4')
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('<h1 class="note-title">Not found</h1>')
  })

  it('the bucket’s own manifest is never served', async () => {
    expect((await request('/_hyphae/r2-manifest.json')).status).toBe(404)
  })

  it('a miscased path redirects to the served one, as for static assets', async () => {
    const res = await request('/Lectures/Big-Talk.mp4')
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe(PATH)
  })

  it('a site without a bucket answers nothing from it', async () => {
    expect(await serveAttachment(undefined, new Request(`https://garden.example${PATH}`))).toBeUndefined()
  })
})
