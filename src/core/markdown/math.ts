/**
 * `$inline$` and `$$display$$` math (OFM-SPEC Q01, Q02). The build renders every formula with
 * KaTeX once per distinct formula into the record's `prerendered` HTML; the worker only inserts it, so pages
 * read without client JavaScript and the worker never runs KaTeX.
 */
import { lineStart, windowed, indexOf } from './start.ts'
import type { TokenizerAndRendererExtension, Tokens } from 'marked'
import { escapeHtml } from '../html.ts'
import { mathKey } from '../hash.ts'
import type { RenderContext } from './context.ts'

/** Where this block can start a line (for start()). */
const MATH_BLOCK_START = / {0,3}\$\$/

/**
 * `$$`, the formula (no `$$` inside), `$$` closing a line: 1 = formula. A `$$…$$` followed by
 * text on its line is not a block: it is display math inside a paragraph (INLINE_DISPLAY_RE).
 */
const MATH_BLOCK_RE = /^ {0,3}\$\$((?:[^$]|\$(?!\$))+?)\$\$[ \t]*(?:\n+|$)/
/** `$$…$$` inside text: 1 = formula. */
const INLINE_DISPLAY_RE = /^\$\$(?!\$)([^\n]+?)\$\$/
/** `$…$`: no space after the opening `$`, none before the closing one, no digit after it (so "$5 and $10" is text). 1 = formula. */
const INLINE_MATH_RE = /^\$(?![\s$])((?:\\.|[^\\$\n])+?)(?<![\s\\])\$(?!\d)/

interface MathToken extends Tokens.Generic {
  type: 'math' | 'mathBlock'
  raw: string
  tex: string
  display: boolean
}

function renderMath(ctx: RenderContext, token: MathToken): string {
  const html = ctx.fragment(mathKey(token.tex, token.display))
  if (html !== undefined)
    return token.type === 'mathBlock' ? `<div class="math math-display" tabindex="0">${html}</div>\n` : html
  const fallback = `<code class="math">${escapeHtml(token.raw.trim())}</code>`
  return token.type === 'mathBlock' ? `<p>${fallback}</p>\n` : fallback
}

export function mathExtensions(ctx: RenderContext): TokenizerAndRendererExtension[] {
  const render = (token: Tokens.Generic) => renderMath(ctx, token as MathToken)
  return [
    {
      name: 'mathBlock',
      level: 'block',
      start: (src) => lineStart(src, MATH_BLOCK_START),
      tokenizer(src) {
        const match = MATH_BLOCK_RE.exec(src)
        if (!match || !match[1]!.trim()) return undefined
        const token: MathToken = { type: 'mathBlock', raw: match[0], tex: match[1]!.trim(), display: true }
        return token
      },
      renderer: render,
    },
    {
      name: 'math',
      level: 'inline',
      start: windowed(indexOf('$')),
      tokenizer(src) {
        const match = INLINE_DISPLAY_RE.exec(src) ?? INLINE_MATH_RE.exec(src)
        if (!match) return undefined
        const token: MathToken = {
          type: 'math',
          raw: match[0],
          tex: match[1]!.trim(),
          display: match[0].startsWith('$$'),
        }
        return token
      },
      renderer: render,
    },
  ]
}
