/**
 * `^[text]` inline footnotes (OFM-SPEC N04): numbered with the page's other footnotes and listed
 * in the same section. Each becomes a definition in marked-footnote's list, then a reference to it.
 */
import { windowed, indexOf } from './start.ts'
import type { TokenizerAndRendererExtension, Token, Tokens } from 'marked'

/** 1: the footnote text; it may hold `[brackets]` and `[[wikilinks]]` (`^[see [[Links]]]`). */
const INLINE_FOOTNOTE_RE = /^\^\[((?:[^[\]\n]|\[\[[^[\]\n]*\]\]|\[[^[\]\n]*\])+)\]/

interface FootnotesToken {
  type: 'footnotes'
  rawItems: { type: 'footnote'; raw: string; label: string; refs: unknown[]; content: Token[] }[]
}

export function inlineFootnoteExtension(): TokenizerAndRendererExtension {
  return {
    name: 'inlineFootnote',
    level: 'inline',
    childTokens: ['tokens', 'content'],
    start: windowed(indexOf('^[')),
    tokenizer(src) {
      const match = INLINE_FOOTNOTE_RE.exec(src)
      // marked-footnote keeps its list as the first top-level token once the document has any block.
      const footnotes = this.lexer.tokens[0] as unknown as FootnotesToken | undefined
      if (!match || footnotes?.type !== 'footnotes') return undefined
      const label = `inline-${footnotes.rawItems.length + 1}`
      const text = match[1]!.trim()
      const content: Token[] = [{ type: 'paragraph', raw: text, text, tokens: this.lexer.inlineTokens(text) }]
      footnotes.rawItems.push({ type: 'footnote', raw: '', label, refs: [], content })
      // `content` is kept on the token too, so walking the tokens (the build collecting links) sees it.
      return { type: 'inlineFootnote', raw: match[0], tokens: this.lexer.inlineTokens(`[^${label}]`), content }
    },
    renderer(token) {
      return this.parser.parseInline((token as Tokens.Generic).tokens ?? [])
    },
  }
}
