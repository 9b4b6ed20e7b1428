/**
 * Block ids (OFM-SPEC B02–B05): `text ^id` at the end of a paragraph or list item, or `^id` on
 * its own line after a list, quote, callout or table. The `^id` text is never shown; the block
 * it names gets `id="^id"` so `[[Note#^id]]` lands on it.
 */
import { lineStart, windowed } from './start.ts'
import type { Token, TokenizerAndRendererExtension, Tokens } from 'marked'
import { escapeHtml } from '../html.ts'

/** Where this block can start a line (for start()). */
const BLOCK_ID_START = / {0,3}\^[A-Za-z0-9-]+[ \t]*(?:\n|$)/

/** Inline form, at the very end of a paragraph's text: 1 = id (Latin letters, digits, dashes only). */
const INLINE_BLOCK_ID_RE = /^\s+\^([A-Za-z0-9-]+)\s*$/
/** Standalone form, a line of its own: 1 = id. */
const BLOCK_ID_LINE_RE = /^ {0,3}\^([A-Za-z0-9-]+)[ \t]*(?:\n+|$)/

interface BlockIdToken extends Tokens.Generic {
  type: 'blockId' | 'blockIdLine'
  raw: string
  id: string
}

/** A block carrying an id: rendered as `<div id="^id">` around it. */
interface BlockAnchorToken extends Tokens.Generic {
  type: 'blockAnchor'
  raw: string
  id: string
  tokens: Token[]
}

export function blockIdExtensions(): TokenizerAndRendererExtension[] {
  return [
    {
      name: 'blockIdLine',
      level: 'block',
      start: (src) => lineStart(src, BLOCK_ID_START),
      tokenizer(src) {
        const match = BLOCK_ID_LINE_RE.exec(src)
        if (!match) return undefined
        const token: BlockIdToken = { type: 'blockIdLine', raw: match[0], id: match[1]! }
        return token
      },
      renderer: () => '',
    },
    {
      name: 'blockId',
      level: 'inline',
      start: windowed((src) => src.match(/\s\^[A-Za-z0-9-]+\s*$/)?.index),
      tokenizer(src) {
        const match = INLINE_BLOCK_ID_RE.exec(src)
        if (!match) return undefined
        const token: BlockIdToken = { type: 'blockId', raw: match[0], id: match[1]! }
        return token
      },
      // Ids that name a paragraph or list item were moved onto it by attachBlockIds; one left here
      // (in a table cell, a heading) cannot name a block (B06) and stays text.
      renderer: (token) => escapeHtml(token.raw),
    },
    {
      name: 'blockAnchor',
      level: 'block',
      renderer(token) {
        const { id, tokens } = token as BlockAnchorToken
        return `<div class="block" id="^${id}">\n${this.parser.parse(tokens)}</div>\n`
      },
    },
  ]
}

/** Removes a trailing inline block id from a token's inline children; returns the id. */
function takeTrailingId(token: Token): string | undefined {
  if (!('tokens' in token) || !Array.isArray(token.tokens)) return undefined
  const last = token.tokens.at(-1)
  if (last?.type !== 'blockId') return undefined
  token.tokens.pop()
  return (last as BlockIdToken).id
}

/**
 * Moves every block id onto the block it names, as a `blockAnchor` wrapper (or, in a list item,
 * an anchor at the item's start). Changes `tokens` in place (marked-footnote keeps a reference to
 * the top-level list) and returns it.
 */
export function attachBlockIds<T extends Token[]>(tokens: T): T {
  const out: Token[] = []
  for (const token of tokens) {
    if (token.type === 'list') {
      for (const item of (token as Tokens.List).items) {
        // `^id` on an indented line of its own inside the item names the item (B04).
        const line = item.tokens.find((child) => child.type === 'blockIdLine')
        if (line) item.tokens = item.tokens.filter((child) => child !== line)
        item.tokens = attachBlockIds(item.tokens)
        const text = item.tokens.find((child) => child.type === 'text' || child.type === 'paragraph')
        const id = (line as BlockIdToken | undefined)?.id ?? (text && takeTrailingId(text))
        if (id)
          item.tokens.unshift({
            type: 'html',
            raw: '',
            text: `<span class="block" id="^${id}"></span>`,
            block: false,
            pre: false,
          })
      }
    } else if (token.type === 'callout' || token.type === 'blockquote' || token.type === 'blockAnchor') {
      const children = (token as Tokens.Generic).tokens
      if (children) (token as Tokens.Generic).tokens = attachBlockIds(children)
    }
    // `> [!info] Title ^id`: an id ending a title-only callout names the callout.
    const titleId =
      token.type === 'callout'
        ? takeTrailingId({ type: 'text', raw: '', text: '', tokens: (token as Tokens.Generic).titleTokens })
        : undefined
    if (titleId) {
      out.push(anchor(titleId, token))
      continue
    }
    if (token.type === 'blockIdLine') {
      const previous = [...out].reverse().find((t) => t.type !== 'space')
      if (previous && previous.type !== 'blockAnchor') {
        out.splice(out.lastIndexOf(previous), 1, anchor((token as BlockIdToken).id, previous))
        continue
      }
      out.push({
        type: 'paragraph',
        raw: token.raw,
        text: token.raw.trim(),
        tokens: [{ type: 'text', raw: token.raw.trim(), text: token.raw.trim() }],
      })
      continue
    }
    const id = token.type === 'paragraph' ? takeTrailingId(token) : undefined
    out.push(id ? anchor(id, token) : token)
  }
  tokens.splice(0, tokens.length, ...out)
  return tokens
}

function anchor(id: string, token: Token): BlockAnchorToken {
  return { type: 'blockAnchor', raw: token.raw, id, tokens: [token] }
}
