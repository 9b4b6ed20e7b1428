import { raw } from 'hono/html'
import { escapeHtml } from '../core/html.ts'
import type { NoteRecord, SiteRecord } from '../core/records.ts'
import { Backlinks } from './Backlinks.tsx'
import { Breadcrumbs } from './Breadcrumbs.tsx'
import { LocalGraph } from './LocalGraph.tsx'
import { RecentNotes } from './RecentNotes.tsx'
import { formatDate, uiStrings } from './strings.ts'
import { TableOfContents } from './TableOfContents.tsx'
import { tagHref } from '../core/markdown/tag.ts'
import { Layout, shows } from './Layout.tsx'
import type { SiteView } from './Layout.tsx'

/** `2024-03-05` or a full ISO time, shown as "5 March 2024". */
function formattedDate(iso: string, label: string, lang: string | undefined): string {
  return `<span class="note-date">${escapeHtml(label)} <time datetime="${escapeHtml(iso)}">${escapeHtml(formatDate(iso, lang))}</time></span>`
}

/** Frontmatter `cssclasses` (Y09; `cssclass` before Obsidian 1.9, Y10): class names only. */
function cssClasses(frontmatter: Record<string, unknown>): string[] {
  const value = frontmatter.cssclasses ?? frontmatter.cssclass
  const list = typeof value === 'string' ? value.split(/[\s,]+/) : Array.isArray(value) ? value : []
  return list.filter((name): name is string => typeof name === 'string' && /^[A-Za-z_][\w-]{0,63}$/.test(name))
}

export interface NotePageProps {
  site: SiteView
  note: NoteRecord
  /** The rendered body: the one place unescaped HTML enters a page. It was built from escaped parts by src/core/render.ts. */
  bodyHtml: string
  /** The page's absolute canonical URL. */
  canonical?: string
  /** On the home page: the newest notes. */
  recent?: SiteRecord['recent']
  /** A protected note, shown to a signed-in reader: a sign-out link (src/access.ts). */
  signOut?: boolean
}

/** The note's title, description and dates, reading time and tags: a string, not JSX (on every note page). */
function noteHeader(note: NoteRecord, lang: string | undefined, signOut: boolean | undefined): string {
  const words = uiStrings(lang)
  const minutes = Math.max(1, Math.round(note.words / 220))
  let html = `<header class="note-header"><h1 class="note-title">${escapeHtml(note.title)}</h1>`
  if (note.descriptionHtml) html += `<p class="note-description">${note.descriptionHtml}</p>`
  else if (note.description) html += `<p class="note-description">${escapeHtml(note.description)}</p>`
  html += '<p class="note-meta">'
  if (note.date) html += formattedDate(note.date, words.published, lang)
  if (note.modified) html += formattedDate(note.modified, words.updated, lang)
  html += `<span class="reading-time">${escapeHtml(words.minutes(minutes))}</span>`
  if (note.tags.length) {
    html += '<span class="note-tags">'
    for (const tag of note.tags) html += `<a class="tag" href="${escapeHtml(tagHref(tag))}">#${escapeHtml(tag)}</a>`
    html += '</span>'
  }
  if (signOut) html += `<a class="sign-out" href="/_hyphae/logout">${escapeHtml(words.access.signOut)}</a>`
  return `${html}</p></header>`
}

export function NotePage({ site, note, bodyHtml, canonical, recent, signOut }: NotePageProps) {
  const neighbours = [
    ...new Map(
      [...note.outlinks, ...note.backlinks].filter((link) => link.slug !== note.slug).map((link) => [link.slug, link]),
    ).values(),
  ]
  return (
    <Layout
      site={site}
      title={note.title}
      description={note.description}
      image={note.image}
      canonical={canonical}
      current={note.slug}
      math={note.hasMath}
      diagrams={note.hasDiagrams}
    >
      <Breadcrumbs path={note.path} lang={site.lang} />
      <article class={['note', ...cssClasses(note.frontmatter)].join(' ')}>
        {raw(noteHeader(note, site.lang, signOut))}
        {shows(site, 'outline') ? <TableOfContents entries={note.toc} lang={site.lang} /> : null}
        <div class="note-body">{raw(bodyHtml)}</div>
        {recent ? <RecentNotes recent={recent} lang={site.lang} /> : null}
        {shows(site, 'backlinks') ? <Backlinks links={note.backlinks} lang={site.lang} /> : null}
        <LocalGraph title={note.title} neighbours={neighbours} lang={site.lang} />
      </article>
    </Layout>
  )
}
