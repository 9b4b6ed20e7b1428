/**
 * Search through the worker on test/fixtures/search: the last word matches as a prefix
 * (`transcl` → Transclusion), ranking is title > heading > tag > text, and words of several
 * scripts in one note are all found. The index's completions are checked at the build's side.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { searchPostings } from '../../scripts/search-index.ts'
import { parseQuery } from '../../src/core/search.ts'
import { loadFixture, request } from './helpers.ts'

beforeAll(() => loadFixture('searchKv'))

/** The results of `/search?q=`, as the titles listed, best first. */
async function titles(query: string): Promise<string[]> {
  const res = await request(`/search?q=${encodeURIComponent(query)}`)
  expect(res.status).toBe(200)
  const html = await res.text()
  return [...html.matchAll(/<li><a class="internal" href="[^"]+">([^<]*)<\/a>/g)].map((match) => match[1]!)
}

describe('the last word as a prefix', () => {
  it.each([
    ['transcl', ['Transclusion']],
    ['wikil', ['Wikilinks']],
    ['gardens theor', ['Theory']],
    // A stopword alone finds nothing; as the last word it may be the start of a longer one.
    ['the', ['Theory', 'Mixed scripts']],
    ['théo', ['Theory', 'Mixed scripts']],
    ['UBER mod', ['Mixed scripts']],
    ['猫', ['Mixed scripts']],
    ['데', ['Mixed scripts']],
    ['gpt 猫', ['Mixed scripts']],
    ['데이터', ['Mixed scripts']],
    ['lanternz', []],
  ])('%s', async (query, expected) => {
    expect(await titles(query)).toEqual(expected)
  })

  it('marks the whole word a prefix matched, in the note’s own spelling', async () => {
    const html = await (await request('/search?q=transcl')).text()
    expect(html).toContain(
      '<li><a class="internal" href="/notes/transclusion">Transclusion</a><p class="snippet">Showing one note inside another. A <mark>transcluded</mark> section keeps its headings.</p></li>',
    )
  })

  it('only the last word is a prefix: the others match whole', async () => {
    expect(await titles('theor gardens')).toEqual([])
    expect(await titles('theory gardens')).toEqual(['Theory'])
  })
})

describe('ranking', () => {
  it('title, then heading, then tag, then text; a longer word counts half', async () => {
    expect(await titles('lantern')).toEqual(['Lantern', 'Heading match', 'Lanterns at dusk', 'Tag match', 'Text match'])
  })

  it('a prefix alone ranks the same way: a note matching in its title and its text first', async () => {
    expect(await titles('lant')).toEqual(['Lanterns at dusk', 'Lantern', 'Heading match', 'Tag match', 'Text match'])
  })
})

describe('the index', () => {
  const note = (slug: string, body: string[]) => ({ slug, title: slug, tags: [], terms: { heading: [], body } })

  it('stores for each prefix the terms it begins, those in the most notes first, at most 8', () => {
    const words = Array.from({ length: 10 }, (_, i) => `alpha${String.fromCharCode(97 + i)}`)
    // alphaa is in 10 notes, alphab in 9, …, alphaj in 1.
    const notes = Array.from({ length: 10 }, (_, n) => note(`n${n}`, words.slice(0, 10 - n)))
    const index = searchPostings(notes)
    expect(index.get('al')?.completions).toEqual(words.slice(0, 8))
    expect(index.get('alpha')?.completions).toEqual(words.slice(0, 8))
    // A term is a record of its own, and no prefix of itself.
    expect(index.get('alphaa')?.body).toEqual(notes.map((n) => n.slug).sort())
    expect(index.get('alphaa')?.completions).toBeUndefined()
    expect(index.has('a')).toBe(false)
  })

  it('a Chinese, Japanese or Korean pair completes its first character', () => {
    const index = searchPostings([note('zh', ['数据', '据中'])])
    expect(index.get('数')?.completions).toEqual(['数据'])
    expect(index.get('据')?.completions).toEqual(['据中'])
  })

  it('a word longer than 10 letters looks up its first 10', () => {
    expect(parseQuery('interpretabil')).toEqual({
      terms: ['interpretabil'],
      prefix: 'interpretabil',
      prefixKey: 'interpreta',
      lookups: ['interpretabil', 'interpreta'],
    })
  })
})

describe('/_hyphae/suggest', () => {
  it('answers the best few notes for what is typed so far, as JSON, never cached', async () => {
    const res = await request('/_hyphae/suggest?q=lant')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const answer = (await res.json()) as { results: { href: string; title: string; snippet: string }[] }
    expect(answer).toEqual({
      query: 'lant',
      status: '5 notes',
      allResults: 'All results',
      results: [
        {
          href: '/notes/lanterns-at-dusk',
          title: 'Lanterns at dusk',
          snippet: 'The plural is a longer word: <mark>lanterns</mark>.',
        },
        { href: '/notes/lantern', title: 'Lantern', snippet: 'A title match.' },
        {
          href: '/notes/heading-match',
          title: 'Heading match',
          snippet: '<mark>Lantern</mark> repairs The heading holds the word.',
        },
        { href: '/notes/tag-match', title: 'Tag match', snippet: 'Only the tag holds the word.' },
        {
          href: '/notes/text-match',
          title: 'Text match',
          snippet: 'Only this text mentions a <mark>lantern</mark>, once.',
        },
      ],
    })
  })

  it('escapes what it echoes, and says when nothing matches', async () => {
    const answer = await (
      await request(`/_hyphae/suggest?q=${encodeURIComponent('<img src=x onerror=alert(1)>')}`)
    ).json()
    expect(answer).toEqual({
      query: '<img src=x onerror=alert(1)>',
      status: 'No note matches every word.',
      allResults: 'All results',
      results: [],
    })
    expect(await (await request('/_hyphae/suggest')).json()).toMatchObject({ query: '', results: [] })
  })
})
