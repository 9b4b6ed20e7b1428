/**
 * JSON Canvas through the worker (CANVAS-SPEC), on test/fixtures/canvas: the page drawn by the
 * build, each node and edge kind, colours, stacking and reading order, the Connections list, an
 * embed scaled to the column, a loop, links and backlinks, search, and the files the build reports.
 */
import { inject } from 'vitest'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadFixture, noteBody, request } from './helpers.ts'

beforeAll(() => loadFixture('canvasKv'))

async function page(path: string): Promise<string> {
  const res = await request(path)
  expect(res.status, path).toBe(200)
  return res.text()
}

/** The opening tag of the node with `id`. */
function nodeTag(html: string, id: string): string {
  const match = new RegExp(`<div class="canvas-node[^"]*" id="node-${id}"[^>]*>`).exec(html)
  expect(match, `node ${id}`).not.toBeNull()
  return match![0]
}

const problems = () =>
  inject('canvasProblems').map(
    (problem) => `${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`,
  )

describe('a canvas is a page drawn by the server (C56–C63)', () => {
  it('C56, C57: titled by its file name, one container sized to the nodes plus a margin', async () => {
    const html = await page('/plan.canvas')
    expect(html).toContain('<h1 class="note-title">Plan</h1>')
    // Nodes span x -40…1040 and y -60…500; with 40 px around: 1160 × 640.
    expect(noteBody(html)).toMatch(
      /^<div class="canvas-frame" data-canvas tabindex="0" role="group" aria-label="Canvas"><div class="canvas" style="width:1160px;height:640px">/,
    )
    expect(nodeTag(html, 'start')).toBe(
      '<div class="canvas-node canvas-text colored" id="node-start" style="left:80px;top:100px;width:300px;height:140px;z-index:3;--node-color:var(--canvas-color-1)">',
    )
  })

  it('C11, C29, C30, C59, C62: groups lowest, cards stacked in file order, source in reading order', async () => {
    const html = noteBody(await page('/plan.canvas'))
    const order = [...html.matchAll(/id="node-([^"]+)"/g)].map((match) => match[1])
    // Groups, each followed by its members top to bottom, left to right; then the ungrouped cards.
    expect(order).toEqual([
      'g-outer',
      'g-inner',
      'idea',
      'photo',
      'start',
      'brief',
      'site',
      'loop',
      'missing',
      'tinted',
    ])
    expect(nodeTag(html, 'g-inner')).toContain('z-index:1"')
    expect(nodeTag(html, 'g-outer')).toContain('z-index:1;')
    expect(nodeTag(html, 'idea')).toContain('z-index:4"')
    expect(nodeTag(html, 'tinted')).toContain('z-index:10"')
  })

  it('C31–C41, C58, C60: edges as curves with arrow ends, colours, labels at their middle, a loop', async () => {
    const html = noteBody(await page('/plan.canvas'))
    // The edges' paths, after the arrow markers' own.
    const edges = html.slice(html.indexOf('</defs>'), html.indexOf('</svg>'))
    const paths = [...edges.matchAll(/<path d="M[^"]*"[^>]*\/>/g)].map((match) => match[0])
    expect(paths).toEqual([
      // e1: no sides given, so the facing sides: start's right to idea's left; toEnd defaults to an arrow.
      '<path d="M380 170 C420 170 440 170 480 170" marker-end="url(#arrow-default)"/>',
      // e2: sides given, both ends arrows, preset colour 2.
      '<path d="M620 240 C620 280 620 240 620 280" style="stroke:var(--canvas-color-2)" marker-start="url(#arrow-varcanvascolor2)" marker-end="url(#arrow-varcanvascolor2)"/>',
      // e3: toEnd none and no fromEnd: a plain line.
      '<path d="M230 240 C230 280 230 260 230 300"/>',
      // e4: from a node to itself, a loop outside it.
      '<path d="M1120 150 C1180 150 1000 40 1000 100" marker-end="url(#arrow-default)"/>',
      '<path d="M620 280 C620 150.6 1000 329.4 1000 200" style="stroke:#ff8800" marker-end="url(#arrow-ff8800)"/>',
    ])
    expect(html).toContain('<div class="canvas-edge-label" style="left:430px;top:170px">then</div>')
    expect(html).toContain(
      '<marker id="arrow-ff8800" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" style="fill:#ff8800"/></marker>',
    )
  })

  it('C63, C75: a Connections list states every edge in words, escaped', async () => {
    const html = await page('/plan.canvas')
    expect(html).toContain(
      '<section class="canvas-connections"><h2>Connections</h2><ul><li>Start here → Idea: then</li><li>Idea ↔ photo.png</li><li>Start here — brief.pdf</li><li>jsoncanvas.org → jsoncanvas.org: again</li><li>photo.png → jsoncanvas.org: &lt;b&gt;see&lt;/b&gt;</li></ul></section>',
    )
  })
})

describe('nodes (C15–C27, C64–C71)', () => {
  it('C64: a text card is rendered like a note: headings, links, tags, callouts', async () => {
    const html = noteBody(await page('/plan.canvas'))
    expect(html).toContain(
      '<div class="canvas-content"><h1 id="start-here">Start here</h1>\n<p>Read <a class="internal" href="/idea">Idea</a> first. <a class="tag" href="/tags/planning">#planning</a></p>\n<div class="callout callout-tip" data-callout="tip">',
    )
  })

  it('C65: a note card shows the section its subpath names, the note’s title above as a link', async () => {
    expect(noteBody(await page('/plan.canvas'))).toContain(
      '<div class="canvas-content"><div class="transclude" data-slug="idea">\n<p class="transclude-source"><a class="internal" href="/idea#details">Idea</a></p>\n<h2 id="details">Details</h2>\n<p>Everything about the idea, with a link back to <a class="internal" href="/overview">Overview</a>.</p>\n</div>\n</div>',
    )
  })

  it('C66, C67, C68: an image card, a PDF as a link, a path that resolves to nothing is broken and reported', async () => {
    const html = noteBody(await page('/plan.canvas'))
    expect(html).toContain('<img src="/media/photo.png" alt="photo.png" loading="lazy">')
    expect(html).toContain('<a class="internal file" href="/media/brief.pdf">brief.pdf</a>')
    expect(html).toContain('<span class="embed broken" title="Not published: /Nowhere.md">/Nowhere.md</span>')
    expect(problems()).toContain('Plan.canvas:15: broken embed: ![[/Nowhere.md]]')
    // `loop.md` matches `Loop.md` in another case, as an exact path does (C67).
    expect(nodeTag(html, 'loop')).toBeDefined()
  })

  it('C70, C71: a link card with its host, a group with its label', async () => {
    const html = noteBody(await page('/plan.canvas'))
    expect(html).toContain(
      '<p class="canvas-link-host">jsoncanvas.org</p><a class="external" href="https://jsoncanvas.org/spec/1.0/">https://jsoncanvas.org/spec/1.0/</a>',
    )
    expect(html).toContain('<p class="canvas-group-label">Phase 1</p>')
  })

  it('C75: card text is escaped, scripts never reach the page', async () => {
    const html = await page('/plan.canvas')
    expect(html).not.toContain('<script>alert')
  })
})

describe('canvases among notes (C49–C54, C72–C76)', () => {
  it('C51, C72: an embed shows the drawing scaled to the column, card text in, with a link to the page', async () => {
    const html = noteBody(await page('/overview'))
    expect(html).toContain(
      '<div class="canvas-embed"><p class="canvas-embed-source"><a class="internal" href="/plan.canvas">Plan</a></p><div class="canvas-scaled" style="height:370.8px"><div style="transform:scale(0.5793);transform-origin:0 0"><div class="canvas-frame"',
    )
    expect(html).toContain('<h1 id="start-here">Start here</h1>')
    expect(html).not.toContain('canvas-connections')
  })

  it('C50: `[[Plan.canvas]]` links to the page; C73: its cards count as links, so notes list it as a backlink', async () => {
    expect(noteBody(await page('/overview'))).toContain('<a class="internal" href="/plan.canvas">the plan</a>')
    const idea = await page('/idea')
    expect(idea).toMatch(/<section class="backlinks"[\s\S]*href="\/plan.canvas"[\s\S]*<\/section>/)
  })

  it('C74: a note shown in the canvas that embeds the canvas shows it as a plain link there', async () => {
    expect(noteBody(await page('/plan.canvas'))).toContain(
      '<p>A note on the plan that shows the plan: <a class="internal" href="/plan.canvas">Plan.canvas</a></p>',
    )
  })

  it('C76: the text of canvases is searched, under the canvas page', async () => {
    const html = await page('/search?q=keep+small')
    expect(html).toContain('href="/plan.canvas"')
  })
})

describe('what the build reports (C04, C13, C14, C40, C47)', () => {
  it('names the canvas and the node or edge, and the page still renders', async () => {
    expect(problems()).toEqual(
      expect.arrayContaining([
        'Broken.canvas: canvas could not be read: Unexpected end of JSON input',
        'Plan.canvas: node start: a second node with this id; skipped',
        'Plan.canvas: node odd: type "sticker" is not text, file, link or group, or misses its field; skipped',
        'Plan.canvas: node tinted: colour "purple" is neither a preset "1" to "6" nor #RRGGBB; drawn without a colour',
        'Plan.canvas: edge e5: ghost is not a node of this canvas; skipped',
      ]),
    )
    expect(noteBody(await page('/broken.canvas'))).toContain('This canvas could not be read')
    expect(noteBody(await page('/empty.canvas'))).toBe('<p class="canvas-empty">This canvas is empty.</p>')
  })
})
