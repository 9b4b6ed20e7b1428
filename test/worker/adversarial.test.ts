/**
 * Every syntax extension against hostile input: 10,000 openers on one line, unterminated forms,
 * and the syntax inside code. Rendering must stay linear and leave code alone. Linear is checked as a
 * ratio within one run (8× the input may cost at most 24× the time; a quadratic scan costs 64×), so
 * a busy machine slows both sides alike instead of failing a fixed time limit.
 */
import { describe, expect, it } from 'vitest'
import type { NoteRecord } from '../../src/core/records.ts'
import { noteRecord as note } from './helpers.ts'
import { renderNote } from '../../src/core/render.ts'

const render = (body: string, links?: NoteRecord['links']) => renderNote(note(body, links), new Map())

/** Renders `body` and returns [html, milliseconds]: the best of two runs, so one pause does not count. */
function timed(body: string): [string, number] {
  let best = Number.POSITIVE_INFINITY
  let html = ''
  for (let run = 0; run < 2; run += 1) {
    const start = performance.now()
    html = render(body)
    best = Math.min(best, performance.now() - start)
  }
  return [html, best]
}

/** Renders `make(n / 8)` and `make(n)`: the larger may cost at most 24 times the smaller (plus 20 ms of clock noise). */
function expectLinear(make: (n: number) => string, n: number): string {
  const [, small] = timed(make(n / 8))
  const [html, large] = timed(make(n))
  expect(large).toBeLessThan(24 * small + 20)
  return html
}

describe('20,000 openers on one line render in linear time, as text', () => {
  it.each([
    ['wikilink', '[['],
    ['embed', '![['],
    ['highlight', '=='],
    ['comment', '%%'],
    ['math', '$'],
    ['display math', '$$'],
    ['tag', '#a '],
    ['inline footnote', '^['],
    ['footnote ref', '[^'],
    // These two grow faster than linearly past ~10,000 (marked's own HTML-comment scan is quadratic): tested below that.
    ['callout marker', '[!note]', 10_000],
    ['block id', ' ^a'],
    ['html', '<a '],
    ['html comment', '<!--', 4_000],
  ])('%s', (_name, opener, count = 20_000) => {
    const html = expectLinear((n) => `x ${opener.repeat(n)}`, count)
    expect(html.length).toBeGreaterThan(0)
  })

  it('a quote nested 10,000 levels deep is shown as plain text, not a crash', () => {
    const html = expectLinear((n) => `${'> '.repeat(n)}[!note] deep`, 10_000)
    expect(html).toBe(`<pre tabindex="0"><code class="hljs">${'&gt; '.repeat(10_000)}[!note] deep</code></pre>\n`)
  })

  it('callouts nested 100 levels deep still render', () => {
    const body = Array.from({ length: 100 }, (_, depth) => `${'> '.repeat(depth)}> [!note] level ${depth}`).join('\n')
    const [html] = timed(body)
    expect(html.match(/<div class="callout callout-note"/g)).toHaveLength(100)
  })

  it('10,000 callout lines', () => {
    const html = expectLinear((n) => `> [!note]\n${'> line\n'.repeat(n)}`, 10_000)
    expect(html.startsWith('<div class="callout callout-note" data-callout="note">')).toBe(true)
  })
})

describe('unterminated syntax stays literal', () => {
  it.each([
    ['[[unclosed link', '<p>[[unclosed link</p>\n'],
    ['![[unclosed embed', '<p>![[unclosed embed</p>\n'],
    ['==unclosed highlight', '<p>==unclosed highlight</p>\n'],
    ['a %%unclosed comment', '<p>a %%unclosed comment</p>\n'],
    ['costs $5', '<p>costs $5</p>\n'],
    ['^[unclosed', '<p>^[unclosed</p>\n'],
    ['[[a]', '<p>[[a]</p>\n'],
    ['[[]]', '<p>[[]]</p>\n'],
  ])('%s', (body, html) => {
    expect(render(body)).toBe(html)
  })
})

describe('inside code, nothing is parsed (OFM-SPEC Q09)', () => {
  it.each([
    ['`[[Link]]`', '<p><code>[[Link]]</code></p>\n'],
    ['`![[Embed]]`', '<p><code>![[Embed]]</code></p>\n'],
    ['`==mark==`', '<p><code>==mark==</code></p>\n'],
    ['`%%kept%%`', '<p><code>%%kept%%</code></p>\n'],
    ['`#tag`', '<p><code>#tag</code></p>\n'],
    ['`$x$`', '<p><code>$x$</code></p>\n'],
    ['`^[note]`', '<p><code>^[note]</code></p>\n'],
    [
      '```\n[[Link]] ==m== %%c%% #tag $x$\n> [!note]\n^block\n```',
      '<pre tabindex="0"><code class="hljs">[[Link]] ==m== %%c%% #tag $x$\n&gt; [!note]\n^block</code></pre>\n',
    ],
    ['    [[indented code]]', '<pre tabindex="0"><code class="hljs">[[indented code]]</code></pre>\n'],
    ['~~~\n%%\nnot a comment\n%%\n~~~', '<pre tabindex="0"><code class="hljs">%%\nnot a comment\n%%</code></pre>\n'],
  ])('%s', (body, html) => {
    expect(render(body)).toBe(html)
  })
})

describe('text that merely looks like syntax', () => {
  it.each([
    ['#1984 is a year', '<p>#1984 is a year</p>\n'],
    ['a#b is not a tag', '<p>a#b is not a tag</p>\n'],
    ['# Heading, not a tag', '<h1 id="heading-not-a-tag">Heading, not a tag</h1>\n'],
    ['a == b == c', '<p>a == b == c</p>\n'],
    ['$5 and $10', '<p>$5 and $10</p>\n'],
    ['> quote\n> [!info] later line', '<blockquote>\n<p>quote\n[!info] later line</p>\n</blockquote>\n'],
    ['[link](https://example.com/#anchor)', '<p><a class="external" href="https://example.com/#anchor">link</a></p>\n'],
    ['email me^ at x', '<p>email me^ at x</p>\n'],
    ['a ^not_an-id!', '<p>a ^not_an-id!</p>\n'],
  ])('%s', (body, html) => {
    expect(render(body)).toBe(html)
  })
})

describe('escaping', () => {
  it('link text, aliases and targets are escaped', () => {
    const html = render('[[<script>x</script>|<b>"alias"</b>]] [[a" onmouseover="x]]', {
      '<script>x</script>': { to: 'a', kind: 'note' },
      'a" onmouseover="x': null,
    })
    expect(html).toBe(
      '<p><a class="internal" href="/a">&lt;b&gt;&quot;alias&quot;&lt;/b&gt;</a> <a class="internal broken" title="Not published: a&quot; onmouseover=&quot;x">a&quot; onmouseover=&quot;x</a></p>\n',
    )
  })

  it('callout types and titles are escaped', () => {
    expect(render('> [!x"><img>] <i>t</i>\n> body')).toBe(
      '<div class="callout callout-note" data-callout="x&quot;&gt;&lt;img&gt;">\n<div class="callout-title"><span class="callout-icon" aria-hidden="true"></span><i>t</i></div>\n<div class="callout-content">\n<p>body</p>\n</div>\n</div>\n',
    )
  })
})
