import { raw } from 'hono/html'
import type { NoteRecord } from '../core/record.ts'
import { hrefFromSlug } from '../core/slug.ts'
import { tagHref } from '../core/markdown/tag.ts'
import { Layout } from './Layout.tsx'
import type { SiteView } from './Layout.tsx'

/** `2024-03-05` or a full ISO time, shown as "5 March 2024". */
function FormattedDate({ iso, label }: { iso: string; label: string }) {
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso)
  const text = date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
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
}

export function NotePage({ site, note, bodyHtml }: NotePageProps) {
  return (
    <Layout
      site={site}
      title={note.title}
      description={note.description}
      image={note.image}
      math={bodyHtml.includes('<span class="katex')}
      diagrams={bodyHtml.includes('<pre class="mermaid"')}
    >
      <article class={['note', ...cssClasses(note.frontmatter)].join(' ')}>
        <header class="note-header">
          <h1 class="note-title">{note.title}</h1>
          {note.description ? <p class="note-description">{note.description}</p> : null}
          {note.date || note.modified || note.tags.length ? (
            <p class="note-meta">
              {note.date ? <FormattedDate iso={note.date} label="Published" /> : null}
              {note.modified ? <FormattedDate iso={note.modified} label="Updated" /> : null}
              {note.tags.length ? (
                <span class="note-tags">
                  {note.tags.map((tag) => (
                    <a class="tag" href={tagHref(tag)}>
                      #{tag}
                    </a>
                  ))}
                </span>
              ) : null}
            </p>
          ) : null}
        </header>
        <div class="note-body">{raw(bodyHtml)}</div>
        {note.backlinks.length ? (
          <section class="backlinks" aria-labelledby="backlinks-title">
            <h2 id="backlinks-title">Linked from</h2>
            <ul>
              {note.backlinks.map((link) => (
                <li>
                  <a class="internal" href={hrefFromSlug(link.slug)}>
                    {link.title}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </article>
    </Layout>
  )
}
