/** `==text==` → `<mark>` (OFM-SPEC F01); inline markdown inside is rendered. */
import { windowed, indexOf } from './start.ts'
import type { TokenizerAndRendererExtension, Tokens } from 'marked'

/** 1: the highlighted text: not starting or ending with a space, no `==` inside. */
const HIGHLIGHT_RE = /^==(?!\s)((?:[^=\n]|=(?!=))+?)(?<!\s)==/

export function highlightExtension(): TokenizerAndRendererExtension {
  return {
    name: 'highlight',
    level: 'inline',
    start: windowed(indexOf('==')),
    tokenizer(src) {
      const match = HIGHLIGHT_RE.exec(src)
      if (!match) return undefined
      return { type: 'highlight', raw: match[0], tokens: this.lexer.inlineTokens(match[1]!) }
    },
    renderer(token) {
      return `<mark>${this.parser.parseInline((token as Tokens.Generic).tokens ?? [])}</mark>`
    },
  }
}
