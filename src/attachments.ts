/**
 * Attachments served from the R2 bucket: those Workers Static Assets cannot hold (over 25 MiB, or
 * past its file count; scripts/stages/attachments.ts), at the same paths static assets would serve
 * them. Only a request static assets did not answer reaches here. Ranges (RFC 9110 §14) let audio
 * and video seek and downloads resume; If-None-Match is answered with 304 (§13.1.2).
 */
import { ifNoneMatchHits } from './cache.ts'
import { mediaTypeOf } from './media-type.ts'

/** Keys the worker never serves: the bucket's own bookkeeping (scripts/r2.ts keeps its manifest here). */
export const RESERVED_PREFIX = '_hyphae/'

/** As static assets answer (developers.cloudflare.com/workers/static-assets/headers/): revalidate by ETag each time. */
const ATTACHMENT_CACHE_CONTROL = 'public, max-age=0, must-revalidate'

/**
 * An attachment opened by itself runs nothing on the site's origin: `sandbox` without
 * `allow-scripts` gives it an opaque origin and no scripts or handlers (an SVG's onload, an HTML
 * page's script), and `default-src 'none'` loads nothing but its own kind of media and inline styles.
 * Only the site's own pages may frame one (an embed is an iframe; CSP 3 "frame-ancestors" takes the
 * place of X-Frame-Options). Static assets get the same through `_headers` (scripts/build.ts).
 */
export const ATTACHMENT_CSP =
  "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; font-src 'self' data:; frame-ancestors 'self'"

/**
 * PDFs are the exception: Firefox's and Safari's viewers, and Chromium's for years ("This page has
 * been blocked"), show nothing in a sandboxed document, whatever the sandbox allows; and a PDF's
 * own scripts run inside the viewer, never with the site's origin. They keep `nosniff` and the
 * framing rule.
 */
export const PDF_CSP = "frame-ancestors 'self'"

/** The policy for a file of this media type. */
function attachmentCsp(contentType: string | null): string {
  return /^application\/pdf\b/i.test(contentType ?? '') ? PDF_CSP : ATTACHMENT_CSP
}

/** `Range: bytes=<first>-<last>`: 1 = first byte (empty: a suffix of `last` bytes), 2 = last byte (empty: to the end). */
const BYTE_RANGE_RE = /^bytes=(\d*)-(\d*)$/

/**
 * One byte range of a `size`-byte file, as R2 reads it. `undefined`: send the whole file (no Range,
 * another unit, which RFC 9110 §14.2 says to ignore, or several ranges, which a server may ignore).
 * `null`: answer 416 (malformed, or not within the file, §15.5.17).
 */
export function parseRange(header: string | null, size: number): { offset: number; length: number } | null | undefined {
  const spec = header?.trim().replace(/\s+/g, '')
  if (!spec || !/^bytes=/i.test(spec) || spec.includes(',')) return undefined
  const match = BYTE_RANGE_RE.exec(spec.toLowerCase())
  if (!match || (match[1] === '' && match[2] === '')) return null
  if (match[1] === '') {
    const suffix = Math.min(Number(match[2]), size)
    return suffix > 0 ? { offset: size - suffix, length: suffix } : null
  }
  const first = Number(match[1])
  const last = match[2] === '' ? size - 1 : Number(match[2])
  if (first >= size || last < first) return null
  return { offset: first, length: Math.min(last, size - 1) - first + 1 }
}

/** The object key a request path names: the served path without its `/`, decoded. */
function objectKey(pathname: string): string | undefined {
  try {
    const key = decodeURIComponent(pathname.slice(1))
    return key === '' || key.startsWith(RESERVED_PREFIX) ? undefined : key
  } catch {
    return undefined
  }
}

function objectHeaders(object: R2Object): Headers {
  const headers = new Headers()
  object.writeHttpMetadata(headers)
  // The upload stores a Content-Type (scripts/r2.ts); an object put there by hand may have none.
  if (!headers.has('Content-Type')) headers.set('Content-Type', mediaTypeOf(object.key))
  headers.set('ETag', object.httpEtag)
  headers.set('Cache-Control', ATTACHMENT_CACHE_CONTROL)
  headers.set('Accept-Ranges', 'bytes')
  headers.set('Content-Security-Policy', attachmentCsp(headers.get('Content-Type')))
  headers.set('X-Content-Type-Options', 'nosniff')
  return headers
}

/**
 * The response for `request` from `bucket`, or undefined when the bucket has no such object (or
 * the site has no bucket): the caller answers with its 404 page.
 */
export async function serveAttachment(bucket: R2Bucket | undefined, request: Request): Promise<Response | undefined> {
  const key = objectKey(new URL(request.url).pathname)
  if (!bucket || key === undefined) return undefined
  const head = await bucket.head(key)
  if (!head) return undefined
  const headers = objectHeaders(head)
  if (ifNoneMatchHits(request.headers.get('If-None-Match') ?? undefined, head.httpEtag)) {
    return new Response(null, { status: 304, headers })
  }
  // If-Range (RFC 9110 §13.1.5): a range of a copy that has changed since is the whole new file.
  const ifRange = request.headers.get('If-Range')
  const range =
    ifRange === null || ifRange === head.httpEtag ? parseRange(request.headers.get('Range'), head.size) : undefined
  if (range === null) {
    headers.set('Content-Range', `bytes */${head.size}`)
    return new Response(null, { status: 416, headers })
  }
  if (range) headers.set('Content-Range', `bytes ${range.offset}-${range.offset + range.length - 1}/${head.size}`)
  headers.set('Content-Length', String(range ? range.length : head.size))
  const status = range ? 206 : 200
  if (request.method === 'HEAD') return new Response(null, { status, headers })
  const object = await bucket.get(key, { onlyIf: { etagMatches: head.etag }, ...(range ? { range } : {}) })
  // Deleted or replaced between the two reads: the headers above would not describe this body.
  if (!object || !('body' in object)) return undefined
  return new Response(object.body, { status, headers })
}
