/**
 * The explorer on a page: the HTML the build drew (scripts/stages/explorer.ts), with the folders
 * that hold the current page opened and its link marked `aria-current="page"`. Plain string edits
 * of a few exact tags, so a page pays microseconds for it, not a parse.
 */
import { escapeHtml } from '../core/html.ts'
import { hrefFromSlug } from '../core/slug.ts'

export function markExplorer(html: string, current: string | undefined): string {
  if (!html || current === undefined) return html
  let out = html
  const segments = current.split('/')
  for (let i = 1; i <= segments.length; i++) {
    const folder = escapeHtml(segments.slice(0, i).join('/'))
    const tag = `<details data-folder="${folder}">`
    // A function, so no `$` in a slug is read as a replacement pattern.
    out = out.replace(tag, () => `<details data-folder="${folder}" open>`)
  }
  const href = escapeHtml(hrefFromSlug(current))
  return out.replace(`<a href="${href}">`, () => `<a href="${href}" aria-current="page">`)
}
