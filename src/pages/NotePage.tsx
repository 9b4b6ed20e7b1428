import { raw } from 'hono/html'
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
function FormattedDate({ iso, label, lang }: { iso: string; label: string; lang: string | undefined }) {
  const text = formatDate(iso, lang)
  return (
    <span class="note-date">
      {label} <time datetime={iso}>{text}</time>
    </span>
  )
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

export function NotePage({ site, note, bodyHtml, canonical, recent, signOut }: NotePageProps) {
  const minutes = Math.max(1, Math.round(note.words / 220))
  const words = uiStrings(site.lang)
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
        <header class="note-header">
          <h1 class="note-title">{note.title}</h1>
          {note.descriptionHtml ? (
            <p class="note-description">{raw(note.descriptionHtml)}</p>
          ) : note.description ? (
            <p class="note-description">{note.description}</p>
          ) : null}
          <p class="note-meta">
            {note.date ? <FormattedDate iso={note.date} label={words.published} lang={site.lang} /> : null}
            {note.modified ? <FormattedDate iso={note.modified} label={words.updated} lang={site.lang} /> : null}
            <span class="reading-time">{words.minutes(minutes)}</span>
            {note.tags.length ? (
              <span class="note-tags">
                {note.tags.map((tag) => (
                  <a class="tag" href={tagHref(tag)}>
                    #{tag}
                  </a>
                ))}
              </span>
            ) : null}
            {signOut ? (
              <a class="sign-out" href="/_hyphae/logout">
                {words.access.signOut}
              </a>
            ) : null}
          </p>
        </header>
        {shows(site, 'outline') ? <TableOfContents entries={note.toc} lang={site.lang} /> : null}
        <div class="note-body">{raw(bodyHtml)}</div>
        {recent ? <RecentNotes recent={recent} lang={site.lang} /> : null}
        {shows(site, 'backlinks') ? <Backlinks links={note.backlinks} lang={site.lang} /> : null}
        <LocalGraph title={note.title} neighbours={neighbours} lang={site.lang} />
      </article>
    </Layout>
  )
}
