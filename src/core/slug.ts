/**
 * The one slug rule, shared by the build (file → key) and the worker (URL → key).
 *
 * A file's slug is its vault path with `.md` dropped and each segment slugged:
 * Unicode NFC, lower case, runs of whitespace → `-`, `&` → `-and-`, characters that are
 * unsafe or meaningful in URLs (`? # % " < > \ ^ { } | [ ] ` and control characters) removed, repeated `-` merged.
 * Letters of every script are kept. `index.md` is its folder's note (`a/index.md` → `a`, the
 * vault's own `index.md` → `index`, served at `/`). Attachments keep their extension.
 */

declare const SlugBrand: unique symbol
/** A note's key path: `thoughts/alignment`. Only `slugFromPath`, `slugFromUrlPath` and `parseSlug` make one. */
export type Slug = string & { readonly [SlugBrand]: true }

/** The vault's home note, served at `/`. */
export const HOME_SLUG = 'index' as Slug

/** Characters removed from a segment: URL delimiters, unsafe ASCII, controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const UNSAFE_RE = /[?#%"<>\\^{}|[\]`\u0000-\u001f\u007f]/g

/** A segment already in slug form and all ASCII (most are): what slugSegment would give back unchanged. */
const PLAIN_SEGMENT_RE = /^[a-z0-9_~.!$'()*+,;=:@]+(?:-[a-z0-9_~.!$'()*+,;=:@]+)*$/

export function slugSegment(segment: string): string {
  if (PLAIN_SEGMENT_RE.test(segment) && segment !== '.' && segment !== '..') return segment
  const slug = segment
    .normalize('NFC')
    .toLowerCase()
    .replace(/&/g, '-and-')
    .replace(UNSAFE_RE, '')
    .replace(/\s+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
  return slug === '' || slug === '.' || slug === '..' ? '_' : slug
}

/** `thoughts/Mechanistic Interpretability.md` → `thoughts/mechanistic-interpretability`. */
export function slugFromPath(vaultPath: string): Slug {
  const isNote = /\.md$/i.test(vaultPath)
  const segments = (isNote ? vaultPath.slice(0, -3) : vaultPath).split('/').filter(Boolean)
  if (isNote && segments.length > 1 && segments.at(-1)!.toLowerCase() === 'index') segments.pop()
  return (segments.map(slugSegment).join('/') || HOME_SLUG) as Slug
}

const UNENCODED_RE = /^[A-Za-z0-9\-_.!~*'()/]*$/

/** The path a slug is served at: `/thoughts/alignment`, `/` for the home note. Percent-encoded. */
export function hrefFromSlug(slug: Slug | string): string {
  if (slug === HOME_SLUG) return '/'
  // Characters encodeURIComponent leaves as they are: most slugs, at no cost.
  if (UNENCODED_RE.test(slug)) return `/${slug}`
  return `/${slug.split('/').map(encodeURIComponent).join('/')}`
}

/** Checks a string read back from storage or a client is already in slug form. */
export function parseSlug(value: string): Slug | undefined {
  if (value === '' || value.length > 400) return undefined
  const segments = value.split('/')
  return segments.every((s) => slugSegment(s) === s) ? (value as Slug) : undefined
}

export type UrlMatch = { kind: 'slug'; slug: Slug; canonical: string } | { kind: 'bad-request' }

/**
 * Maps a request path to the note it names. Every equivalent form (`%20` or spaces, any case,
 * a trailing slash, a `.md` suffix, `/index`) gives the same slug; `canonical` is the one form
 * that answers 200, so the app redirects every other form to it.
 */
export function slugFromUrlPath(pathname: string): UrlMatch {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return { kind: 'bad-request' }
  }
  const segments = decoded.split('/').filter(Boolean)
  const last = segments.at(-1)
  if (last !== undefined && /\.md$/i.test(last)) segments[segments.length - 1] = last.slice(0, -3)
  if (segments.length > 1 && segments.at(-1)!.toLowerCase() === 'index') segments.pop()
  const slug = (segments.map(slugSegment).join('/') || HOME_SLUG) as Slug
  return { kind: 'slug', slug, canonical: hrefFromSlug(slug) }
}
