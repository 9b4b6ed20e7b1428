/**
 * The vault's language (`hyphae.json` `"lang"`): `<html lang>` and `dir`, dates through Intl, and
 * the interface's own words from one table (src/pages/strings.ts), rendered by the real pages.
 */
import { describe, expect, it } from 'vitest'
import { buildToDisk } from '../../scripts/build.ts'
import type { NoteRecord, SiteRecord } from '../../src/core/records.ts'
import { MessagePage } from '../../src/pages/MessagePage.tsx'
import { NotePage } from '../../src/pages/NotePage.tsx'
import { formatDate, uiStrings } from '../../src/pages/strings.ts'
import { tempVault } from './temp-vault.ts'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const site = (lang?: string): SiteRecord => ({
  v: 2,
  title: 'Garden',
  notes: 1,
  assets: '/_hyphae/x',
  recent: [],
  breaks: false,
  ...(lang ? { lang } : {}),
})

const note = {
  v: 2,
  slug: 'notes/a',
  path: 'notes/A.md',
  title: 'A',
  date: '2026-11-23',
  tags: [],
  aliases: [],
  frontmatter: {},
  body: '',
  links: {},
  embeds: [],
  prerendered: {},
  math: [],
  toc: [
    { depth: 2, text: 'One', id: 'one' },
    { depth: 2, text: 'Two', id: 'two' },
    { depth: 2, text: 'Three', id: 'three' },
  ],
  hasMath: false,
  hasDiagrams: false,
  backlinks: [{ slug: 'b', title: 'B' }],
  outlinks: [],
  words: 440,
} as unknown as NoteRecord

const render = (lang?: string) =>
  String(NotePage({ site: site(lang), note, bodyHtml: '', canonical: 'https://g.example/notes/a' }))

describe('the interface in the vault’s language', () => {
  it('English by default', () => {
    const html = render()
    expect(html).toMatch(/^<!doctype html><html lang="en">/)
    expect(html).toContain('Published <time datetime="2026-11-23">23 November 2026</time>')
    expect(html).toContain('<span class="reading-time">2 min read</span>')
    expect(html).toContain('<summary>Contents</summary>')
    expect(html).toContain('<h2 id="backlinks-title">Linked from</h2>')
    expect(html).toContain('<a href="/">Home</a>')
  })

  it.each([
    ['ja', '公開 <time datetime="2026-11-23">2026年11月23日</time>', '2分で読めます', '目次'],
    ['de', 'Veröffentlicht <time datetime="2026-11-23">23. November 2026</time>', '2 Min. Lesezeit', 'Inhalt'],
    ['fr', 'Publié le <time datetime="2026-11-23">23 novembre 2026</time>', '2 min de lecture', 'Sommaire'],
    ['zh-Hans', '发布于 <time datetime="2026-11-23">2026年11月23日</time>', '阅读约 2 分钟', '目录'],
    ['ko', '게시 <time datetime="2026-11-23">2026년 11월 23일</time>', '2분 분량', '목차'],
    ['es', 'Publicado <time datetime="2026-11-23">23 de noviembre de 2026</time>', '2 min de lectura', 'Contenido'],
  ])('%s', (lang, date, minutes, contents) => {
    const html = render(lang)
    expect(html).toMatch(new RegExp(`^<!doctype html><html lang="${lang}">`))
    expect(html).toContain(date)
    expect(html).toContain(`<span class="reading-time">${minutes}</span>`)
    expect(html).toContain(`<summary>${contents}</summary>`)
    expect(html).toContain(`<h2 id="backlinks-title">${uiStrings(lang).linkedFrom}</h2>`)
  })

  it('the pages of a 404 and a 400 speak it too', () => {
    const page = (lang: string | undefined, status: 400 | 404, kind: 'noNoteYet' | 'badPath') =>
      String(MessagePage({ site: site(lang), status, kind }))
    expect(page(undefined, 404, 'noNoteYet')).toContain(
      '<h1 class="note-title">Not found</h1><p>There is no note at this address. It may have moved or not be published yet.</p><p><a href="/">Go to the home page</a></p>',
    )
    expect(page('de', 404, 'noNoteYet')).toContain(
      '<h1 class="note-title">Nicht gefunden</h1><p>Unter dieser Adresse gibt es keine Notiz. Vielleicht wurde sie verschoben oder ist noch nicht veröffentlicht.</p><p><a href="/">Zur Startseite</a></p>',
    )
    expect(page('ja', 400, 'badPath')).toContain(
      '<h1 class="note-title">不正なリクエスト</h1><p>このアドレスは有効な URL パスではありません。</p><p><a href="/">ホームページへ</a></p>',
    )
    // Every language of the table has every message.
    for (const lang of ['en', 'de', 'fr', 'es', 'zh', 'ja', 'ko'])
      for (const text of Object.values(uiStrings(lang).messages)) expect(text.length, lang).toBeGreaterThan(1)
  })

  it('formats each day in each language as its own, however often it is asked', () => {
    for (let round = 0; round < 2; round++) {
      expect(formatDate('2026-11-23', 'nl')).toBe('23 november 2026')
      expect(formatDate('2026-11-23', 'de')).toBe('23. November 2026')
      expect(formatDate('2026-11-23T23:59:00Z', 'en')).toBe('23 November 2026')
      expect(formatDate('2026-11-24T00:00:00Z', 'en')).toBe('24 November 2026')
      expect(formatDate('1969-07-20', undefined)).toBe('20 July 1969')
      expect(formatDate('not a date', 'en')).toBe('not a date')
    }
  })

  it('a right-to-left language sets dir="rtl"; an unknown one keeps English words and its own dates', () => {
    expect(render('ar')).toMatch(/^<!doctype html><html lang="ar" dir="rtl">/)
    expect(render('he-IL')).toMatch(/^<!doctype html><html lang="he-IL" dir="rtl">/)
    expect(uiStrings('sw')).toBe(uiStrings('en'))
    expect(formatDate('2026-11-23', 'nl')).toBe('23 november 2026')
  })

  it('hyphae.json "lang" reaches the site record, canonicalised; a tag that is not BCP 47 is a warning', async () => {
    const out = () => mkdtemp(join(tmpdir(), 'hyphae-out-'))
    const ok = await buildToDisk(
      await tempVault({ 'index.md': 'Hi', 'hyphae.json': '{"lang": "zh-hans"}' }),
      await out(),
    )
    expect(ok.site.site.lang).toBe('zh-Hans')
    const bad = await buildToDisk(
      await tempVault({ 'index.md': 'Hi', 'hyphae.json': '{"lang": "not a tag!"}' }),
      await out(),
    )
    expect(bad.site.site.lang).toBeUndefined()
    expect(bad.site.problems.map((problem) => problem.message)).toContain(
      '"lang": "not a tag!" is not a BCP 47 language tag (en, de, zh-Hans…); using English',
    )
  })
})
