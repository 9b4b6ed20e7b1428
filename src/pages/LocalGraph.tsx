import { raw } from 'hono/html'
import { escapeHtml } from '../core/html.ts'
import type { Backlink } from '../core/records.ts'
import { hrefFromSlug } from '../core/slug.ts'
import { uiStrings } from './strings.ts'

/**
 * The note and its neighbours (notes it links to and notes that link to it), drawn on the server
 * as an SVG: a ring around the note, every node a link. No JavaScript, no layout shift.
 */
export function LocalGraph({
  title,
  neighbours,
  lang,
}: {
  title: string
  neighbours: Backlink[]
  lang?: string | undefined
}) {
  if (!neighbours.length) return null
  const words = uiStrings(lang)
  const shown = neighbours.slice(0, 24)
  const size = 320
  const centre = size / 2
  const radius = 115
  const points = shown.map((note, i) => {
    const angle = (2 * Math.PI * i) / shown.length - Math.PI / 2
    return { note, x: centre + radius * Math.cos(angle), y: centre + radius * Math.sin(angle) }
  })
  const short = (text: string) => (text.length > 16 ? `${text.slice(0, 15)}…` : text)
  // Room on every side for labels centred on the outermost nodes.
  const margin = 70
  // A string, not JSX: some 150 elements on every note page, where JSX's cost per element is most of the page's.
  let drawing = ''
  for (const { x, y } of points)
    drawing += `<line x1="${centre}" y1="${centre}" x2="${x.toFixed(1)}" y2="${y.toFixed(1)}"></line>`
  drawing += `<circle class="self" cx="${centre}" cy="${centre}" r="7"></circle>`
  for (const { note, x, y } of points) {
    const labelY = (y + (y < centre ? -9 : 16)).toFixed(1)
    drawing += `<a href="${escapeHtml(hrefFromSlug(note.slug))}"><title>${escapeHtml(note.title)}</title><circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="5"></circle><text x="${x.toFixed(1)}" y="${labelY}" text-anchor="middle">${escapeHtml(short(note.title))}</text></a>`
  }
  const viewBox = `${-margin} -10 ${size + 2 * margin} ${size + 20}`
  return raw(
    `<section class="graph" aria-labelledby="graph-title"><h2 id="graph-title" class="sr-only">${escapeHtml(words.localGraph)}</h2><svg viewBox="${viewBox}" role="group" aria-label="${escapeHtml(words.localGraphLabel(title, shown.length))}">${drawing}</svg><p class="graph-all"><a href="/graph">${escapeHtml(words.graph)} →</a></p></section>`,
  )
}
