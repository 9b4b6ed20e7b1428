/**
 * Conditional requests and cache headers (RFC 9110 §8.8.3, §13.1.2; RFC 9111; RFC 5861). Pure.
 */

/**
 * Notes: browsers and the edge may reuse a page for a minute, then serve it stale for a day while
 * they revalidate in the background with the ETag (a 304 costs no rendering). A deploy purges the
 * pages it changed, so the edge rarely serves a stale page at all.
 */
export const NOTE_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=86400'
/** 404s are cached briefly, so a note published a minute later shows up. */
export const MISSING_CACHE_CONTROL = 'public, max-age=60'
/** Redirects between URL forms never change for a given vault. */
export const REDIRECT_CACHE_CONTROL = 'public, max-age=3600'
/** Errors are never cached. */
export const ERROR_CACHE_CONTROL = 'no-store'

/**
 * A strong ETag for a page: the record's hash (which covers its transclusions and backlinks)
 * and the worker version (which covers the code that renders it).
 */
export function etagFor(hash: string, version: string): string {
  return `"${hash}-${version.replace(/[^A-Za-z0-9-]/g, '')}"`
}

/** RFC 9110 §13.1.2: If-None-Match uses the weak comparison, and `*` matches any current page. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  const opaque = etag.replace(/^W\//, '')
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === opaque)
}

/*
 * Workers Cache (wrangler.toml `[cache]`) keeps pages at the edge; every response names what it
 * shows in `Cache-Tag`, so a deploy purges exactly the pages whose records changed.
 * Tags are printable ASCII: slugs are percent-encoded.
 */

/** Every HTML page shows the site record (title, asset version). */
export const SITE_TAG = 'site'
/** The tag index page. */
export const TAG_INDEX_TAG = 'tags'

/** A note's page, and every page that transcludes it. */
export function noteTag(slug: string): string {
  return `n:${encodeURIComponent(slug)}`
}

/** A folder's page. */
export function folderTag(slug: string): string {
  return `f:${encodeURIComponent(slug)}`
}

/** The garden's graph (/graph). */
export const GRAPH_TAG = 'graph'

/** The sitemap, feed and llms.txt: they list every note. */
export const NOTES_TAG = 'notes'

/** A tag's page. */
export function tagPageTag(path: string): string {
  return `t:${encodeURIComponent(path)}`
}

/** The `Cache-Tag` value for a set of tags (at most 1000 per response). */
export function cacheTagHeader(tags: Iterable<string>): string {
  return [...new Set(tags)].slice(0, 1000).join(',')
}

/** Site assets under a versioned path never change: a new version gets a new path. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable'
