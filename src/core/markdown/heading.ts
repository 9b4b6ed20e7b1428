/**
 * Headings get stable ids (GitHub's rule: lower case, punctuation dropped, spaces → `-`,
 * repeats numbered `-1`, `-2`). The build computes the same ids to resolve `[[Note#Heading]]`.
 */
import type { RendererObject, Token, Tokens } from 'marked'
import type { RenderContext } from './context.ts'

/** Plain text of inline tokens: what a heading "says", for ids and for matching link anchors. */
export function plainText(tokens: Token[] | undefined): string {
  let out = ''
  for (const token of tokens ?? []) {
    if (token.type === 'wikilink') {
      const parts = (token as Tokens.Generic).parts as { alias?: string; path: string }
      out += parts.alias ?? parts.path
    } else if ('tokens' in token && Array.isArray(token.tokens)) out += plainText(token.tokens)
    else if (token.type === 'text' || token.type === 'codespan' || token.type === 'escape') out += token.text
  }
  return out
}

/** Allocates heading ids in document order. */
export class HeadingIds {
  #seen = new Map<string, number>()

  next(text: string): string {
    const base =
      text
        .normalize('NFC')
        .toLowerCase()
        .trim()
        .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-') || 'section'
    const count = this.#seen.get(base) ?? 0
    this.#seen.set(base, count + 1)
    return count === 0 ? base : `${base}-${count}`
  }
}

/** Heading text compared the way link anchors are matched: case, punctuation and spacing ignored (OFM-SPEC U01). */
export function normalizeHeading(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim()
}

export function headingRenderer(ctx: RenderContext): Pick<RendererObject, 'heading'> {
  return {
    heading({ tokens, depth }) {
      const id = ctx.headingIds.next(plainText(tokens))
      return `<h${depth} id="${id}">${this.parser.parseInline(tokens)}</h${depth}>\n`
    },
  }
}
