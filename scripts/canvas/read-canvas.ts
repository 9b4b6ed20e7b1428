/**
 * A `.canvas` file (JSON Canvas 1.0, CANVAS-SPEC §1–§5) → a checked canvas: nodes and edges with
 * valid fields only. What cannot be drawn is skipped with a warning naming the canvas and the id.
 */

export type CanvasColor = { preset: number } | { hex: string }

interface NodeBase {
  id: string
  x: number
  y: number
  width: number
  height: number
  color?: CanvasColor
}

export type CanvasNode =
  | (NodeBase & { type: 'text'; text: string })
  | (NodeBase & { type: 'file'; file: string; subpath?: string })
  | (NodeBase & { type: 'link'; url: string })
  | (NodeBase & { type: 'group'; label?: string; background?: string; backgroundStyle?: 'cover' | 'ratio' | 'repeat' })

export type Side = 'top' | 'right' | 'bottom' | 'left'

export interface CanvasEdge {
  id: string
  fromNode: string
  toNode: string
  fromSide?: Side
  toSide?: Side
  fromEnd: 'none' | 'arrow'
  toEnd: 'none' | 'arrow'
  color?: CanvasColor
  label?: string
}

export interface Canvas {
  nodes: CanvasNode[]
  edges: CanvasEdge[]
}

const SIDES = new Set(['top', 'right', 'bottom', 'left'])

/** `"1"`–`"6"` (or a bare 1–6) are presets; `#RGB` and `#RRGGBB` hex (C43, C47). */
function readColor(value: unknown, warn: (message: string) => void, where: string): CanvasColor | undefined {
  if (value === undefined) return undefined
  const text = typeof value === 'number' ? String(value) : value
  if (typeof text === 'string' && /^[1-6]$/.test(text.trim())) return { preset: Number(text.trim()) }
  if (typeof text === 'string' && /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(text.trim()))
    return { hex: text.trim().toLowerCase() }
  warn(`${where}: colour ${JSON.stringify(value)} is neither a preset "1" to "6" nor #RRGGBB; drawn without a colour`)
  return undefined
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value)
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

export function readCanvas(source: string): { canvas?: Canvas; problems: string[] } {
  const problems: string[] = []
  let data: unknown
  try {
    data = JSON.parse(source.replace(/^\uFEFF/, '') || '{}')
  } catch (error) {
    return { problems: [`canvas could not be read: ${error instanceof Error ? error.message : error}`] }
  }
  if (!isRecord(data)) return { problems: ['canvas could not be read: its top level is not a JSON object'] }
  const nodes: CanvasNode[] = []
  const ids = new Set<string>()
  for (const [i, raw] of (Array.isArray(data.nodes) ? data.nodes : []).entries()) {
    const id = isRecord(raw) ? text(raw.id) : undefined
    const where = `node ${id ?? `#${i + 1}`}`
    if (!isRecord(raw) || !id) {
      problems.push(`${where}: a node needs an id; skipped`)
      continue
    }
    if (ids.has(id)) {
      problems.push(`${where}: a second node with this id; skipped`)
      continue
    }
    if (
      ![raw.x, raw.y, raw.width, raw.height].every(finite) ||
      (raw.width as number) <= 0 ||
      (raw.height as number) <= 0
    ) {
      problems.push(`${where}: x, y, width and height must be numbers (width and height above 0); skipped`)
      continue
    }
    const color = readColor(raw.color, (message) => problems.push(message), where)
    const base: NodeBase = {
      id,
      x: raw.x as number,
      y: raw.y as number,
      width: raw.width as number,
      height: raw.height as number,
      ...(color ? { color } : {}),
    }
    if (raw.type === 'text' && typeof raw.text === 'string') nodes.push({ ...base, type: 'text', text: raw.text })
    else if (raw.type === 'file' && typeof raw.file === 'string' && raw.file.trim()) {
      const subpath = text(raw.subpath)
      nodes.push({ ...base, type: 'file', file: raw.file.trim(), ...(subpath?.startsWith('#') ? { subpath } : {}) })
    } else if (raw.type === 'link' && typeof raw.url === 'string') nodes.push({ ...base, type: 'link', url: raw.url })
    else if (raw.type === 'group') {
      const style = raw.backgroundStyle
      nodes.push({
        ...base,
        type: 'group',
        ...(text(raw.label) !== undefined ? { label: text(raw.label)! } : {}),
        ...(text(raw.background) ? { background: text(raw.background)! } : {}),
        ...(style === 'cover' || style === 'ratio' || style === 'repeat' ? { backgroundStyle: style } : {}),
      })
    } else {
      problems.push(
        `${where}: ${typeof raw.type === 'string' ? `type "${raw.type}" is not text, file, link or group, or misses its field` : 'no type'}; skipped`,
      )
      continue
    }
    ids.add(id)
  }
  const edges: CanvasEdge[] = []
  for (const [i, raw] of (Array.isArray(data.edges) ? data.edges : []).entries()) {
    const id = isRecord(raw) ? (text(raw.id) ?? `#${i + 1}`) : `#${i + 1}`
    if (!isRecord(raw) || !text(raw.fromNode) || !text(raw.toNode)) {
      problems.push(`edge ${id}: needs fromNode and toNode; skipped`)
      continue
    }
    if (!ids.has(raw.fromNode as string) || !ids.has(raw.toNode as string)) {
      problems.push(
        `edge ${id}: ${ids.has(raw.fromNode as string) ? raw.toNode : raw.fromNode} is not a node of this canvas; skipped`,
      )
      continue
    }
    const color = readColor(raw.color, (message) => problems.push(message), `edge ${id}`)
    const side = (value: unknown) => (typeof value === 'string' && SIDES.has(value) ? (value as Side) : undefined)
    const fromSide = side(raw.fromSide)
    const toSide = side(raw.toSide)
    edges.push({
      id,
      fromNode: raw.fromNode as string,
      toNode: raw.toNode as string,
      ...(fromSide ? { fromSide } : {}),
      ...(toSide ? { toSide } : {}),
      // `fromEnd` defaults to none, `toEnd` to arrow (C33–C35).
      fromEnd: raw.fromEnd === 'arrow' ? 'arrow' : 'none',
      toEnd: raw.toEnd === 'none' ? 'none' : 'arrow',
      ...(color ? { color } : {}),
      ...(text(raw.label) ? { label: text(raw.label)! } : {}),
    })
  }
  return { canvas: { nodes, edges }, problems }
}
