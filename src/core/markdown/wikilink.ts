/**
 * `[[path#anchor|alias]]`: Obsidian's internal link (OFM-SPEC L01, H01–H04, B01, D01–D04).
 * The link's target is looked up in the record's link table, which the build filled in.
 */
import { windowed, indexOf } from './start.ts'
import type { TokenizerAndRendererExtension, Tokens } from 'marked'
import type { RenderContext } from './context.ts'
import { escapeHtml } from '../html.ts'
import { hrefFor } from './context.ts'

/**
 * 1: everything between `[[` and `]]` (no brackets, no newline). An anchor starting with `{` is
 * Quartz's option syntax (`[[note#{collapsed: true}]]`), not Obsidian's: it stays text (U09).
 */
const WIKILINK_RE = /^\[\[(?![^[\]\n]*#\s*\{)([^[\]\n]+?)\]\]/

/** The parts of a wikilink's inner text. */
export interface WikilinkParts {
  /** Link-table key: `path#anchor` as written, trimmed. */
  key: string
  path: string
  /** Text after the first `#` (`Heading`, `A#B`, `^block`), '' when none. */
  anchor: string
  alias?: string
}

/** Splits `path#anchor|alias`; a `\|` (as written inside tables, D04) also separates the alias. */
export function parseWikilink(inner: string): WikilinkParts {
  const pipe = inner.indexOf('|')
  const target = (pipe === -1 ? inner : inner.slice(0, pipe).replace(/\\$/, '')).trim()
  const alias = pipe === -1 ? undefined : inner.slice(pipe + 1).trim()
  const hash = target.indexOf('#')
  const path = (hash === -1 ? target : target.slice(0, hash)).trim()
  const anchor = hash === -1 ? '' : target.slice(hash + 1).trim()
  const key = anchor ? `${path}#${anchor}` : path
  return alias === undefined || alias === '' ? { key, path, anchor } : { key, path, anchor, alias }
}

/** The text a link without an alias shows: `Note > Heading` as Obsidian shows it (H04). */
export function defaultLinkText(parts: WikilinkParts): string {
  const anchors = parts.anchor
    .split('#')
    .map((part) => part.trim())
    .filter(Boolean)
  return [parts.path, ...anchors].filter(Boolean).join(' > ')
}

interface WikilinkToken extends Tokens.Generic {
  type: 'wikilink'
  raw: string
  parts: WikilinkParts
}

/** Renders a link whose target is `key` in the context's link table, showing `text` (already HTML). */
export function renderLink(ctx: RenderContext, key: string, textHtml: string): string {
  const target = ctx.links[key]
  if (!target) {
    return `<a class="internal broken" title="${escapeHtml(`Not published: ${key}`)}">${textHtml}</a>`
  }
  if (target.locked) {
    // A protected note (scripts/stages/access.ts): the writer's text and the way to sign in, nothing of the note.
    return `<a class="internal locked" href="${escapeHtml(hrefFor(target))}">${textHtml}</a>`
  }
  const cls = target.kind === 'file' ? 'internal file' : 'internal'
  return `<a class="${cls}" href="${escapeHtml(hrefFor(target))}">${textHtml}</a>`
}

export function wikilinkExtension(ctx: RenderContext): TokenizerAndRendererExtension {
  return {
    name: 'wikilink',
    level: 'inline',
    start: windowed(indexOf('[[')),
    tokenizer(src) {
      const match = WIKILINK_RE.exec(src)
      if (!match) return undefined
      const token: WikilinkToken = { type: 'wikilink', raw: match[0], parts: parseWikilink(match[1]!) }
      return token
    },
    renderer(token) {
      const { parts } = token as WikilinkToken
      return renderLink(ctx, parts.key, escapeHtml(parts.alias ?? defaultLinkText(parts)))
    },
  }
}
