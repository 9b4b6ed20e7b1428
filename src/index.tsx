/**
 * The worker: a Hono app that renders the requested note from KV on demand.
 * Data flow per request: canonical URL → one KV read → 304 if the ETag matches → render → page.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import {
  cacheTagHeader,
  ERROR_CACHE_CONTROL,
  etagFor,
  ifNoneMatchHits,
  MISSING_CACHE_CONTROL,
  NOTE_CACHE_CONTROL,
  folderTag,
  GRAPH_TAG,
  noteTag,
  NOTES_TAG,
  REDIRECT_CACHE_CONTROL,
  SITE_TAG,
  TAG_INDEX_TAG,
  tagPageTag,
} from './cache.ts'
import { renderNote } from './core/render.ts'
import { escapeHtml } from './core/html.ts'
import { snippetHtml } from './core/search.ts'
import { searchNotes } from './search.ts'
import { SearchPage } from './pages/SearchPage.tsx'
import { GraphPage } from './pages/GraphPage.tsx'
import type { SiteView } from './pages/Layout.tsx'
import type { MessageKind } from './pages/strings.ts'
import { uiStrings } from './pages/strings.ts'
import type { NoteRecord, SiteRecord } from './core/records.ts'
import { RECORD_VERSION, RECORDS } from './core/records.ts'
import { HOME_SLUG, hrefFromSlug, slugFromUrlPath } from './core/slug.ts'
import { atomFeed, llmsTxt, markdownHref, robotsTxt, sitemapXml } from './machine.ts'
import { FolderPage } from './pages/FolderPage.tsx'
import { HomePage } from './pages/HomePage.tsx'
import type { Slug } from './core/slug.ts'
import type { Env } from './env.d.ts'
import { tagHref, tagPath } from './core/markdown/tag.ts'
import { serveAttachment } from './attachments.ts'
import type { ServedNote } from './notes.ts'
import { CorruptRecordError, Garden } from './notes.ts'
import { TagIndexPage, TagPage } from './pages/TagPage.tsx'
import { MessagePage } from './pages/MessagePage.tsx'
import { NotePage } from './pages/NotePage.tsx'
import { BODY_SLOT } from './pages/explorer.ts'
import { purgeHandler } from './purge.ts'
import { login, logout, PRIVATE_CACHE_CONTROL, sessionGroups } from './access.ts'
import { SignInPage } from './pages/SignInPage.tsx'
import { contentSecurityPolicy, securityHeaders } from './security.ts'
import { sendPage } from './send-page.ts'

type AppEnv = { Bindings: Env; Variables: { garden: Garden } }
type AppContext = Context<AppEnv>

const app = new Hono<AppEnv>()

app.use(securityHeaders())
// One reader of KV per request (src/notes.ts): the root and each pack are read at most once.
app.use(async (c, next) => {
  c.set('garden', new Garden(c.env.NOTES))
  await next()
})

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

/** A request path as the vault's served paths are written: decoded, without its `/` ('' when it does not decode). */
function decodedPath(pathname: string): string {
  try {
    return decodeURIComponent(pathname.slice(1))
  } catch {
    return ''
  }
}

/** A path whose last segment has an extension other than `.md` names an attachment. */
const ATTACHMENT_RE = /\.(?!md$)[A-Za-z0-9]{1,8}$/i

/** The site before its first build is uploaded: every page still renders. */
const UNBUILT_SITE: SiteRecord = {
  v: RECORD_VERSION,
  title: 'hyphae',
  notes: 0,
  assets: '/_hyphae',
  breaks: false,
  recent: [],
}

/** The site record and the explorer: the SiteView every page shows. */
async function siteRecord(c: AppContext): Promise<SiteRecord & Pick<SiteView, 'explorer'>> {
  const [site, explorer] = await Promise.all([c.var.garden.site(), c.var.garden.explorer()])
  return site ? { ...site, explorer } : UNBUILT_SITE
}

/** Sets Cache-Control and the Cache-Tag a deploy purges by (src/cache.ts). */
function cacheHeaders(c: AppContext, cacheControl: string, tags: string[]): void {
  c.header('Cache-Control', cacheControl)
  c.header('Cache-Tag', cacheTagHeader(tags))
}

async function messagePage(c: AppContext, status: 400 | 404, kind: MessageKind, tags: string[] = []) {
  cacheHeaders(c, MISSING_CACHE_CONTROL, [...tags, SITE_TAG])
  const site = await siteRecord(c)
  return sendPage(c, site, <MessagePage site={site} status={status} kind={kind} />, status)
}

function redirect(c: AppContext, location: string, tags: string[]) {
  cacheHeaders(c, REDIRECT_CACHE_CONTROL, tags)
  return c.redirect(location, 301)
}

/** Where a missing slug's note lives now: an old URL (permalink, path alias), or, when asked, the note itself. */
async function movedTo(c: AppContext, slug: Slug, orNote = false): Promise<string | undefined> {
  const moved = await c.var.garden.redirect(slug)
  if (moved) return hrefFromSlug(moved)
  return orNote && (await c.var.garden.note(slug)) ? hrefFromSlug(slug) : undefined
}

/** Renders a note on demand: the notes it transcludes come from their packs, read together. */
async function renderBody(c: AppContext, note: NoteRecord): Promise<string> {
  const [{ breaks }, embedded] = await Promise.all([siteRecord(c), c.var.garden.notes(note.embeds)])
  return renderNote(note, embedded, { breaks })
}

app.post('/_hyphae/purge', purgeHandler)

/** Renders a protected note: what it transcludes is public, or of its own group (the build made it so). */
async function renderProtectedBody(c: AppContext, note: NoteRecord, group: string): Promise<string> {
  const garden = c.var.garden
  const [{ breaks }, embedded] = await Promise.all([siteRecord(c), garden.notes(note.embeds)])
  const missing = note.embeds.filter((slug) => !embedded.has(slug))
  const mine = await Promise.all(
    missing.map(async (slug) =>
      (await garden.accessGroup(slug)) === group ? garden.protectedNote(slug, group) : undefined,
    ),
  )
  for (const record of mine) if (record) embedded.set(record.slug, { ...record, html: undefined })
  return renderNote(note, embedded, { breaks })
}

/**
 * A protected note's page, markdown or preview: for a reader whose session opens its group; for
 * anyone else 401 and the sign-in form, which names nothing of the note. Never cached anywhere.
 */
async function protectedAnswer(c: AppContext, slug: Slug, group: string, form: 'page' | 'markdown' | 'fragment') {
  c.header('Cache-Control', PRIVATE_CACHE_CONTROL)
  const url = new URL(c.req.url)
  if (!(await sessionGroups(c)).has(group)) {
    if (form === 'fragment') return c.text('Unauthorized', 401)
    const site = await siteRecord(c)
    return sendPage(c, site, <SignInPage site={site} next={url.pathname + url.search} />, 401)
  }
  const note = await c.var.garden.protectedNote(slug, group)
  if (!note) throw new CorruptRecordError(RECORDS.protectedNote.key(slug), 'is named by the root but missing')
  if (form === 'markdown') {
    c.header('Content-Type', 'text/markdown; charset=utf-8')
    return c.body(`# ${note.title}\n\n${note.body.replace(/^\n+/, '')}`)
  }
  const render = () => renderProtectedBody(c, note, group)
  if (form === 'fragment')
    return c.html(
      `<article class="preview"><h2 class="preview-title">${escapeHtml(note.title)}</h2>${note.html ?? (await render())}</article>`,
    )
  if (note.hasDiagrams) c.header('Content-Security-Policy', contentSecurityPolicy(true))
  const [site, bodyHtml] = await Promise.all([siteRecord(c), pageBody(note, render)])
  return sendPage(c, site, <NotePage site={site} note={note} bodyHtml={bodyHtml} signOut />, 200, note.htmlBytes)
}

/** Sign-in (src/access.ts): 303 to `next` with the session; 401 wrong, 429 too many, 503 not set up. */
app.post('/_hyphae/login', async (c) => {
  c.header('Cache-Control', PRIVATE_CACHE_CONTROL)
  const outcome = await login(c, await c.var.garden.accessGroups())
  if (outcome.kind === 'signed-in') return c.redirect(outcome.next, 303)
  const status = outcome.kind === 'too-many' ? 429 : outcome.kind === 'unavailable' ? 503 : 401
  const site = await siteRecord(c)
  return sendPage(c, site, <SignInPage site={site} next={outcome.next} outcome={outcome.kind} />, status)
})

app.get('/_hyphae/logout', (c) => {
  logout(c)
  c.header('Cache-Control', PRIVATE_CACHE_CONTROL)
  return c.redirect('/', 303)
})

/** The note body alone, for link previews (src/client/main.ts). */
app.get('/_hyphae/fragment/*', async (c) => {
  const match = slugFromUrlPath(c.req.path.slice('/_hyphae/fragment'.length) || '/')
  if (match.kind === 'bad-request') return c.text('Bad request', 400)
  const note = await c.var.garden.note(match.slug)
  if (!note) {
    const group = await c.var.garden.accessGroup(match.slug)
    if (group !== undefined) return protectedAnswer(c, match.slug, group, 'fragment')
  }
  cacheHeaders(c, note ? NOTE_CACHE_CONTROL : MISSING_CACHE_CONTROL, [
    noteTag(match.slug),
    ...(note?.embeds.map(noteTag) ?? []),
  ])
  if (!note) return c.text('Not found', 404)
  const bodyHtml = note.html ?? (await renderBody(c, note))
  return c.html(
    `<article class="preview"><h2 class="preview-title">${escapeHtml(note.title)}</h2>${bodyHtml}</article>`,
  )
})

/** `/search?q=`: every note holding every word, best first, with the matches marked. */
app.get('/search', async (c) => {
  const query = (c.req.query('q') ?? '').slice(0, 200).trim()
  const [site, found] = await Promise.all([siteRecord(c), searchNotes(c.var.garden, query, 20)])
  const results = found.map(({ slug, note, terms }) => ({
    slug,
    title: note.title,
    snippetHtml: snippetHtml(note.text, terms, escapeHtml),
  }))
  c.header('Cache-Control', ERROR_CACHE_CONTROL)
  return sendPage(c, site, <SearchPage site={site} query={query} results={results} />)
})

/** The most suggestions shown under the search box while the reader types. */
const SUGGESTIONS = 6

/**
 * `/_hyphae/suggest?q=`: the best few results for what is typed so far, as JSON for the header's
 * search box (src/client/suggest.ts): each note's address, title, and escaped snippet with its matches
 * in `<mark>`. Never cached: a search reads the live postings.
 */
app.get('/_hyphae/suggest', async (c) => {
  const query = (c.req.query('q') ?? '').slice(0, 200).trim()
  const [site, found] = await Promise.all([siteRecord(c), searchNotes(c.var.garden, query, SUGGESTIONS)])
  const words = uiStrings(site.lang)
  c.header('Cache-Control', ERROR_CACHE_CONTROL)
  return c.json({
    query,
    // What a screen reader hears, and the last option's label: in the site's language.
    status: found.length ? words.noteCount(found.length) : words.noMatch,
    allResults: words.allResults,
    results: found.map(({ slug, note, terms }) => ({
      href: hrefFromSlug(slug),
      title: note.title,
      snippet: snippetHtml(note.text, terms, escapeHtml, 40),
    })),
  })
})

/** Machine-readable files: made per request from small records, cached like pages. */
function machineRoute(path: string, type: string, make: (origin: string, c: AppContext) => Promise<string>) {
  app.get(path, async (c) => {
    cacheHeaders(c, NOTE_CACHE_CONTROL, [SITE_TAG, NOTES_TAG])
    c.header('Content-Type', type)
    return c.body(await make(new URL(c.req.url).origin, c))
  })
}

machineRoute('/sitemap.xml', 'application/xml; charset=utf-8', async (origin, c) =>
  sitemapXml(origin, await c.var.garden.noteIndex()),
)
machineRoute('/feed.xml', 'application/atom+xml; charset=utf-8', async (origin, c) => {
  const [site, index] = await Promise.all([siteRecord(c), c.var.garden.noteIndex()])
  return atomFeed(origin, site, index)
})
machineRoute('/robots.txt', 'text/plain; charset=utf-8', async (origin) => robotsTxt(origin))
machineRoute('/llms.txt', 'text/plain; charset=utf-8', async (origin, c) => {
  const [site, index] = await Promise.all([siteRecord(c), c.var.garden.noteIndex()])
  return llmsTxt(origin, site, index)
})

app.get('/graph', async (c) => {
  const [site, graph] = await Promise.all([siteRecord(c), c.var.garden.graph()])
  if (graph === undefined) return messagePage(c, 404, 'noGraph', [GRAPH_TAG])
  cacheHeaders(c, NOTE_CACHE_CONTROL, [GRAPH_TAG, SITE_TAG])
  return sendPage(c, site, <GraphPage site={site} graph={graph} />)
})

app.get('/tags', async (c) => {
  const [site, index] = await Promise.all([siteRecord(c), c.var.garden.tagIndex()])
  cacheHeaders(c, NOTE_CACHE_CONTROL, [TAG_INDEX_TAG, SITE_TAG])
  return sendPage(c, site, <TagIndexPage site={site} tags={index.tags} />)
})

app.get('/tags/*', async (c) => {
  const url = new URL(c.req.url)
  let decoded: string
  try {
    decoded = decodeURIComponent(url.pathname.slice('/tags/'.length))
  } catch {
    return messagePage(c, 400, 'badPath')
  }
  const path = tagPath(decoded)
  const canonical = path ? tagHref(path) : '/tags'
  if (url.pathname !== canonical) return redirect(c, canonical + url.search, [])
  const [site, tag] = await Promise.all([siteRecord(c), c.var.garden.tag(path)])
  if (!tag) return messagePage(c, 404, 'noTag', [tagPageTag(path)])
  cacheHeaders(c, NOTE_CACHE_CONTROL, [tagPageTag(path), SITE_TAG])
  return sendPage(c, site, <TagPage site={site} tag={tag.tag} notes={tag.notes} />)
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
    if (match.kind === 'bad-request') return messagePage(c, 400, 'badPath')
    const canonical = markdownHref(match.slug)
    if (url.pathname !== canonical) return redirect(c, canonical + url.search, [])
    const note = await c.var.garden.note(match.slug)
    if (note) return markdownResponse(c, note)
    const group = await c.var.garden.accessGroup(match.slug)
    if (group !== undefined) return protectedAnswer(c, match.slug, group, 'markdown')
    const moved = await c.var.garden.redirect(match.slug)
    if (moved) return redirect(c, markdownHref(moved) + url.search, [noteTag(match.slug)])
    return messagePage(c, 404, 'noNote', [noteTag(match.slug)])
  }
  if (ATTACHMENT_RE.test(url.pathname)) {
    // A protected attachment is never a static asset: it is served from R2 to its readers alone.
    const groups = await c.var.garden.fileGroups(decodedPath(url.pathname))
    if (groups) {
      c.header('Cache-Control', PRIVATE_CACHE_CONTROL)
      const opened = await sessionGroups(c)
      if (!groups.some((group) => opened.has(group))) return c.text('Unauthorized', 401)
      const stored = await serveAttachment(c.env.ATTACHMENTS, c.req.raw)
      if (!stored) return c.text('Not found', 404)
      stored.headers.set('Cache-Control', PRIVATE_CACHE_CONTROL)
      return stored
    }
    // Static assets answer before the worker runs; an attachment path reaching here is in R2 (too large or
    // too many for static assets), missing or miscased.
    const asset = await c.env.ASSETS.fetch(c.req.raw)
    if (asset.status !== 404) return asset
    const stored = await serveAttachment(c.env.ATTACHMENTS, c.req.raw)
    if (stored) return stored
  }
  const match = slugFromUrlPath(url.pathname)
  if (match.kind === 'bad-request') return messagePage(c, 400, 'badPath')
  if (url.pathname !== match.canonical) return redirect(c, match.canonical + url.search, [])
  const garden = c.var.garden
  const hash = await garden.noteHash(match.slug)
  if (hash === undefined) {
    const group = await garden.accessGroup(match.slug)
    if (group !== undefined) {
      const markdown = /\btext\/markdown\b/.test(c.req.header('Accept') ?? '')
      return protectedAnswer(c, match.slug, group, markdown ? 'markdown' : 'page')
    }
    // Obsidian Publish writes spaces in URLs as `+` (`/Guides/Making+friends`); `+` is also a
    // legal character of a name (`C++`), so it is read as a space only when nothing has the `+` name.
    const spaced = /\+|%2B/i.test(url.pathname) ? slugFromUrlPath(url.pathname.replace(/\+|%2B/gi, '%20')) : undefined
    const to =
      (await movedTo(c, match.slug)) ??
      (spaced?.kind === 'slug' && spaced.slug !== match.slug ? await movedTo(c, spaced.slug, true) : undefined)
    if (to) return redirect(c, to + url.search, [noteTag(match.slug)])
    const folder = await garden.folder(match.slug)
    if (folder && match.slug === HOME_SLUG) {
      // A vault with no home note: `/` is drawn from its top folder, newest notes and tags.
      const [site, index] = await Promise.all([siteRecord(c), garden.tagIndex()])
      cacheHeaders(c, NOTE_CACHE_CONTROL, [folderTag(match.slug), noteTag(match.slug), TAG_INDEX_TAG, SITE_TAG])
      return sendPage(c, site, <HomePage site={site} root={folder} tags={index.tags} />)
    }
    if (folder) {
      cacheHeaders(c, NOTE_CACHE_CONTROL, [folderTag(match.slug), noteTag(match.slug), SITE_TAG])
      const site = await siteRecord(c)
      return sendPage(c, site, <FolderPage site={site} folder={folder} />)
    }
    return messagePage(c, 404, 'noNoteYet', [noteTag(match.slug)])
  }
  // RFC 9110 §13.1.2: a matching If-None-Match is answered from the pack's offset table, before the
  // record is parsed or anything rendered.
  // The page shows the site's shell (its name, look, explorer) too: a change of it is a new ETag.
  const etag = etagFor(hash + (await garden.shell()), c.env.CF_VERSION_METADATA?.id ?? 'dev')
  c.header('ETag', etag)
  if (ifNoneMatchHits(c.req.header('If-None-Match'), etag)) {
    cacheHeaders(c, NOTE_CACHE_CONTROL, [noteTag(match.slug), SITE_TAG])
    c.header('Vary', 'Accept')
    return c.body(null, 304)
  }
  const note = await garden.note(match.slug)
  if (!note) throw new CorruptRecordError(RECORDS.note.key(match.slug), 'has a hash but no record')
  cacheHeaders(c, NOTE_CACHE_CONTROL, [noteTag(note.slug), ...note.embeds.map(noteTag), SITE_TAG])
  if (/\btext\/markdown\b/.test(c.req.header('Accept') ?? '')) return markdownResponse(c, note)
  c.header('Vary', 'Accept')
  const [site, bodyHtml] = await Promise.all([siteRecord(c), pageBody(note, () => renderBody(c, note))])
  const recent = note.slug === HOME_SLUG ? site.recent : undefined
  if (note.hasDiagrams) c.header('Content-Security-Policy', contentSecurityPolicy(true))
  return sendPage(
    c,
    site,
    <NotePage site={site} note={note} bodyHtml={bodyHtml} canonical={url.origin + match.canonical} recent={recent} />,
    200,
    note.htmlBytes,
  )
})

/**
 * What a note's page shows as its body: the slot its stored bytes fill (src/pages/explorer.ts,
 * BODY_SLOT; sendPage is given them), the body the build rendered, or `render()`'s.
 */
function pageBody(note: ServedNote, render: () => Promise<string>): string | Promise<string> {
  return note.htmlBytes ? BODY_SLOT : (note.html ?? render())
}

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
