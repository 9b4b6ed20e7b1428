/**
 * `> [!type]± Title` callouts (OFM-SPEC C01–C13, Obsidian help "Callouts").
 * Foldable callouts are `<details>`, so they open and close without JavaScript.
 */
import { lineStart } from './start.ts'
import type { TokenizerAndRendererExtension, Token, Tokens } from 'marked'
import { escapeHtml } from '../html.ts'

/** Where this block can start a line (for start()). */
const CALLOUT_START = / {0,3}>[ \t]?\[!/

/**
 * 1: type identifier, 2: fold marker `+`/`-`, 3: title text;
 * then every following line that is still part of the quote (starts with `>`).
 */
const CALLOUT_RE = /^ {0,3}>[ \t]?\[!([^\]\s]+)\]([+-]?)[ \t]*([^\n]*)(?:\n|$)((?: {0,3}>[^\n]*(?:\n|$))*)/

/** Each built-in type and its aliases (C11). Unknown types are styled as `note` (C10). */
const CALLOUT_ALIASES: Record<string, string> = {
  note: 'note',
  abstract: 'abstract',
  summary: 'abstract',
  tldr: 'abstract',
  info: 'info',
  todo: 'todo',
  tip: 'tip',
  hint: 'tip',
  important: 'tip',
  success: 'success',
  check: 'success',
  done: 'success',
  question: 'question',
  help: 'question',
  faq: 'question',
  warning: 'warning',
  caution: 'warning',
  attention: 'warning',
  failure: 'failure',
  fail: 'failure',
  missing: 'failure',
  danger: 'danger',
  error: 'danger',
  bug: 'bug',
  example: 'example',
  quote: 'quote',
  cite: 'quote',
}

/** The style a type identifier gets: `FAQ` → `question`, `custom` → `note`. */
function calloutKind(type: string): string {
  return CALLOUT_ALIASES[type.toLowerCase()] ?? 'note'
}

interface CalloutToken extends Tokens.Generic {
  type: 'callout'
  raw: string
  /** The identifier as written, lower-cased (kept for CSS, C10). */
  calloutType: string
  fold: '' | '+' | '-'
  titleTokens: Token[]
  tokens: Token[]
}

export function calloutExtension(): TokenizerAndRendererExtension {
  return {
    name: 'callout',
    level: 'block',
    start: (src) => lineStart(src, CALLOUT_START),
    childTokens: ['titleTokens', 'tokens'],
    tokenizer(src) {
      const match = CALLOUT_RE.exec(src)
      if (!match) return undefined
      const [raw, type, fold, title, rest] = match
      const calloutType = type!.toLowerCase()
      const titleText = title!.trim() || calloutType.charAt(0).toUpperCase() + calloutType.slice(1)
      const body = rest!.replace(/^ {0,3}>[ \t]?/gm, '')
      const token: CalloutToken = {
        type: 'callout',
        raw: raw,
        calloutType,
        fold: fold as CalloutToken['fold'],
        // Queued with the rest of the inline text (not lexed now): footnote references in a title
        // need the footnote list, which the block pass has not started yet.
        titleTokens: this.lexer.inline(titleText),
        tokens: this.lexer.blockTokens(body, []),
      }
      return token
    },
    renderer(token) {
      const { calloutType, fold, titleTokens, tokens } = token as CalloutToken
      const kind = calloutKind(calloutType)
      const title = this.parser.parseInline(titleTokens)
      const content = tokens.length ? `<div class="callout-content">\n${this.parser.parse(tokens)}</div>\n` : ''
      const data = `class="callout callout-${kind}" data-callout="${escapeHtml(calloutType)}"`
      if (fold === '') {
        return `<div ${data}>\n<div class="callout-title"><span class="callout-icon" aria-hidden="true"></span>${title}</div>\n${content}</div>\n`
      }
      const open = fold === '+' ? ' open' : ''
      return `<details ${data} data-callout-fold="${fold}"${open}>\n<summary class="callout-title"><span class="callout-icon" aria-hidden="true"></span>${title}</summary>\n${content}</details>\n`
    },
  }
}
