import { raw } from 'hono/html'
import { escapeHtml } from '../core/html.ts'
import { hrefFromSlug, slugFromPath } from '../core/slug.ts'
import { uiStrings } from './strings.ts'

/**
 * Home › folder › subfolder, from the note's path in the vault; each folder links to its page.
 * A string, not JSX, as every note page shows it.
 */
export function Breadcrumbs({ path, lang }: { path: string; lang?: string | undefined }) {
  const folders = path.split('/').slice(0, -1)
  if (!folders.length) return null
  const words = uiStrings(lang)
  let trail = `<a href="/">${escapeHtml(words.home)}</a>`
  folders.forEach((name, i) => {
    const href = hrefFromSlug(slugFromPath(`${folders.slice(0, i + 1).join('/')}/index.md`))
    trail += ` › <a href="${escapeHtml(href)}">${escapeHtml(name)}</a>`
  })
  return raw(`<nav class="breadcrumbs" aria-label="${escapeHtml(words.breadcrumbs)}">${trail}</nav>`)
}
