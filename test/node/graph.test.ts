/**
 * The garden's graph as the build lays it out (scripts/graph/) and the worker draws it
 * (src/pages/graph-drawing.ts): every note a dot that links to it, each link between two notes one
 * line, coloured by top folder; the same vault always the same picture; a large vault capped at its
 * most linked notes; links a deploy changed drawn from the root's delta (src/core/graph.ts).
 */
import { describe, expect, it } from 'vitest'
import type { GraphNote } from '../../scripts/graph/record.ts'
import { graphRecord } from '../../scripts/graph/record.ts'
import { layoutGraph } from '../../scripts/graph/layout.ts'
import { applyGraphDelta, graphDelta, graphLinks, parseGraphRecord } from '../../src/core/graph.ts'
import type { Slug } from '../../src/core/slug.ts'
import { slugFromPath } from '../../src/core/slug.ts'
import { graphHtml } from '../../src/pages/graph-drawing.ts'
import { uiStrings } from '../../src/pages/strings.ts'

const note = (path: string, links: string[] = [], title = path.slice(path.lastIndexOf('/') + 1, -3)) => ({
  path,
  slug: slugFromPath(path) as Slug,
  title,
  links,
})
const words = uiStrings('en')
const drawGraph = (notes: readonly GraphNote[]) => {
  const record = graphRecord(notes)
  // What the worker reads back is what the build wrote.
  expect(parseGraphRecord(JSON.parse(JSON.stringify(record)))).toEqual(record)
  return { record, html: graphHtml(record, words) }
}

describe('the layout', () => {
  const ring = Array.from({ length: 40 }, (_, i) => [i, (i + 1) % 40] as [number, number])

  it('is the same for the same graph', () => {
    expect(layoutGraph(40, ring)).toEqual(layoutGraph(40, ring))
  })

  it('keeps every pair of notes apart, and linked notes nearer than the rest', () => {
    const points = layoutGraph(40, ring)
    const distance = (a: number, b: number) => Math.hypot(points[a]!.x - points[b]!.x, points[a]!.y - points[b]!.y)
    let nearest = Number.POSITIVE_INFINITY
    let all = 0
    let pairs = 0
    for (let a = 0; a < 40; a++)
      for (let b = a + 1; b < 40; b++) {
        nearest = Math.min(nearest, distance(a, b))
        all += distance(a, b)
        pairs += 1
      }
    expect(nearest).toBeGreaterThan(10)
    const linked = ring.reduce((sum, [a, b]) => sum + distance(a, b), 0) / ring.length
    expect(linked).toBeLessThan(all / pairs / 2)
    expect(Math.min(...points.map((point) => point.x))).toBe(0)
    expect(Math.min(...points.map((point) => point.y))).toBe(0)
  })
})

describe('the drawing', () => {
  it('draws every note as a link, each pair of linked notes once, by top folder', () => {
    const graph = drawGraph([
      note('a/One.md', ['a/two', 'b/three', 'a/two', 'a/one', 'missing']),
      note('a/Two.md', ['a/one']),
      note('b/Three.md'),
      note('Lone <note>.md'),
    ])
    expect(graph.record).toMatchObject({ total: 4, key: ['a', '', 'b'] })
    expect(graph.record.nodes).toHaveLength(4)
    expect(graph.record.edges).toHaveLength(2)
    const html = graph.html
    expect(html).toMatch(/^<p class="note-meta">4 notes, 2 links<\/p><ul class="graph-key">/)
    expect(html).toContain(
      '<li><span class="graph-swatch graph-c0" aria-hidden="true"></span>a</li><li><span class="graph-swatch graph-c1" aria-hidden="true"></span>/</li><li><span class="graph-swatch graph-c2" aria-hidden="true"></span>b</li>',
    )
    expect(html.match(/<path class="graph-edges" d="(M[\d.]+ [\d.]+L[\d.]+ [\d.]+){2}"\/>/)).not.toBeNull()
    for (const [href, title, colour] of [
      ['/a/one', 'One', 0],
      ['/a/two', 'Two', 0],
      ['/b/three', 'Three', 2],
      ['/lone-note', 'Lone &lt;note&gt;', 1],
    ])
      expect(html).toMatch(new RegExp(`<a href="${href}"><title>${title}</title><circle class="graph-c${colour}" `))
    expect(html).not.toContain('<note>')
    expect(html).toContain(
      '<div class="canvas-frame graph-frame" data-canvas data-fit><div class="canvas" style="width:',
    )
  })

  it('in a large vault draws the 2,000 most linked notes, and says so', () => {
    const notes = Array.from({ length: 2500 }, (_, i) =>
      note(`f${i % 10}/n${i}.md`, i < 2000 ? [`f${(i + 1) % 10}/n${(i + 1) % 2000}`] : []),
    )
    const graph = drawGraph(notes)
    expect(graph.record.nodes).toHaveLength(2000)
    expect(graph.html).toContain('<p class="note-meta">The 2000 most linked of 2500 notes, 2000 links</p>')
    expect(graph.html).not.toContain('href="/f0/n2000"')
  })
})

describe('links a deploy changed (the root’s graph delta)', () => {
  const before = graphRecord([note('One.md', ['two']), note('Two.md'), note('Three.md', ['one'])])

  it('a link added or removed is all the delta says, and the stored graph with it draws the new links', () => {
    // A link is a pair, whichever note holds it: moved from Three to One, nothing changed.
    const moved = graphRecord([note('One.md', ['two', 'three']), note('Two.md'), note('Three.md')])
    expect(graphDelta(before, moved)).toEqual({ add: [], remove: [] })
    const changed = graphRecord([note('One.md', ['two']), note('Two.md', ['three']), note('Three.md')])
    const second = graphDelta(before, changed)!
    expect(second).toEqual({ add: [['three', 'two']], remove: [['one', 'three']] })
    const drawn = applyGraphDelta(before, second)
    expect(graphLinks(drawn).sort()).toEqual(graphLinks(changed).sort())
    // The dots stay where the stored graph put them.
    expect(drawn.nodes).toEqual(before.nodes)
    const html = graphHtml(drawn, words)
    expect(html).toContain('<p class="note-meta">3 notes, 2 links</p>')
    expect(html.match(/<path class="graph-edges" d="(M[\d.]+ [\d.]+L[\d.]+ [\d.]+){2}"\/>/)).not.toBeNull()
  })

  it('a new note, a title or a folder changed is no delta: the graph is laid out anew', () => {
    expect(
      graphDelta(
        before,
        graphRecord([note('One.md', ['two']), note('Two.md'), note('Three.md', ['one']), note('Four.md')]),
      ),
    ).toBeUndefined()
    expect(
      graphDelta(before, graphRecord([note('One.md', ['two'], 'Uno'), note('Two.md'), note('Three.md', ['one'])])),
    ).toBeUndefined()
  })
})
