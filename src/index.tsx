/**
 * The worker: a Hono app that renders the requested note from KV on demand.
 * Data flow per request: canonical URL → one KV read → 304 if the ETag matches → render → page.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import {
  cacheTagHeader,
  ERROR_CACHE_CONTROL,
  etagFor,
  ifNoneMatchHits,
  MISSING_CACHE_CONTROL,
  NOTE_CACHE_CONTROL,
  folderTag,
  noteTag,
  NOTES_TAG,
  REDIRECT_CACHE_CONTROL,
  SITE_TAG,
  TAG_INDEX_TAG,
  tagPageTag,
} from './cache.ts'
import { renderNote } from './core/render.ts'
import { escapeHtml } from './core/html.ts'
import { plainBody, rankHits, searchTerms, snippetHtml } from './core/search.ts'
import { SearchPage } from './pages/SearchPage.tsx'
import type { NoteRecord, SiteRecord } from './core/record.ts'
import { HOME_SLUG, hrefFromSlug, slugFromUrlPath } from './core/slug.ts'
import { atomFeed, llmsTxt, markdownHref, robotsTxt, sitemapXml } from './machine.ts'
import { FolderPage } from './pages/FolderPage.tsx'
import type { Slug } from './core/slug.ts'
import type { Env } from './env.d.ts'
import { tagHref, tagPath } from './core/markdown/tag.ts'
import {
  CorruptRecordError,
  readNotes,
  readFolder,
  readMath,
  readNote,
  readNoteIndex,
  readRedirect,
  readSearchShards,
  readSite,
  readTag,
  readTagIndex,
} from './notes.ts'
import { TagIndexPage, TagPage } from './pages/TagPage.tsx'
import { MessagePage } from './pages/MessagePage.tsx'
import { NotePage } from './pages/NotePage.tsx'
import { purgeHandler } from './purge.ts'
import { contentSecurityPolicy, securityHeaders } from './security.ts'

type AppContext = Context<{ Bindings: Env }>

const app = new Hono<{ Bindings: Env }>()

app.use(securityHeaders())

/** No note has a path this long (KV keys hold 512 bytes); such requests are refused before any work. */
const MAX_PATH = 2048
const MAX_QUERY = 4096
app.use(async (c, next) => {
  const url = new URL(c.req.url)
  if (url.pathname.length > MAX_PATH || url.search.length > MAX_QUERY) {
    c.header('Cache-Control', ERROR_CACHE_CONTROL)
    return c.text('URI too long', 414)
  }
  return next()
})

/** A path whose last segment has an extension other than `.md` names an attachment. */
const ATTACHMENT_RE = /\.(?!md$)[A-Za-z0-9]{1,8}$/i

/** The site before its first build is uploaded: every page still renders. */
const UNBUILT_SITE: SiteRecord = { v: 1, title: 'hyphae', notes: 0, assets: '/_hyphae', breaks: false, recent: [] }

/** The site record (a SiteRecord is also the SiteView every page shows). */
async function siteRecord(env: Env): Promise<SiteRecord> {
  return (await readSite(env.NOTES)) ?? UNBUILT_SITE
}

/** Sets Cache-Control and the Cache-Tag a deploy purges by (src/cache.ts). */
function cacheHeaders(c: AppContext, cacheControl: string, tags: string[]): void {
  c.header('Cache-Control', cacheControl)
  c.header('Cache-Tag', cacheTagHeader(tags))
}

async function messagePage(
  c: AppContext,
  status: ContentfulStatusCode,
  title: string,
  message: string,
  tags: string[] = [],
) {
  cacheHeaders(c, MISSING_CACHE_CONTROL, [...tags, SITE_TAG])
  return c.html(<MessagePage site={await siteRecord(c.env)} title={title} message={message} />, status)
}

function redirect(c: AppContext, location: string, tags: string[]) {
  cacheHeaders(c, REDIRECT_CACHE_CONTROL, tags)
  return c.redirect(location, 301)
}

/** Where a missing slug's note lives now: an old URL (permalink, path alias), or, when asked, the note itself. */
async function movedTo(env: Env, slug: Slug, orNote = false): Promise<string | undefined> {
  const moved = await readRedirect(env.NOTES, slug)
  if (moved) return hrefFromSlug(moved)
  return orNote && (await readNote(env.NOTES, slug)) ? hrefFromSlug(slug) : undefined
}

/** Renders a note on demand: the notes it transcludes and its formulas come in bulk reads. */
async function renderBody(env: Env, note: NoteRecord, site: Promise<SiteRecord>): Promise<string> {
  const [{ breaks }, embedded, math] = await Promise.all([
    site,
    readNotes(env.NOTES, note.embeds),
    readMath(env.NOTES, note.math),
  ])
  // Formulas only transcluded notes show: one more bulk read, for pages that have them.
  const more = [...new Set([...embedded.values()].flatMap((record) => record.math))].filter((key) => !math.has(key))
  for (const [key, html] of more.length ? await readMath(env.NOTES, more) : []) math.set(key, html)
  return renderNote(note, embedded, { breaks, math })
}

app.post('/_hyphae/purge', purgeHandler)

/** The note body alone, for link previews (src/client/main.ts). */
app.get('/_hyphae/fragment/*', async (c) => {
  const match = slugFromUrlPath(c.req.path.slice('/_hyphae/fragment'.length) || '/')
  if (match.kind === 'bad-request') return c.text('Bad request', 400)
  const note = await readNote(c.env.NOTES, match.slug)
  cacheHeaders(c, note ? NOTE_CACHE_CONTROL : MISSING_CACHE_CONTROL, [
    noteTag(match.slug),
    ...(note?.embeds.map(noteTag) ?? []),
  ])
  if (!note) return c.text('Not found', 404)
  const bodyHtml = note.html ?? (await renderBody(c.env, note, siteRecord(c.env)))
  return c.html(
    `<article class="preview"><h2 class="preview-title">${escapeHtml(note.title)}</h2>${bodyHtml}</article>`,
  )
})

/** `/search?q=`: every note holding every word, best first, with the matches marked. */
app.get('/search', async (c) => {
  const query = (c.req.query('q') ?? '').slice(0, 200).trim()
  const terms = [...new Set(searchTerms(query))].slice(0, 8)
  const [site, shards] = await Promise.all([siteRecord(c.env), readSearchShards(c.env.NOTES, terms)])
  const hits = terms.length ? rankHits(terms, shards, 20) : []
  const records = await readNotes(
    c.env.NOTES,
    hits.map((hit) => hit.slug as Slug),
  )
  const results = hits.flatMap((hit) => {
    const note = records.get(hit.slug)
    return note
      ? [{ slug: note.slug, title: note.title, snippetHtml: snippetHtml(plainBody(note.body), terms, escapeHtml) }]
      : []
  })
  c.header('Cache-Control', ERROR_CACHE_CONTROL)
  return c.html(<SearchPage site={site} query={query} results={results} />)
})

/** Machine-readable files: made per request from small records, cached like pages. */
function machineRoute(path: string, type: string, make: (origin: string, env: Env) => Promise<string>) {
  app.get(path, async (c) => {
    cacheHeaders(c, NOTE_CACHE_CONTROL, [SITE_TAG, NOTES_TAG])
    c.header('Content-Type', type)
    return c.body(await make(new URL(c.req.url).origin, c.env))
  })
}

machineRoute('/sitemap.xml', 'application/xml; charset=utf-8', async (origin, env) =>
  sitemapXml(origin, await readNoteIndex(env.NOTES)),
)
machineRoute('/feed.xml', 'application/atom+xml; charset=utf-8', async (origin, env) => {
  const [site, index] = await Promise.all([siteRecord(env), readNoteIndex(env.NOTES)])
  return atomFeed(origin, site, index)
})
machineRoute('/robots.txt', 'text/plain; charset=utf-8', async (origin) => robotsTxt(origin))
machineRoute('/llms.txt', 'text/plain; charset=utf-8', async (origin, env) => {
  const [site, index] = await Promise.all([siteRecord(env), readNoteIndex(env.NOTES)])
  return llmsTxt(origin, site, index)
})

app.get('/tags', async (c) => {
  const [site, index] = await Promise.all([siteRecord(c.env), readTagIndex(c.env.NOTES)])
  cacheHeaders(c, NOTE_CACHE_CONTROL, [TAG_INDEX_TAG, SITE_TAG])
  return c.html(<TagIndexPage site={site} tags={index.tags} />)
})

app.get('/tags/*', async (c) => {
  const url = new URL(c.req.url)
  let decoded: string
  try {
    decoded = decodeURIComponent(url.pathname.slice('/tags/'.length))
  } catch {
    return messagePage(c, 400, 'Bad request', 'This address is not a valid URL path.')
  }
  const path = tagPath(decoded)
  const canonical = path ? tagHref(path) : '/tags'
  if (url.pathname !== canonical) return redirect(c, canonical + url.search, [])
  const [site, tag] = await Promise.all([siteRecord(c.env), readTag(c.env.NOTES, path)])
  if (!tag) return messagePage(c, 404, 'Not found', 'No note carries this tag.', [tagPageTag(path)])
  cacheHeaders(c, NOTE_CACHE_CONTROL, [tagPageTag(path), SITE_TAG])
  return c.html(<TagPage site={site} tag={tag.tag} notes={tag.notes} />)
})

/** A note's markdown, for machines: `/<slug>.md`, or the page's URL with `Accept: text/markdown`. */
function markdownResponse(c: AppContext, note: NoteRecord) {
  cacheHeaders(c, NOTE_CACHE_CONTROL, [noteTag(note.slug)])
  c.header('Content-Type', 'text/markdown; charset=utf-8')
  c.header('Vary', 'Accept')
  return c.body(`# ${note.title}\n\n${note.body.replace(/^\n+/, '')}`)
}

app.on(['GET', 'HEAD'], '*', async (c) => {
  const url = new URL(c.req.url)
  if (/\.md$/i.test(url.pathname)) {
    // `/thoughts/alignment.md` is the note's markdown; other spellings redirect to that form.
    const match = slugFromUrlPath(url.pathname)
    if (match.kind === 'bad-request') return messagePage(c, 400, 'Bad request', 'This address is not a valid URL path.')
    const canonical = markdownHref(match.slug)
    if (url.pathname !== canonical) return redirect(c, canonical + url.search, [])
    const note = await readNote(c.env.NOTES, match.slug)
    if (note) return markdownResponse(c, note)
    const moved = await readRedirect(c.env.NOTES, match.slug)
    if (moved) return redirect(c, markdownHref(moved) + url.search, [noteTag(match.slug)])
    return messagePage(c, 404, 'Not found', 'There is no note at this address.', [noteTag(match.slug)])
  }
  if (ATTACHMENT_RE.test(url.pathname)) {
    // Static assets answer before the worker runs; an attachment path reaching here is missing or miscased.
    const asset = await c.env.ASSETS.fetch(c.req.raw)
    if (asset.status !== 404) return asset
  }
  const match = slugFromUrlPath(url.pathname)
  if (match.kind === 'bad-request') return messagePage(c, 400, 'Bad request', 'This address is not a valid URL path.')
  if (url.pathname !== match.canonical) return redirect(c, match.canonical + url.search, [])
  const note = await readNote(c.env.NOTES, match.slug)
  if (!note) {
    // Obsidian Publish writes spaces in URLs as `+` (`/Guides/Making+friends`); `+` is also a
    // legal character of a name (`C++`), so it is read as a space only when nothing has the `+` name.
    const spaced = /\+|%2B/i.test(url.pathname) ? slugFromUrlPath(url.pathname.replace(/\+|%2B/gi, '%20')) : undefined
    const to =
      (await movedTo(c.env, match.slug)) ??
      (spaced?.kind === 'slug' && spaced.slug !== match.slug ? await movedTo(c.env, spaced.slug, true) : undefined)
    if (to) return redirect(c, to + url.search, [noteTag(match.slug)])
    const folder = await readFolder(c.env.NOTES, match.slug)
    if (folder) {
      cacheHeaders(c, NOTE_CACHE_CONTROL, [folderTag(match.slug), noteTag(match.slug), SITE_TAG])
      return c.html(<FolderPage site={await siteRecord(c.env)} folder={folder} />)
    }
    return messagePage(
      c,
      404,
      'Not found',
      'There is no note at this address. It may have moved or not be published yet.',
      [noteTag(match.slug)],
    )
  }
  const etag = etagFor(note.hash, c.env.CF_VERSION_METADATA?.id ?? 'dev')
  c.header('ETag', etag)
  cacheHeaders(c, NOTE_CACHE_CONTROL, [noteTag(note.slug), ...note.embeds.map(noteTag), SITE_TAG])
  if (ifNoneMatchHits(c.req.header('If-None-Match'), etag)) return c.body(null, 304)
  if (/\btext\/markdown\b/.test(c.req.header('Accept') ?? '')) return markdownResponse(c, note)
  c.header('Vary', 'Accept')
  const sitePromise = siteRecord(c.env)
  const [site, bodyHtml] = await Promise.all([sitePromise, note.html ?? renderBody(c.env, note, sitePromise)])
  const recent = note.slug === HOME_SLUG ? site.recent : undefined
  if (bodyHtml.includes('<pre class="mermaid"')) c.header('Content-Security-Policy', contentSecurityPolicy(true))
  return c.html(
    <NotePage site={site} note={note} bodyHtml={bodyHtml} canonical={url.origin + match.canonical} recent={recent} />,
  )
})

app.all('*', (c) => {
  c.header('Allow', 'GET, HEAD')
  c.header('Cache-Control', ERROR_CACHE_CONTROL)
  return c.text('Method not allowed', 405)
})

app.onError((error, c) => {
  const context = error instanceof CorruptRecordError ? `corrupt record ${error.key}` : 'unexpected error'
  console.error(`hyphae: ${context} while serving ${c.req.method} ${c.req.path}: ${error.message}`)
  c.header('Cache-Control', ERROR_CACHE_CONTROL)
  return c.html(
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Server error</title></head><body><h1>Server error</h1><p>This page could not be shown. Please try again later.</p></body></html>',
    500,
  )
})

export default app
