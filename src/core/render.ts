/**
 * Markdown → HTML for one note, with its own link table, and the notes it transcludes
 * (already read from KV by the caller). Pure: no KV, no Hono.
 */
import { joinBytes } from './bytes.ts'
import type { Marked, Token, Tokens } from 'marked'
import type { LinkTarget, NoteRecord } from './records.ts'
import { escapeHtml } from './html.ts'
import { labelSelects } from './sanitize.ts'
import type { RenderContext } from './markdown/context.ts'
import { hrefFor } from './markdown/context.ts'
import { HeadingIds, plainText } from './markdown/heading.ts'
import { createMarked, lexMarkdown } from './markdown/index.ts'

/**
 * How deep transclusions nest (OFM-SPEC U06): a page, a note it embeds, a note that one embeds,
 * and one more. Deeper embeds, and any embed of a note already being shown, render as links.
 */
export const MAX_EMBED_DEPTH = 3

/**
 * The part of a note an embed shows (OFM-SPEC E01–E04, U07): the whole note; a heading and
 * everything up to the next heading of the same or higher level; or the block with that id.
 */
function sectionTokens(tokens: Token[], anchor: string | undefined): Token[] {
  if (!anchor) return tokens
  if (anchor.startsWith('^')) {
    const id = anchor.slice(1)
    const block = findBlock(tokens, id)
    return block ? [block] : []
  }
  const ids = new HeadingIds()
  const start = tokens.findIndex((token) => token.type === 'heading' && ids.next(plainText(token.tokens)) === anchor)
  if (start === -1) return []
  const depth = (tokens[start] as Tokens.Heading).depth
  const end = tokens.findIndex(
    (token, i) => i > start && token.type === 'heading' && (token as Tokens.Heading).depth <= depth,
  )
  return tokens.slice(start, end === -1 ? undefined : end)
}

function findBlock(tokens: Token[], id: string): Token | undefined {
  for (const token of tokens) {
    if (token.type === 'blockAnchor' && (token as Tokens.Generic).id === id) return token
    if (token.type === 'list') {
      const item = (token as Tokens.List).items.find(
        (it) => it.tokens[0]?.type === 'html' && (it.tokens[0] as Tokens.HTML).text.includes(`id="^${id}"`),
      )
      if (item) return { ...(token as Tokens.List), items: [item] }
    }
    const children = (token as Tokens.Generic).tokens
    const found = Array.isArray(children) ? findBlock(children, id) : undefined
    if (found) return found
  }
  return undefined
}

export interface RenderOptions {
  /** Single newlines become `<br>` (SiteRecord.breaks). */
  breaks: boolean
}

/** Renders a note body. `embedded` holds the records of the notes in `record.embeds` that exist. */
export function renderNote(
  record: NoteRecord,
  embedded: ReadonlyMap<string, NoteRecord>,
  options: RenderOptions = { breaks: false },
): string {
  return noteRenderer(embedded, options).render(record, undefined, 'footnote-', [record.slug])
}

/**
 * A transclusion the build's draft of a body left as its place (stages/draft.ts): the link it
 * came from, as renderEmbed hands it to the context.
 */
export interface DraftedTransclusion {
  target: LinkTarget
  fold?: 'open' | 'closed'
}

/**
 * What stands for the draft's `index`th transclusion in its HTML: the tag its HTML opens with
 * (renderers look: a block embed of a note is not wrapped in a paragraph), then its number between
 * two FRAGMENT_MARKs.
 */
export function transclusionMark(index: number, fold: 'open' | 'closed' | undefined): string {
  return `${openingOf(fold)}${FRAGMENT_MARK}T:${index}${FRAGMENT_MARK}`
}

const openingOf = (fold: 'open' | 'closed' | undefined) => (fold ? '<details' : '<div')

/**
 * The body renderNote makes of `record`, from a draft of its own HTML whose transclusions are
 * marks (transclusionMark), each rendered here in order as renderNote would (so footnote ids are
 * numbered the same); undefined when a mark is not where the draft said, or a note cannot be shown.
 */
export function fillTransclusions(
  record: NoteRecord,
  embedded: ReadonlyMap<string, NoteRecord>,
  options: RenderOptions,
  draft: { html: string; transclusions: readonly DraftedTransclusion[] },
  keep?: KeepLexed,
): string | undefined {
  const { transclude } = noteRenderer(embedded, options, keep)
  const parts = draft.html.split(FRAGMENT_MARK)
  let next = 0
  for (let i = 1; i < parts.length; i += 2) {
    if (!parts[i]!.startsWith('T:')) {
      // A fragment's key (the worker fills it in): kept as it is.
      parts[i] = FRAGMENT_MARK + parts[i]! + FRAGMENT_MARK
      continue
    }
    const shown = draft.transclusions[next]
    const opening = openingOf(shown?.fold)
    if (parts[i] !== `T:${next}` || !shown || !parts[i - 1]!.endsWith(opening)) return undefined
    const html = transclude([record.slug], shown.target, shown.fold)
    if (html === undefined) return undefined
    parts[i - 1] = parts[i - 1]!.slice(0, -opening.length)
    parts[i] = html
    next += 1
  }
  return next === draft.transclusions.length ? parts.join('') : undefined
}

/** A note lexed to be shown: its tokens, and the marked (and context) they were lexed and are rendered with. */
export interface LexedNote {
  marked: Marked
  tokens: Token[]
  ctx: RenderContext
}

/**
 * How a caller keeps lexed notes from page to page (the build, from build to build: a note shown
 * by many pages is lexed once): `lex()` when it has none for the note as it is (its body, links,
 * build-made HTML) under these options. Rendering never edits the tokens.
 */
export type KeepLexed = (note: NoteRecord, options: RenderOptions, lex: () => LexedNote) => LexedNote

/** The render of one page: the notes it shows lexed once each, its transclusions numbered in order. */
function noteRenderer(embedded: ReadonlyMap<string, NoteRecord>, options: RenderOptions, keep?: KeepLexed) {
  let transclusions = 0
  const lexedBySlug = new Map<string, LexedNote>()
  const transclude = (
    chain: readonly string[],
    target: LinkTarget,
    fold: 'open' | 'closed' | undefined,
  ): string | undefined => {
    const source = embedded.get(target.to)
    if (!source || chain.length > MAX_EMBED_DEPTH || chain.includes(source.slug)) return undefined
    transclusions += 1
    const inner = render(source, target.anchor, `t${transclusions}-footnote-`, [...chain, source.slug])
    const title = escapeHtml(source.title)
    const slug = escapeHtml(source.slug)
    const link = `<a class="internal" href="${escapeHtml(hrefFor(target))}">${title}</a>`
    // Folded (Quartz's `{collapsed: true}`) or foldable: a <details>, which needs no script.
    if (fold)
      // The summary is the note's title; its link (no link inside a summary: nested controls) comes first inside.
      return `<details class="transclude" data-slug="${slug}"${fold === 'open' ? ' open' : ''}>\n<summary class="transclude-source">${title}</summary>\n<p class="transclude-source">${link}</p>\n${inner}</details>\n`
    return `<div class="transclude" data-slug="${slug}">\n<p class="transclude-source">${link}</p>\n${inner}</div>\n`
  }
  const render = (
    note: NoteRecord,
    anchor: string | undefined,
    footnotePrefix: string,
    chain: readonly string[],
  ): string => {
    const ctx: RenderContext = {
      links: note.links,
      headingIds: new HeadingIds(),
      footnotePrefix,
      fragment: (key) => note.prerendered[key],
      breaks: options.breaks,
      slug: note.slug,
      transclude: (target, fold) => transclude(chain, target, fold),
    }
    // A note transcluded several times on one page is lexed once.
    let lexed = lexedBySlug.get(note.slug)
    if (!lexed) {
      const lex = () => {
        const marked = createMarked(ctx)
        return { marked, tokens: lexMarkdown(marked, note.body), ctx }
      }
      lexed = keep ? keep(note, options, lex) : lex()
      lexedBySlug.set(note.slug, lexed)
    }
    Object.assign(lexed.ctx, {
      headingIds: ctx.headingIds,
      footnotePrefix: ctx.footnotePrefix,
      transclude: ctx.transclude,
    })
    return labelSelects(lexed.marked.parser(sectionTokens(lexed.tokens, anchor)))
  }
  return { render, transclude }
}

/**
 * A body the build rendered before the vault was resolved (scripts/stages/draft.ts) holds each
 * formula and highlighted code block as its key between two NUL characters, a character no
 * rendered markdown holds (marked reads it as U+FFFD): the record's own fragments (its
 * `prerendered`, the formulas of its pack) fill them in, so a formula's HTML is stored once.
 */
export const FRAGMENT_MARK = '\u0000'

/**
 * fillFragments on UTF-8: the body's bytes with each key's fragment bytes in its place (nothing
 * decoded but the keys); undefined when one is missing.
 */
export function fillFragmentBytes(
  bytes: Uint8Array,
  fragment: (key: string) => Uint8Array | undefined,
): Uint8Array | undefined {
  const chunks: Uint8Array[] = []
  let from = 0
  for (let odd = false; from <= bytes.length; odd = !odd) {
    let to = bytes.indexOf(0, from)
    if (to === -1) to = bytes.length
    const part = bytes.subarray(from, to)
    const chunk = odd ? fragment(keyDecoder.decode(part)) : part
    if (chunk === undefined) return undefined
    chunks.push(chunk)
    from = to + 1
  }
  return joinBytes(chunks)
}

const keyDecoder = new TextDecoder()

/** The body with its fragments filled in; undefined when one of them is missing (then render it instead). */
export function fillFragments(html: string, fragment: (key: string) => string | undefined): string | undefined {
  if (!html.includes(FRAGMENT_MARK)) return html
  // Text, key, text, key, …, text: the keys are the odd parts.
  const parts = html.split(FRAGMENT_MARK)
  for (let i = 1; i < parts.length; i += 2) {
    const found = fragment(parts[i]!)
    if (found === undefined) return undefined
    parts[i] = found
  }
  return parts.join('')
}
