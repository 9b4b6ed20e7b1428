/**
 * Property-based tests (fast-check) over the markdown extensions, the slug and link rules and the
 * URL router: they never throw, never let a tag through from text, and always finish quickly.
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { LinkResolver } from '../../src/core/links.ts'
import { renderNote } from '../../src/core/render.ts'
import { sanitizeHtml } from '../../src/core/sanitize.ts'
import { parseSlug, slugFromPath, slugFromUrlPath } from '../../src/core/slug.ts'
import { loadFixture, noteRecord as note, request } from './helpers.ts'

/** Pieces of Obsidian syntax, combined at random with text and hostile characters. */
const PIECES = [
  '[[',
  ']]',
  '![[',
  '|',
  '#',
  '^',
  '==',
  '%%',
  '$',
  '$$',
  '> ',
  '> [!note]',
  '[!',
  '- ',
  '- [ ] ',
  '```',
  '`',
  '*',
  '_',
  '~~',
  '[^1]',
  '[^1]: ',
  '^[',
  '<',
  '>',
  '"',
  "'",
  '&',
  '<script>',
  '</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:',
  '\n',
  '\n\n',
  '  ',
  '|---|',
  '#tag',
  '{{x}}',
]
const markdown = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 8 })), { maxLength: 60 })
  .map((parts) => parts.join(''))

describe('markdown extensions', () => {
  it('never throw, and finish fast, on any mix of syntax', () => {
    fc.assert(
      fc.property(markdown, (body) => {
        const start = performance.now()
        renderNote(note(body, { x: null }), new Map())
        expect(performance.now() - start).toBeLessThan(250)
      }),
      { numRuns: 400 },
    )
  })

  it('never emit a script, an event handler or a javascript: URL, whatever the note says', () => {
    fc.assert(
      fc.property(markdown, (body) => {
        const html = renderNote(note(body), new Map())
        expect(html).not.toMatch(/<script|<img[^>]*\son\w+=|href="\s*javascript:|src="\s*javascript:/i)
      }),
      { numRuns: 400 },
    )
  })

  it('text without markup characters comes out without tags of its own', () => {
    fc.assert(
      fc.property(
        // GFM autolinks bare addresses (an email's @, www., a scheme's ://): those are markup too.
        fc
          .string({ maxLength: 80 })
          .filter((text) => !/[<>&`*_~[\]!#=%$^|\\@-]/.test(text) && !/www\.|:\/\//i.test(text)),
        (text) => {
          const html = renderNote(note(`plain ${text}`), new Map())
          expect(html.replace(/^<p>|<\/p>\n$/g, '')).not.toMatch(/<[a-z]/i)
        },
      ),
    )
  })

  it('the HTML sanitizer never lets a script element or handler through', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            '<script>',
            '<SCRIPT src=x>',
            '<img onerror=a>',
            '<a href="java\tscript:x">',
            '<svg onload=x>',
            '<div style="position:fixed">',
            'x',
            '"',
            "'",
            '<',
            '>',
            '</',
          ),
          { maxLength: 20 },
        ),
        (parts) => {
          const html = sanitizeHtml(parts.join(''))
          expect(html).not.toMatch(/<script|\son\w+=|javascript:|position:\s*fixed/i)
        },
      ),
    )
  })
})

describe('slug and link rules', () => {
  it('every path gets a valid slug, and every URL path a slug or a clean 400', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 4 }), (segments) => {
        const slug = slugFromPath(`${segments.join('/')}.md`)
        expect(parseSlug(slug)).toBe(slug)
        const match = slugFromUrlPath(`/${segments.join('/')}`)
        if (match.kind === 'slug') expect(parseSlug(match.slug)).toBe(match.slug)
      }),
    )
  })

  it('link resolution never throws, whatever the link says', () => {
    const resolver = new LinkResolver([{ path: 'a/B.md', kind: 'note', to: 'a/b', aliases: ['bee'] }])
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 20 }),
        (link, from) => void resolver.resolve(`${from}.md`, link),
      ),
    )
  })
})

describe('the router', () => {
  beforeAll(() => loadFixture())

  it('answers any path and method with a status below 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.constantFrom(
              '..',
              '%',
              '%2e%2e',
              '%00',
              '.md',
              'index',
              'tags',
              '_hyphae',
              'fragment',
              '+',
              '%E0%A4',
              '//',
              'thoughts',
            ),
            fc.string({ maxLength: 6 }),
          ),
          { maxLength: 6 },
        ),
        fc.constantFrom('GET', 'HEAD', 'POST', 'OPTIONS', 'PROPFIND'),
        async (parts, method) => {
          const path = `/${parts.map((part) => part.replace(/[#?\s]/g, '')).join('/')}`
          let res: Response
          try {
            res = await request(path, { method })
          } catch {
            return // the URL parser refused it before the worker: nothing to answer
          }
          expect(res.status).toBeLessThan(500)
          await res.arrayBuffer()
        },
      ),
      { numRuns: 150 },
    )
  })

  it('a huge header or an odd Accept never makes a 500', async () => {
    expect(
      (
        await request('/thoughts/alignment', {
          headers: { 'X-Filler': 'a'.repeat(60_000), Accept: 'text/markdown;q=abc, */*' },
        })
      ).status,
    ).toBeLessThan(500)
    expect(
      (await request('/thoughts/alignment', { headers: { 'If-None-Match': `"${'x'.repeat(20_000)}` } })).status,
    ).toBe(200)
  })

  it('refuses overlong paths and query strings with 414', async () => {
    expect((await request(`/${'a'.repeat(3000)}`)).status).toBe(414)
    expect((await request(`/?q=${'a'.repeat(5000)}`)).status).toBe(414)
  })
})
