/**
 * `%%comments%%` are hidden (OFM-SPEC K01, K02): inline, or as a block from a `%%` line to the
 * next `%%`, across blank lines. Inside code they are text, because code is lexed first.
 * An unterminated `%%` stays literal text.
 */
import { lineStart, windowed, indexOf } from './start.ts'
import type { TokenizerAndRendererExtension } from 'marked'

/** Where this block can start a line (for start()). */
const COMMENT_START = / {0,3}%%/

/** A block comment starting a line; runs to the next `%%` and the rest of that line. */
const BLOCK_COMMENT_RE = /^ {0,3}%%[\s\S]*?%%[^\n]*(?:\n+|$)/
/** An inline comment: the shortest `%%…%%`. */
const INLINE_COMMENT_RE = /^%%[\s\S]*?%%/

export function commentExtensions(): TokenizerAndRendererExtension[] {
  return [
    {
      name: 'commentBlock',
      level: 'block',
      start: (src) => lineStart(src, COMMENT_START),
      tokenizer(src) {
        const match = BLOCK_COMMENT_RE.exec(src)
        if (!match) return undefined
        // Only a comment that spans lines, or fills its line, is a block; `%%a%% text` is inline.
        if (!/^ {0,3}%%[\s\S]*?%%[ \t]*(?:\n|$)/.test(match[0])) return undefined
        return { type: 'commentBlock', raw: match[0] }
      },
      renderer: () => '',
    },
    {
      name: 'comment',
      level: 'inline',
      start: windowed(indexOf('%%')),
      tokenizer(src) {
        const match = INLINE_COMMENT_RE.exec(src)
        return match ? { type: 'comment', raw: match[0] } : undefined
      },
      renderer: () => '',
    },
  ]
}
