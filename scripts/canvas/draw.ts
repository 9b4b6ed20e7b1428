/**
 * A canvas drawn as HTML and SVG (CANVAS-SPEC §7): one container sized to the nodes' bounding box,
 * each node an absolutely placed box, the edges in one SVG beneath the cards, labels at their
 * curves' middles, and a "Connections" list stating every edge in words. Reads without JavaScript;
 * src/client/canvas.ts adds zoom and "fit". Source order is reading order (C62); z-index stacks.
 */
import { attrs, escapeHtml } from '../../src/core/html.ts'
import { isSafeUrl } from '../../src/core/sanitize.ts'
import type { Canvas, CanvasColor, CanvasEdge, CanvasNode, Side } from './read-canvas.ts'

/** Space around the bounding box, in pixels (C57). */
const MARGIN = 40

/** The column width a canvas embedded in a note is scaled down to (the site's --measure, 42rem). */
const COLUMN = 672

function colorCss(color: CanvasColor | undefined): string | undefined {
  if (!color) return undefined
  return 'preset' in color ? `var(--canvas-color-${color.preset})` : color.hex
}

function contains(outer: CanvasNode, inner: CanvasNode): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  )
}

/** Each node's group: the smallest group whose rectangle holds its whole rectangle (C29). */
function parents(canvas: Canvas): Map<CanvasNode, CanvasNode | undefined> {
  const groups = canvas.nodes.filter((node) => node.type === 'group')
  const out = new Map<CanvasNode, CanvasNode | undefined>()
  for (const node of canvas.nodes) {
    const holders = groups.filter((group) => group !== node && contains(group, node))
    out.set(node, holders.sort((a, b) => a.width * a.height - b.width * b.height)[0])
  }
  return out
}

/** Groups, each followed by its members, top to bottom then left to right; then ungrouped nodes (C62). */
export function readingOrder(canvas: Canvas): CanvasNode[] {
  const parentOf = parents(canvas)
  const byPosition = (a: CanvasNode, b: CanvasNode) => a.y - b.y || a.x - b.x
  const childrenOf = (group: CanvasNode | undefined) =>
    canvas.nodes.filter((node) => parentOf.get(node) === group).sort(byPosition)
  const out: CanvasNode[] = []
  const visit = (node: CanvasNode) => {
    out.push(node)
    if (node.type === 'group') for (const child of childrenOf(node)) visit(child)
  }
  const top = childrenOf(undefined)
  for (const node of top.filter((candidate) => candidate.type === 'group')) visit(node)
  for (const node of top.filter((candidate) => candidate.type !== 'group')) visit(node)
  return out
}

/** A node's title in words (C63): a text's first line, a file's name, a URL's host, a group's label. */
function nodeTitle(node: CanvasNode): string {
  switch (node.type) {
    case 'text': {
      const line = node.text.split('\n').find((candidate) => candidate.trim()) ?? ''
      const plain = line
        .replace(/^#+\s*|[*_`=~]|^>\s*/g, '')
        .replace(/!?\[\[([^\]|]*\|)?([^\]]*)\]\]/g, '$2')
        .trim()
      return plain.length > 60 ? `${plain.slice(0, 57)}…` : plain || 'Text'
    }
    case 'file':
      return node.file.slice(node.file.lastIndexOf('/') + 1).replace(/\.md$/i, '')
    case 'link':
      try {
        return new URL(node.url).host || node.url
      } catch {
        return node.url
      }
    case 'group':
      return node.label?.trim() || 'Group'
  }
}

interface Point {
  x: number
  y: number
}

function anchor(node: CanvasNode, side: Side): Point {
  switch (side) {
    case 'top':
      return { x: node.x + node.width / 2, y: node.y }
    case 'bottom':
      return { x: node.x + node.width / 2, y: node.y + node.height }
    case 'left':
      return { x: node.x, y: node.y + node.height / 2 }
    case 'right':
      return { x: node.x + node.width, y: node.y + node.height / 2 }
  }
}

/** With no side given, the side that faces the other node's centre (C39). */
function facing(node: CanvasNode, other: CanvasNode): Side {
  const dx = other.x + other.width / 2 - (node.x + node.width / 2)
  const dy = other.y + other.height / 2 - (node.y + node.height / 2)
  if (Math.abs(dx) * node.height >= Math.abs(dy) * node.width) return dx >= 0 ? 'right' : 'left'
  return dy >= 0 ? 'bottom' : 'top'
}

const NORMAL: Record<Side, Point> = {
  top: { x: 0, y: -1 },
  bottom: { x: 0, y: 1 },
  left: { x: -1, y: 0 },
  right: { x: 1, y: 0 },
}

/** The edge's cubic curve, leaving and entering perpendicular to its sides (C58), and its middle. */
function curve(edge: CanvasEdge, from: CanvasNode, to: CanvasNode): { d: string; middle: Point } {
  if (from === to) {
    // A loop outside the node, from its right side to its top (C41).
    const a = anchor(from, edge.fromSide ?? 'right')
    const b = anchor(from, edge.toSide ?? 'top')
    const reach = 60
    const c1 = {
      x: a.x + NORMAL[edge.fromSide ?? 'right'].x * reach,
      y: a.y + NORMAL[edge.fromSide ?? 'right'].y * reach,
    }
    const c2 = { x: b.x + NORMAL[edge.toSide ?? 'top'].x * reach, y: b.y + NORMAL[edge.toSide ?? 'top'].y * reach }
    return { d: path(a, c1, c2, b), middle: bezierMiddle(a, c1, c2, b) }
  }
  const fromSide = edge.fromSide ?? facing(from, to)
  const toSide = edge.toSide ?? facing(to, from)
  const a = anchor(from, fromSide)
  const b = anchor(to, toSide)
  const reach = Math.max(40, Math.hypot(b.x - a.x, b.y - a.y) / 3)
  const c1 = { x: a.x + NORMAL[fromSide].x * reach, y: a.y + NORMAL[fromSide].y * reach }
  const c2 = { x: b.x + NORMAL[toSide].x * reach, y: b.y + NORMAL[toSide].y * reach }
  return { d: path(a, c1, c2, b), middle: bezierMiddle(a, c1, c2, b) }
}

const round = (n: number) => Math.round(n * 10) / 10

function path(a: Point, c1: Point, c2: Point, b: Point): string {
  return `M${round(a.x)} ${round(a.y)} C${round(c1.x)} ${round(c1.y)} ${round(c2.x)} ${round(c2.y)} ${round(b.x)} ${round(b.y)}`
}

function bezierMiddle(a: Point, c1: Point, c2: Point, b: Point): Point {
  return { x: (a.x + 3 * c1.x + 3 * c2.x + b.x) / 8, y: (a.y + 3 * c1.y + 3 * c2.y + b.y) / 8 }
}

export interface DrawOptions {
  /** A node's content, rendered by the site's markdown pipeline (text and file nodes, C64–C66). */
  content: (node: CanvasNode) => string
  /** A group background's URL, or undefined when the file is not published (C26, C71). */
  background: (path: string) => string | undefined
}

/** The canvas at full size inside a scrolling frame (C57–C63, C69–C71). */
export function drawCanvas(canvas: Canvas, options: DrawOptions): { html: string; width: number; height: number } {
  if (!canvas.nodes.length) return { html: '<p class="canvas-empty">This canvas is empty.</p>', width: 0, height: 0 }
  const minX = Math.min(...canvas.nodes.map((node) => node.x)) - MARGIN
  const minY = Math.min(...canvas.nodes.map((node) => node.y)) - MARGIN
  const width = Math.max(...canvas.nodes.map((node) => node.x + node.width)) + MARGIN - minX
  const height = Math.max(...canvas.nodes.map((node) => node.y + node.height)) + MARGIN - minY
  const shift = (node: CanvasNode): CanvasNode => ({ ...node, x: node.x - minX, y: node.y - minY })
  const byId = new Map(canvas.nodes.map((node) => [node.id, shift(node)]))
  const stack = new Map(canvas.nodes.filter((node) => node.type !== 'group').map((node, i) => [node.id, 3 + i]))
  const box = (node: CanvasNode, extra: string, inner: string) => {
    const shifted = byId.get(node.id)!
    const color = colorCss(node.color)
    const style = [
      `left:${round(shifted.x)}px`,
      `top:${round(shifted.y)}px`,
      `width:${round(node.width)}px`,
      `height:${round(node.height)}px`,
      // Groups lowest, whatever their place in the file (C30, C59); then the edges; then the cards in order.
      `z-index:${node.type === 'group' ? 1 : stack.get(node.id)}`,
      ...(color ? [`--node-color:${color}`] : []),
    ].join(';')
    return `<div${attrs({ class: `canvas-node canvas-${node.type}${color ? ' colored' : ''}${extra}`, id: `node-${node.id}`, style })}>${inner}</div>`
  }
  const nodes = readingOrder(canvas).map((node) => {
    switch (node.type) {
      case 'group': {
        const url = node.background ? options.background(node.background) : undefined
        const size = node.backgroundStyle === 'repeat' ? 'auto' : node.backgroundStyle === 'ratio' ? 'contain' : 'cover'
        const bg = url
          ? `<div class="canvas-group-bg" style="background-image:url(&quot;${escapeHtml(encodeURI(url))}&quot;);background-size:${size};background-repeat:${node.backgroundStyle === 'repeat' ? 'repeat' : 'no-repeat'}"></div>`
          : ''
        const label = node.label ? `<p class="canvas-group-label">${escapeHtml(node.label)}</p>` : ''
        return box(node, '', `${label}${bg}`)
      }
      case 'link': {
        const safe = isSafeUrl(node.url, 'href')
        const link = safe
          ? `<a${attrs({ class: 'external', href: node.url })}>${escapeHtml(node.url)}</a>`
          : escapeHtml(node.url)
        return box(node, '', `<p class="canvas-link-host">${escapeHtml(nodeTitle(node))}</p>${link}`)
      }
      default:
        return box(node, '', `<div class="canvas-content">${options.content(node)}</div>`)
    }
  })
  const colors = new Set(canvas.edges.map((edge) => colorCss(edge.color) ?? 'default'))
  const markerId = (color: string) => `arrow-${color.replace(/[^a-z0-9]/gi, '')}`
  const markers = [...colors]
    .map(
      (color) =>
        `<marker id="${markerId(color)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" style="fill:${color === 'default' ? 'var(--canvas-edge)' : color}"/></marker>`,
    )
    .join('')
  const labels: string[] = []
  const paths = canvas.edges.map((edge) => {
    const { d, middle } = curve(edge, byId.get(edge.fromNode)!, byId.get(edge.toNode)!)
    const color = colorCss(edge.color) ?? 'default'
    const marker = `url(#${markerId(color)})`
    if (edge.label)
      labels.push(
        `<div class="canvas-edge-label" style="left:${round(middle.x)}px;top:${round(middle.y)}px">${escapeHtml(edge.label)}</div>`,
      )
    return `<path${attrs({
      d,
      style: color === 'default' ? undefined : `stroke:${color}`,
      'marker-start': edge.fromEnd === 'arrow' ? marker : undefined,
      'marker-end': edge.toEnd === 'arrow' ? marker : undefined,
    })}/>`
  })
  const svg = `<svg class="canvas-edges" width="${round(width)}" height="${round(height)}" viewBox="0 0 ${round(width)} ${round(height)}" aria-hidden="true"><defs>${markers}</defs>${paths.join('')}</svg>`
  const title = (id: string) => escapeHtml(nodeTitle(canvas.nodes.find((node) => node.id === id)!))
  const connections = canvas.edges.length
    ? `<section class="canvas-connections"><h2>Connections</h2><ul>${canvas.edges
        .map((edge) => {
          const arrow =
            edge.fromEnd === 'arrow' && edge.toEnd === 'arrow'
              ? '↔'
              : edge.toEnd === 'arrow'
                ? '→'
                : edge.fromEnd === 'arrow'
                  ? '←'
                  : '—'
          return `<li>${title(edge.fromNode)} ${arrow} ${title(edge.toNode)}${edge.label ? `: ${escapeHtml(edge.label)}` : ''}</li>`
        })
        .join('')}</ul></section>`
    : ''
  const drawing = `<div class="canvas" style="width:${round(width)}px;height:${round(height)}px">${svg}${nodes.join('')}${labels.join('')}</div>`
  return {
    html: `<div class="canvas-frame" data-canvas tabindex="0" role="group" aria-label="Canvas">${drawing}</div>${connections}`,
    width,
    height,
  }
}

/** The drawing scaled down to the column, with a link to its page (C72). */
export function embedCanvas(
  drawn: { html: string; width: number; height: number },
  href: string,
  title: string,
): string {
  const scale = drawn.width > COLUMN ? COLUMN / drawn.width : 1
  const link = `<p class="canvas-embed-source"><a${attrs({ class: 'internal', href })}>${escapeHtml(title)}</a></p>`
  if (!drawn.width) return `<div class="canvas-embed">${link}</div>`
  const frame = drawn.html.replace(/<section class="canvas-connections">[\s\S]*$/, '')
  return `<div class="canvas-embed">${link}<div class="canvas-scaled" style="height:${round(drawn.height * scale)}px"><div style="transform:scale(${Number(scale.toFixed(4))});transform-origin:0 0">${frame}</div></div></div>`
}

/** The markdown a text or file node shows, for the site's pipeline (C64–C67); links and groups draw themselves. */
export function nodeMarkdown(node: CanvasNode): string | undefined {
  if (node.type === 'text') return node.text
  if (node.type !== 'file') return undefined
  // An exact vault path, never a bare name (C67): `/` makes the link resolve from the root only.
  const ext = node.file.slice(node.file.lastIndexOf('.') + 1).toLowerCase()
  const media = /^(avif|bmp|gif|jpe?g|png|svg|webp|flac|m4a|mp3|ogg|wav|webm|3gp|mkv|mov|mp4|ogv)$/.test(ext)
  const target = `/${node.file.replace(/^\/+/, '')}`
  if (ext === 'md') return `![[${target}${node.subpath ?? ''}]]`
  const name = node.file.slice(node.file.lastIndexOf('/') + 1)
  return media ? `![[${target}|${name}]]` : `[[${target}|${name}]]`
}
