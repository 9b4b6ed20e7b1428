/**
 * The garden's graph as HTML (/graph): every drawn note a dot that links to it, sized by its links,
 * every link a line, coloured by top folder, with a key and a caption. Drawn from the graph record
 * (src/core/graph.ts) on request, so links the root's delta added or removed show at once;
 * src/client/canvas.ts adds zoom and pan.
 */
import type { GraphRecord } from '../core/graph.ts'
import { escapeHtml } from '../core/html.ts'
import { hrefFromSlug } from '../core/slug.ts'
import type { UiStrings } from './strings.ts'

/** Labels for the most linked notes only (all of a small garden's): more would cover the picture. */
const LABELS = 40
/** Labels are centred on their dot and cut to this many characters. */
const LABEL_CHARS = 24

export function graphHtml(graph: GraphRecord, words: Pick<UiStrings, 'noteCount' | 'graphCaption'>): string {
  const { nodes, edges, width, height } = graph
  const degree = new Array<number>(nodes.length).fill(0)
  for (const [a, b] of edges) {
    degree[a]! += 1
    degree[b]! += 1
  }
  const at = (i: number) => ({ x: nodes[i]![2].toFixed(1), y: nodes[i]![3].toFixed(1) })
  const short = (title: string) => (title.length > LABEL_CHARS ? `${title.slice(0, LABEL_CHARS - 1)}…` : title)
  const lines = edges
    .map(([a, b]) => {
      const from = at(a)
      const to = at(b)
      return `M${from.x} ${from.y}L${to.x} ${to.y}`
    })
    .join('')
  const dots = nodes
    .map(([slug, title, , , colour], i) => {
      const { x, y } = at(i)
      const r = (3 + Math.min(6, Math.sqrt(degree[i]!))).toFixed(1)
      const label =
        i < LABELS
          ? `<text x="${x}" y="${(Number(y) - Number(r) - 4).toFixed(1)}" text-anchor="middle">${escapeHtml(short(title))}</text>`
          : ''
      return `<a href="${escapeHtml(hrefFromSlug(slug))}"><title>${escapeHtml(title)}</title><circle class="graph-c${colour}" cx="${x}" cy="${y}" r="${r}"/>${label}</a>`
    })
    .join('')
  const key = graph.key
    .map(
      (name, i) =>
        `<li><span class="graph-swatch graph-c${i}" aria-hidden="true"></span>${escapeHtml(name || '/')}</li>`,
    )
    .join('')
  const svg = `<svg class="graph-drawing" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="group" aria-label="${escapeHtml(words.noteCount(nodes.length))}"><path class="graph-edges" d="${lines}"/>${dots}</svg>`
  return `<p class="note-meta">${escapeHtml(words.graphCaption(nodes.length, edges.length, graph.total))}</p><ul class="graph-key">${key}</ul><div class="canvas-frame graph-frame" data-canvas data-fit><div class="canvas" style="width:${width}px;height:${height}px">${svg}</div></div>`
}
