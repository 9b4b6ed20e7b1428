/**
 * Search that finds what a reader types, in any language (src/core/search.ts): accents and case
 * aside (`elan` finds "élan", `uber` "über"), and Chinese, Japanese and Korean words inside
 * sentences, written without spaces; matches are marked in the note's own spelling.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { foldText, searchTerms } from '../../src/core/search.ts'
import { loadFixture, request } from './helpers.ts'

beforeAll(() => loadFixture('ofmKv'))

/** The list of results of `/search?q=` (the explorer beside it links to every note). */
async function results(query: string): Promise<string> {
  const res = await request(`/search?q=${encodeURIComponent(query)}`)
  expect(res.status).toBe(200)
  const html = await res.text()
  return html.slice(
    html.indexOf('<ol class="search-results">'),
    html.indexOf('</ol>', html.indexOf('<ol class="search-results">')),
  )
}

describe('terms', () => {
  it.each([
    ['Élan, ÜBER, crème', ['elan', 'uber', 'creme']],
    ['模型从数据中学习', ['模型', '型从', '从数', '数据', '据中', '中学', '学习']],
    ['この本は面白い', ['この', 'の本', '本は', 'は面', '面白', '白い']],
    ['데이터에서 배운다', ['데이', '이터', '터에', '에서', '배운', '운다']],
    ['GPT-4は猫', ['gpt', 'は猫']],
    ['猫', ['猫']],
    ['the cat and a dog', ['cat', 'dog']],
  ])('%s', (text, terms) => {
    expect(searchTerms(text)).toEqual(terms)
  })

  it('folds one character for one, so positions in the text stay', () => {
    for (const text of ['Crème brûlée', 'İstanbul ǅemal', 'ﬁne 𝒜 naïve'])
      expect(foldText(text).length).toBe(text.length)
    expect(foldText('Crème BRÛLÉE')).toBe('creme brulee')
  })
})

describe('/search', () => {
  /** The snippet shown under the languages note's result. */
  async function snippet(query: string): Promise<string> {
    const html = await results(query)
    expect(html, query).toContain('href="/languages"')
    const at = html.indexOf('href="/languages"')
    const match = /<p class="snippet">([\s\S]*?)<\/p>/.exec(html.slice(at))
    expect(match, query).not.toBeNull()
    return match![1]!
  }

  it.each([
    ['elan', 'The <mark>élan</mark> of a garden'],
    ['UBER', '<mark>über</mark> alles'],
    ['creme brulee', '<mark>Crème</mark> <mark>brûlée</mark>'],
    ['数据', '模型从<mark>数据</mark>中学习'],
    ['面白い', 'この本は<mark>面白い</mark>です'],
    ['데이터에서', '모델은 <mark>데이터에서</mark> 배운다'],
  ])('%s finds the note and marks the match in its own spelling', async (query, marked) => {
    expect(await snippet(query)).toContain(marked)
  })

  it('a word only in another note finds nothing here', async () => {
    expect(await results('数据库')).not.toContain('href="/languages"')
  })
})
