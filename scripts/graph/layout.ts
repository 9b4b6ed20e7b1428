/**
 * A force-directed layout for the garden's graph, computed once at build time (no script lays it
 * out in the reader's browser). Linked notes pull together, every pair pushes apart; the push is
 * counted only between nodes in neighbouring cells of a grid (nodes further apart barely push), so
 * a step costs about n, not n². Deterministic: the same graph always gets the same picture.
 */

export interface Point {
  x: number
  y: number
}

/** The distance a linked pair settles at, in SVG units. */
const IDEAL = 60
/** Nodes further apart than this do not push each other (the grid's cell size). */
const REACH = IDEAL * 4
/** The golden angle: a spiral of nodes that covers a disc evenly. */
const GOLDEN = Math.PI * (3 - Math.sqrt(5))

/**
 * Positions for `count` nodes joined by `edges` (index pairs), the most connected placed first at
 * the centre. Returns points in a box from (0, 0).
 */
export function layoutGraph(count: number, edges: readonly (readonly [number, number])[]): Point[] {
  const degree = new Array<number>(count).fill(0)
  for (const [a, b] of edges) {
    degree[a]! += 1
    degree[b]! += 1
  }
  // A spiral, hubs in the middle: a start close to the answer needs fewer steps.
  const order = [...degree.keys()].sort((a, b) => degree[b]! - degree[a]! || a - b)
  const x = new Float64Array(count)
  const y = new Float64Array(count)
  for (const [rank, node] of order.entries()) {
    const radius = IDEAL * Math.sqrt(rank + 0.5)
    x[node] = radius * Math.cos(rank * GOLDEN)
    y[node] = radius * Math.sin(rank * GOLDEN)
  }
  const steps = count <= 300 ? 300 : Math.max(60, Math.round(90_000 / count))
  const dx = new Float64Array(count)
  const dy = new Float64Array(count)
  let heat = IDEAL * 2
  for (let step = 0; step < steps; step++) {
    dx.fill(0)
    dy.fill(0)
    repel(x, y, dx, dy)
    for (const [a, b] of edges) {
      const ex = x[a]! - x[b]!
      const ey = y[a]! - y[b]!
      const distance = Math.hypot(ex, ey) || 0.01
      // Shared out over a hub's many links, so hubs do not swallow their neighbours.
      const pull = distance / IDEAL / Math.sqrt(Math.min(degree[a]!, degree[b]!))
      dx[a]! -= ex * pull * 0.5
      dy[a]! -= ey * pull * 0.5
      dx[b]! += ex * pull * 0.5
      dy[b]! += ey * pull * 0.5
    }
    for (let i = 0; i < count; i++) {
      // A gentle pull to the centre keeps unlinked notes from drifting off.
      dx[i]! -= x[i]! * 0.01
      dy[i]! -= y[i]! * 0.01
      const length = Math.hypot(dx[i]!, dy[i]!)
      if (length > heat) {
        dx[i] = (dx[i]! / length) * heat
        dy[i] = (dy[i]! / length) * heat
      }
      x[i]! += dx[i]!
      y[i]! += dy[i]!
    }
    heat = Math.max(1, heat * 0.97)
  }
  let minX = Number.POSITIVE_INFINITY
  let minY = Number.POSITIVE_INFINITY
  for (let i = 0; i < count; i++) {
    minX = Math.min(minX, x[i]!)
    minY = Math.min(minY, y[i]!)
  }
  return Array.from({ length: count }, (_, i) => ({ x: x[i]! - minX, y: y[i]! - minY }))
}

/**
 * Each pair of nodes closer than REACH pushes apart with a force of IDEAL² / distance. The nodes are
 * sorted into grid cells of REACH (a counting sort into typed arrays), so each looks only at its own
 * and the eight neighbouring cells.
 */
function repel(x: Float64Array, y: Float64Array, dx: Float64Array, dy: Float64Array): void {
  const count = x.length
  let minX = Number.POSITIVE_INFINITY
  let minY = Number.POSITIVE_INFINITY
  let maxX = Number.NEGATIVE_INFINITY
  let maxY = Number.NEGATIVE_INFINITY
  for (let i = 0; i < count; i++) {
    minX = Math.min(minX, x[i]!)
    minY = Math.min(minY, y[i]!)
    maxX = Math.max(maxX, x[i]!)
    maxY = Math.max(maxY, y[i]!)
  }
  const columns = Math.floor((maxX - minX) / REACH) + 1
  const rows = Math.floor((maxY - minY) / REACH) + 1
  const cellOf = new Int32Array(count)
  const starts = new Int32Array(columns * rows + 1)
  for (let i = 0; i < count; i++) {
    const cell = Math.floor((y[i]! - minY) / REACH) * columns + Math.floor((x[i]! - minX) / REACH)
    cellOf[i] = cell
    starts[cell + 1]! += 1
  }
  for (let cell = 0; cell < columns * rows; cell++) starts[cell + 1]! += starts[cell]!
  const members = new Int32Array(count)
  const filled = starts.slice(0, -1)
  for (let i = 0; i < count; i++) members[filled[cellOf[i]!]!++] = i
  const reach2 = REACH * REACH
  for (let i = 0; i < count; i++) {
    const column = cellOf[i]! % columns
    const row = (cellOf[i]! - column) / columns
    for (let oy = Math.max(0, row - 1); oy <= Math.min(rows - 1, row + 1); oy++) {
      for (let ox = Math.max(0, column - 1); ox <= Math.min(columns - 1, column + 1); ox++) {
        const cell = oy * columns + ox
        for (let m = starts[cell]!; m < starts[cell + 1]!; m++) {
          const j = members[m]!
          if (j <= i) continue
          let ex = x[i]! - x[j]!
          let ey = y[i]! - y[j]!
          let squared = ex * ex + ey * ey
          if (squared > reach2) continue
          if (squared < 0.0001) {
            // Two nodes on one spot: part them along a direction their indices choose.
            ex = Math.cos(i + j)
            ey = Math.sin(i + j)
            squared = 0.0001
          }
          const push = (IDEAL * IDEAL) / squared
          dx[i]! += ex * push
          dy[i]! += ey * push
          dx[j]! -= ex * push
          dy[j]! -= ey * push
        }
      }
    }
  }
}
