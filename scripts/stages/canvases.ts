/**
 * JSON Canvas at build time (CANVAS-SPEC), around the stages:
 *  - `canvasSources` (before parse): each `.canvas` becomes a page whose markdown is its text and
 *    file nodes in reading order (C62), so its links resolve, count for backlinks (C73) and its
 *    text is searched (C76) like any note's;
 *  - `drawCanvases` (in assemble): the page's body is the drawing (scripts/canvas/draw.ts), each
 *    card rendered by the site's markdown pipeline; a note that embeds a canvas gets the drawing
 *    scaled to its column (C72).
 */
import { canvasKey } from '../../src/core/hash.ts'
import type { NoteRecord } from '../../src/core/records.ts'
import { renderNote } from '../../src/core/render.ts'
import { hrefFromSlug } from '../../src/core/slug.ts'
import { drawCanvas, embedCanvas, nodeMarkdown, readingOrder } from '../canvas/draw.ts'
import type { Canvas } from '../canvas/read-canvas.ts'
import { readCanvas } from '../canvas/read-canvas.ts'
import type { NoteSource, Problem } from './read.ts'
import type { Attachment, ResolvedNote } from './resolve.ts'

/** The canvases that could be read, by path, and the markdown each page is parsed from. */
export function canvasSources(
  files: readonly { path: string; source: string }[],
  problems: Problem[],
): { sources: NoteSource[]; canvases: Map<string, Canvas> } {
  const sources: NoteSource[] = []
  const canvases = new Map<string, Canvas>()
  for (const file of files) {
    const { canvas, problems: found } = readCanvas(file.source)
    for (const message of found) problems.push({ file: file.path, message })
    if (canvas) canvases.set(file.path, canvas)
    // A leading blank line: a text card that starts with `---` is not frontmatter.
    const cards = canvas ? readingOrder(canvas).flatMap((node) => nodeMarkdown(node) ?? []) : []
    const markdown = !canvas
      ? '> [!warning] This canvas could not be read\n> The build reported why.'
      : cards.length
        ? cards.join('\n\n')
        : 'This canvas is empty.'
    sources.push({ path: file.path, source: `\n${markdown}\n` })
  }
  return { sources, canvases }
}

/**
 * Draws every canvas into its record's `html`, and puts the scaled drawing into the records of
 * the notes that embed it. `notes[i]` is the resolved note of `records[i]`.
 */
export function drawCanvases(
  records: readonly NoteRecord[],
  notes: readonly ResolvedNote[],
  canvases: ReadonlyMap<string, Canvas>,
  attachments: readonly Attachment[],
  breaks: boolean,
): void {
  if (!canvases.size) return
  const bySlug = new Map(records.map((record) => [record.slug as string, record]))
  // A group's background is an exact vault path, then the same path in any case (C67).
  const exact = new Map(attachments.map((file) => [file.path, file.to]))
  const folded = new Map(attachments.map((file) => [file.path.toLowerCase(), file.to]))
  const background = (path: string) => {
    const to = exact.get(path.replace(/^\/+/, '')) ?? folded.get(path.replace(/^\/+/, '').toLowerCase())
    return to === undefined ? undefined : `/${to}`
  }
  const drawn = new Map<string, ReturnType<typeof drawCanvas>>()
  for (const record of records) {
    const canvas = canvases.get(record.path)
    if (!canvas) continue
    const embedded = new Map(
      record.embeds.flatMap((slug) => (bySlug.has(slug) ? [[slug, bySlug.get(slug)!] as const] : [])),
    )
    const content = (node: Parameters<typeof nodeMarkdown>[0]) => {
      const markdown = nodeMarkdown(node)
      // Each card through the same pipeline as a note, with the canvas's own link table (C64).
      return markdown === undefined
        ? ''
        : renderNote({ ...record, body: markdown, html: undefined }, embedded, { breaks })
    }
    const result = drawCanvas(canvas, { content, background })
    drawn.set(record.slug, result)
    record.html = result.html
  }
  records.forEach((record, i) => {
    const note = notes[i]!
    for (const occurrence of note.occurrences) {
      const target = note.links[occurrence.key]
      const canvas = target?.kind === 'note' ? drawn.get(target.to) : undefined
      if (!canvas || occurrence.kind !== 'embed') continue
      const title = bySlug.get(target!.to)?.title ?? target!.to
      record.prerendered = {
        ...record.prerendered,
        [canvasKey(target!.to)]: embedCanvas(canvas, hrefFromSlug(target!.to as NoteRecord['slug']), title),
      }
      record.hasMath ||= bySlug.get(target!.to)?.hasMath ?? false
    }
  })
}
