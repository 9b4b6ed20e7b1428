/**
 * The explorer as the build draws it (scripts/stages/explorer.ts): the order of each level, the
 * limit a large vault keeps to, and escaping; and through the worker's marking (src/pages/explorer.ts),
 * the current note's folders opened and its link marked.
 */
import { describe, expect, it } from 'vitest'
import { explorerHtml } from '../../scripts/stages/explorer.ts'
import type { Slug } from '../../src/core/slug.ts'
import { slugFromPath } from '../../src/core/slug.ts'
import { uiStrings } from '../../src/pages/strings.ts'
import { encodeExplorer, explorerSlot, pageBytes } from '../../src/pages/explorer.ts'

const note = (path: string, title = path.slice(path.lastIndexOf('/') + 1, -3)) => ({
  path,
  slug: slugFromPath(path) as Slug,
  title,
})
const words = uiStrings('en')

describe('the explorer', () => {
  const vault = [
    note('index.md', 'Home'),
    note('zeta.md'),
    note('Alpha.md'),
    note('Projects/b.md'),
    note('Projects/A.md'),
    note('Projects/2024/Plan.md'),
    note('Archive/Old.md'),
  ]

  it('lists folders first, then notes, each A to Z; the home note is the site title, not listed', () => {
    expect(explorerHtml(vault, undefined, words)).toBe(
      '<nav class="explorer" id="explorer" aria-label="Explorer"><ul>' +
        '<li><details data-folder="archive"><summary>Archive</summary><ul><li><a href="/archive/old">Old</a></li></ul></details></li>' +
        '<li><details data-folder="projects"><summary>Projects</summary><ul>' +
        '<li><details data-folder="projects/2024"><summary>2024</summary><ul><li><a href="/projects/2024/plan">Plan</a></li></ul></details></li>' +
        '<li><a href="/projects/a">A</a></li><li><a href="/projects/b">b</a></li></ul></details></li>' +
        '<li><a href="/alpha">Alpha</a></li><li><a href="/zeta">zeta</a></li>' +
        '</ul></nav>',
    )
  })

  it('lists first what Publish’s navigationOrdering names, in its order', () => {
    const html = explorerHtml(vault, ['zeta', 'projects/b', 'projects'], words)
    const order = [...html.matchAll(/<summary>([^<]+)|<a href="([^"]+)"/g)].map((match) => match[1] ?? match[2])
    expect(order).toEqual([
      '/zeta',
      'Projects',
      '/projects/b',
      '2024',
      '/projects/2024/plan',
      '/projects/a',
      'Archive',
      '/archive/old',
      '/alpha',
    ])
  })

  /** The explorer as the page of `current` sends it: a slot in the page, filled from the encoded explorer. */
  const markExplorer = (html: string, current: string) =>
    new TextDecoder().decode(pageBytes(`<p>before</p>${explorerSlot(current)}<p>after</p>`, encodeExplorer(html)))

  it('opens the folders holding the current note and marks it; other folders stay closed', () => {
    const html = markExplorer(explorerHtml(vault, undefined, words), 'projects/2024/plan')
    expect(html).toContain('<details data-folder="projects" open><summary>Projects</summary>')
    expect(html).toContain('<details data-folder="projects/2024" open><summary>2024</summary>')
    expect(html).toContain('<a href="/projects/2024/plan" aria-current="page">Plan</a>')
    expect(html).toContain('<details data-folder="archive"><summary>')
    expect(html.match(/aria-current/g)).toHaveLength(1)
    expect(html.startsWith('<p>before</p><nav')).toBe(true)
    expect(html.endsWith('</nav><p>after</p>')).toBe(true)
    expect(html.replace(/ open>/g, '>').replace(' aria-current="page"', '')).toBe(
      `<p>before</p>${explorerHtml(vault, undefined, words)}<p>after</p>`,
    )
    // A folder page opens its folder.
    expect(markExplorer(explorerHtml(vault, undefined, words), 'archive')).toContain(
      '<details data-folder="archive" open>',
    )
  })

  it('marks the right bytes when names before and in the path are not ASCII', () => {
    const names = [note('Ärger/Ünterwegs.md', 'Ünterwegs — weiter'), note('Café/日本/Tōkyō.md'), note('Café/Zoë.md')]
    const drawn = explorerHtml(names, undefined, words)
    const html = markExplorer(drawn, slugFromPath('Café/日本/Tōkyō.md'))
    expect(html).toContain('<details data-folder="café" open>')
    expect(html).toContain('<details data-folder="café/日本" open>')
    expect(html).toContain(`<a href="${encodeURI('/café/日本/tōkyō')}" aria-current="page">Tōkyō</a>`)
    expect(html).toContain('<details data-folder="ärger"><summary>')
    expect(html.replace(/ open>/g, '>').replace(' aria-current="page"', '')).toBe(`<p>before</p>${drawn}<p>after</p>`)
  })

  it('leaves a page with no explorer, or a page of no note, as it was', () => {
    const drawn = explorerHtml(vault, undefined, words)
    const page = (current: string | undefined, explorer: string) =>
      new TextDecoder().decode(
        pageBytes(
          `<title>—</title>${explorerSlot(current)}<p>after</p>`,
          explorer ? encodeExplorer(explorer) : undefined,
        ),
      )
    expect(page(undefined, drawn)).toBe(`<title>—</title>${drawn}<p>after</p>`)
    expect(page('tags/x', drawn)).toBe(`<title>—</title>${drawn}<p>after</p>`)
    expect(page('zeta', '')).toBe('<title>—</title><p>after</p>')
  })

  it('escapes names and titles', () => {
    const html = explorerHtml(
      [note('<b>&"x/<img src=x onerror=alert(1)>.md', '<script>alert(1)</script>')],
      undefined,
      words,
    )
    expect(html).not.toMatch(/<(script|img|b)\b/)
    expect(html).toContain('<summary>&lt;b&gt;&amp;&quot;x</summary>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;</a>')
  })

  it('in a large vault lists every folder, and the notes of the shallowest while 400 entries hold them', () => {
    const notes = Array.from({ length: 3000 }, (_, i) => note(`area ${i % 30}/deep ${Math.floor(i / 30) % 3}/n${i}.md`))
    const html = explorerHtml(notes, undefined, words)
    const links = html.match(/<a href=/g)!.length
    const folders = html.match(/<details /g)!.length
    expect(folders).toBe(30 + 90)
    expect(links + folders).toBeLessThanOrEqual(400)
    expect(links).toBeGreaterThan(250)
    // A folder whose notes did not fit links to its folder page, saying how many it holds.
    expect(html).toContain('<li><a class="explorer-more" href="/area-29/deep-2">33 notes</a></li>')
    const more = html.match(/explorer-more/g)!.length
    expect(more).toBeGreaterThan(70)
    expect(more).toBeLessThan(90)
  })

  it('is empty for a vault of one home note', () => {
    expect(explorerHtml([note('index.md')], undefined, words)).toBe('')
  })
})
