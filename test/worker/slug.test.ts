/** The slug rule (src/core/slug.ts), one row per input. */
import { describe, expect, it } from 'vitest'
import { hrefFromSlug, parseSlug, slugFromPath, slugFromUrlPath } from '../../src/core/slug.ts'

describe('slugFromPath', () => {
  it.each([
    ['thoughts/Alignment.md', 'thoughts/alignment'],
    ['thoughts/Overton Window.md', 'thoughts/overton-window'],
    ['thoughts/mechanistic interpretability.md', 'thoughts/mechanistic-interpretability'],
    ['index.md', 'index'],
    ['Index.md', 'index'],
    ['projects/index.md', 'projects'],
    ['projects/Index.md', 'projects'],
    ['Projects/Garden  Notes.md', 'projects/garden-notes'],
    ['Rock & Roll.md', 'rock-and-roll'],
    ['What is 100%?.md', 'what-is-100'],
    ['C# vs F#.md', 'c-vs-f'],
    ['Café crème.md', 'café-crème'],
    ['Cafe\u0301.md', 'café'],
    ['日本語 ノート.md', '日本語-ノート'],
    ['Ünïcödé/Straße.md', 'ünïcödé/straße'],
    ['a - b.md', 'a-b'],
    ['  spaced  .md', 'spaced'],
    ['???.md', '_'],
    ['notes/v1.2 release.md', 'notes/v1.2-release'],
    ['thoughts/images/alignment-asl-scale.webp', 'thoughts/images/alignment-asl-scale.webp'],
    ['Attachments/Figure 1.PNG', 'attachments/figure-1.png'],
    ['Excerpt from Mother of All Demos (1968).ogg', 'excerpt-from-mother-of-all-demos-(1968).ogg'],
  ])('%s → %s', (path, slug) => {
    expect(slugFromPath(path)).toBe(slug)
  })
})

describe('slugFromUrlPath: every form of a URL reaches one note', () => {
  it.each([
    ['/thoughts/alignment', 'thoughts/alignment', '/thoughts/alignment'],
    ['/thoughts/Alignment', 'thoughts/alignment', '/thoughts/alignment'],
    ['/thoughts/alignment/', 'thoughts/alignment', '/thoughts/alignment'],
    ['/thoughts/Alignment.md', 'thoughts/alignment', '/thoughts/alignment'],
    ['/thoughts/Overton%20Window', 'thoughts/overton-window', '/thoughts/overton-window'],
    ['/thoughts/Overton Window.md', 'thoughts/overton-window', '/thoughts/overton-window'],
    ['/THOUGHTS/OVERTON-WINDOW/', 'thoughts/overton-window', '/thoughts/overton-window'],
    ['/', 'index', '/'],
    ['/index', 'index', '/'],
    ['/index.md', 'index', '/'],
    ['/projects/index', 'projects', '/projects'],
    ['/caf%C3%A9-cr%C3%A8me', 'café-crème', '/caf%C3%A9-cr%C3%A8me'],
    ['/Caf%C3%A9%20Cr%C3%A8me', 'café-crème', '/caf%C3%A9-cr%C3%A8me'],
    ['//thoughts//alignment', 'thoughts/alignment', '/thoughts/alignment'],
  ])('%s → %s (canonical %s)', (path, slug, canonical) => {
    expect(slugFromUrlPath(path)).toEqual({ kind: 'slug', slug, canonical })
  })

  it.each(['/%E0%A4%A', '/%', '/thoughts/%zz'])('%s is a bad request', (path) => {
    expect(slugFromUrlPath(path)).toEqual({ kind: 'bad-request' })
  })
})

describe('hrefFromSlug and parseSlug', () => {
  it.each([
    ['index', '/'],
    ['thoughts/alignment', '/thoughts/alignment'],
    ['café-crème', '/caf%C3%A9-cr%C3%A8me'],
    // encodeURIComponent's own set passes as it is; anything else is encoded.
    ["don't-(panic)!", "/don't-(panic)!"],
    ['c++/a:b@c', '/c%2B%2B/a%3Ab%40c'],
    ['a/b_c.d~e*', '/a/b_c.d~e*'],
  ])('%s is served at %s', (slug, href) => {
    expect(hrefFromSlug(slug)).toBe(href)
  })

  it.each([
    ['thoughts/alignment', true],
    ['Thoughts/Alignment', false],
    ['a b', false],
    ['a/../b', false],
    ['', false],
    // The edges of an ASCII slug segment: no doubled, leading or trailing dash, no `.` or `..` alone.
    ['a--b', false],
    ['-a', false],
    ['a-', false],
    ['a/-/b', false],
    ['.', false],
    ['a/./b', false],
    ['a&b', false],
    ['a_b', true],
    ['a-b.c', true],
    ["c++/don't:@$", true],
    ['_', true],
    ['café', true],
    ['Café', false],
  ])('%s is a slug: %s', (value, ok) => {
    expect(parseSlug(value) !== undefined).toBe(ok)
  })
})
