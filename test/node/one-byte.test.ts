/**
 * Note records' JSON in one byte a character (scripts/stages/one-byte.ts): characters above U+00FF
 * as `\u` escapes, so the string is half the memory and quick to hash and pack; the same record when
 * parsed. A text mostly in another script stays as written.
 */
import { expect, it } from 'vitest'
import { oneByteJson } from '../../scripts/stages/one-byte.ts'

const WIDE = /[^\0-\xff]/

it('escapes a few wide characters, surrogate pairs too, and parses back to the same record', () => {
  const record = {
    context: 'a backlink’s line, cut short…',
    html: '<span class="katex">∑ x​</span> café naïve 🌱',
    body: `plain ASCII and Latin-1: é ü ß. ${'A note goes on in plain words. '.repeat(40)}`,
  }
  const json = oneByteJson(JSON.stringify(record))
  expect(json).not.toMatch(WIDE)
  expect(json).toContain('\\u2026')
  expect(json).toContain('\\ud83c\\udf31')
  expect(json).toContain('café')
  expect(JSON.parse(json)).toEqual(record)
  // What it is given without wide characters, it gives back as it is.
  const narrow = JSON.stringify({ body: record.body })
  expect(oneByteJson(narrow)).toBe(narrow)
})

it('leaves a text mostly in another script as written: its escapes would double its bytes', () => {
  const json = JSON.stringify({ body: '数据中学习。'.repeat(50) + ' a few words of English' })
  expect(oneByteJson(json)).toBe(json)
})
