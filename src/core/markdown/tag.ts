/**
 * Inline `#tags` (OFM-SPEC T01, T03–T07, T09): letters, digits, `_`, `-`, `/` and emoji, at least
 * one character that is not a digit (`#1984` is text), starting a word. Each links to its tag page.
 */
import { windowed } from './start.ts'
import type { TokenizerAndRendererExtension, Tokens } from 'marked'
import { escapeHtml } from '../html.ts'
import { slugSegment } from '../slug.ts'

/** 1: the tag without `#`. */
const TAG_RE = /^#((?:[\p{L}\p{M}\p{N}_\-/]|\p{Extended_Pictographic}|\u200d|\ufe0f)+)/u

/** A tag's path, the same for every casing (T06): `AI/Safety` → `ai/safety`. */
export function tagPath(tag: string): string {
  return tag.split('/').filter(Boolean).map(slugSegment).join('/')
}

/** The tag page of a tag: `/tags/ai/safety`. */
export function tagHref(tag: string): string {
  return `/tags/${tagPath(tag).split('/').map(encodeURIComponent).join('/')}`
}

/** A tag as written, if it is one: `#1984` and `#///` are not. */
function parseTag(src: string): string | undefined {
  const tag = TAG_RE.exec(src)?.[1]?.replace(/\/+$/, '')
  return tag && /[^\d/]/u.test(tag) ? tag : undefined
}

interface TagToken extends Tokens.Generic {
  type: 'tag'
  raw: string
  tag: string
}

export function tagExtension(): TokenizerAndRendererExtension {
  return {
    name: 'tag',
    level: 'inline',
    // Only a `#` at the start of the text or after whitespace starts a tag (`a#b` and URLs' `#`
    // are text). marked passes the text after the current character, so a `#` at 0 may follow a
    // letter: the tokenizer checks the character before it.
    start: windowed((src) => {
      const match = /(?:^|\s)#[^\s#]/u.exec(src)
      return match ? match.index + match[0].indexOf('#') : undefined
    }),
    tokenizer(src, tokens) {
      const before = tokens.at(-1)?.raw
      if (before !== undefined && !/\s$/.test(before)) return undefined
      const tag = parseTag(src)
      if (tag === undefined) return undefined
      const token: TagToken = { type: 'tag', raw: `#${tag}`, tag }
      return token
    },
    renderer(token) {
      const { tag } = token as TagToken
      return `<a class="tag" href="${escapeHtml(tagHref(tag))}">#${escapeHtml(tag)}</a>`
    },
  }
}
