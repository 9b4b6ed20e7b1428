/**
 * The site for machines (pure): sitemap.xml, the Atom feed, robots.txt and llms.txt, all made
 * from the `notes` and `site` records with absolute URLs for the host that was asked.
 */
import { escapeHtml } from './core/html.ts'
import type { NoteIndexRecord, SiteRecord } from './core/records.ts'
import { hrefFromSlug } from './core/slug.ts'

export function sitemapXml(origin: string, index: NoteIndexRecord): string {
  const urls = index.notes.map(
    (note) =>
      `<url><loc>${escapeHtml(origin + hrefFromSlug(note.slug))}</loc>${note.date ? `<lastmod>${escapeHtml(note.date)}</lastmod>` : ''}</url>`,
  )
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`
}

/** RFC 4287 Atom: the newest notes. Dates without a time are taken as midnight UTC. */
export function atomFeed(origin: string, site: SiteRecord, index: NoteIndexRecord): string {
  const time = (date: string) => (date.length === 10 ? `${date}T00:00:00Z` : date)
  const described = new Map(index.notes.map((note) => [note.slug, note.description]))
  const updated = site.recent[0]?.date ? time(site.recent[0].date) : '1970-01-01T00:00:00Z'
  const entries = site.recent.map((note) => {
    const url = escapeHtml(origin + hrefFromSlug(note.slug))
    const summary = described.get(note.slug)
    return `<entry><title>${escapeHtml(note.title)}</title><link href="${url}"/><id>${url}</id><updated>${escapeHtml(time(note.date ?? updated))}</updated>${summary ? `<summary>${escapeHtml(summary)}</summary>` : ''}</entry>`
  })
  return `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>${escapeHtml(site.title)}</title><link href="${escapeHtml(origin)}/"/><link rel="self" href="${escapeHtml(origin)}/feed.xml"/><id>${escapeHtml(origin)}/</id><updated>${escapeHtml(updated)}</updated>\n${entries.join('\n')}\n</feed>\n`
}

export function robotsTxt(origin: string): string {
  return `User-agent: *\nAllow: /\nDisallow: /_hyphae/\nDisallow: /search\n\nSitemap: ${origin}/sitemap.xml\n`
}

/** llms.txt: the site's title, then every note as a markdown link to its markdown (`/<slug>.md`). */
export function llmsTxt(origin: string, site: SiteRecord, index: NoteIndexRecord): string {
  const lines = index.notes.map(
    (note) =>
      `- [${note.title.replace(/[[\]]/g, '')}](${origin}${markdownHref(note.slug)})${note.description ? `: ${note.description}` : ''}`,
  )
  return `# ${site.title}\n\n## Notes\n\n${lines.join('\n')}\n`
}

/** Where a note's markdown is served: `/thoughts/alignment.md`, `/index.md` for the home note. */
export function markdownHref(slug: string): string {
  return slug === 'index' ? '/index.md' : `${hrefFromSlug(slug)}.md`
}
