/**
 * Stage 2's draft of a note's body: rendered where the note is parsed (on every core), from the
 * tokens just lexed, before the vault is resolved, so the build renders every note once and the
 * worker renders none it can be given (a page then costs it a slice of its pack, no markdown).
 *
 * Links are guessed from the vault's file names alone, and what the render read is written down:
 * the target it gave each link, each fragment (formula, highlighted code) it asked for. Assemble
 * (note-entries.ts) keeps the draft only when every one of those reads gives the same answer in the
 * resolved note (draftHolds), and renders the note again otherwise: a draft never changes a page. A note it shows is left as a mark, and rendered in its place by
 * assemble (src/core/render.ts, fillTransclusions). A render that reads the page's own slug (a
 * base's view of itself), or shows the note itself, is no draft at all.
 */
import type { Marked, Token } from 'marked'
import { LinkResolver } from '../../src/core/links.ts'
import type { RenderContext } from '../../src/core/markdown/context.ts'
import { HeadingIds } from '../../src/core/markdown/heading.ts'
import type { LinkTarget, NoteRecord } from '../../src/core/records.ts'
import type { DraftedTransclusion } from '../../src/core/render.ts'
import { FRAGMENT_MARK, transclusionMark } from '../../src/core/render.ts'
import { labelSelects } from '../../src/core/sanitize.ts'
import type { Slug } from '../../src/core/slug.ts'
import { slugFromPath } from '../../src/core/slug.ts'

/** What the parse stage knows of the vault before any note is parsed: its line-break setting and its names. */
export interface ParseContext {
  /** Single newlines become `<br>` (the vault's setting): the notes are lexed as the worker lexes them. */
  breaks: boolean
  /** The vault's notes and attachments, by path: what a draft's links are guessed from. */
  notes: readonly string[]
  attachments: readonly string[]
}

export interface Draft {
  /** The body, each fragment as its key between two FRAGMENT_MARKs (src/core/render.ts, fillFragments). */
  html: string
  breaks: boolean
  /** The target it gave each link of the note (null: broken), as guessed from the vault's file names. */
  links: Record<string, LinkTarget | null>
  /** The fragments left as keys, and those asked for and not there (a code block no language highlights). */
  filled: string[]
  absent: string[]
  /** The notes it shows, in order, each left as its mark (src/core/render.ts, fillTransclusions). */
  transclusions: DraftedTransclusion[]
}

/**
 * A note that shows others is rendered by the build only from this many bytes of markdown: shorter,
 * the worker renders it from its records and theirs (under ~2 ms of CPU), so an edit of a note it
 * shows rewrites no pack of its own.
 */
export const PRERENDER_FROM = 16 * 1024

/** What a draft reads of its note. */
interface DraftNote {
  path: string
  slug: Slug
  body: string
  occurrences: readonly { key: string; kind: 'link' | 'embed'; path: string; anchor: string }[]
  prerendered: Readonly<Record<string, string>>
}

/** Fragments the parse stage makes (formulas `m:`, highlighted code `c:`): the only ones a draft leaves as keys. */
const PARSED_FRAGMENT = /^[mc]:/

/**
 * One resolver per list of names: a worker thread parses its share of the notes with one, and
 * `npm run dev`'s saves with the same one while the vault's files stay the same lists.
 */
const resolvers = new WeakMap<readonly string[], { attachments: readonly string[]; resolver: LinkResolver }>()

function resolverOf(context: ParseContext): LinkResolver {
  const kept = resolvers.get(context.notes)
  if (kept?.attachments === context.attachments) return kept.resolver
  const resolver = new LinkResolver([
    ...context.notes.map((path) => ({ path, kind: 'note' as const, to: slugFromPath(path), aliases: [] })),
    ...context.attachments.map((path) => ({ path, kind: 'file' as const, to: slugFromPath(path), aliases: [] })),
  ])
  resolvers.set(context.notes, { attachments: context.attachments, resolver })
  return resolver
}

/** A link's target as resolve would give it when the note it reaches has the heading its anchor names. */
function guessTarget(resolver: LinkResolver, from: string, link: DraftNote['occurrences'][number]): LinkTarget | null {
  const entry = resolver.resolve(from, link.path)
  if (!entry) return null
  let anchor: string | undefined = link.anchor || undefined
  if (anchor && entry.kind === 'note' && !anchor.startsWith('^')) {
    const last = anchor
      .split('#')
      .filter((part) => part.trim())
      .at(-1)
    anchor = last === undefined ? undefined : new HeadingIds().next(last)
  }
  return anchor ? { to: entry.to, kind: entry.kind, anchor } : { to: entry.to, kind: entry.kind }
}

/**
 * The note's body rendered from `tokens` (lexed by `marked`, made with `ctx`), every read written
 * down; undefined when the render needs what only assemble has (a transclusion, the page's slug).
 */
export function draftBody(
  marked: Marked,
  ctx: RenderContext,
  tokens: Token[],
  note: DraftNote,
  context: ParseContext,
): Draft | undefined {
  const resolver = resolverOf(context)
  // Every link of the note guessed (a render reads nearly all), in a table without a prototype: a
  // key the note does not hold reads as undefined, as in the resolved table.
  const links: Record<string, LinkTarget | null> = Object.create(null)
  for (const link of note.occurrences)
    if (!(link.key in links)) links[link.key] = guessTarget(resolver, note.path, link)
  // A short note showing another is the worker's to render: not drafted.
  const shows = note.occurrences.some((link) => link.kind === 'embed' && links[link.key]?.kind === 'note')
  if (shows && note.body.length < PRERENDER_FROM) return undefined
  const transclusions: DraftedTransclusion[] = []
  const filled = new Set<string>()
  const absent = new Set<string>()
  let complete = true
  ctx.links = links
  ctx.fragment = (key) => {
    if (!Object.hasOwn(note.prerendered, key)) {
      absent.add(key)
      return undefined
    }
    if (!PARSED_FRAGMENT.test(key)) complete = false
    filled.add(key)
    return FRAGMENT_MARK + key + FRAGMENT_MARK
  }
  ctx.transclude = (target, fold) => {
    // A note showing itself shows a link (render.ts): what the draft cannot tell from a guess.
    if (target.to === note.slug) {
      complete = false
      return undefined
    }
    transclusions.push(fold ? { target, fold } : { target })
    return transclusionMark(transclusions.length - 1, fold)
  }
  ctx.headingIds = new HeadingIds()
  Object.defineProperty(ctx, 'slug', {
    get() {
      complete = false
      return note.slug
    },
  })
  const html = labelSelects(marked.parser(tokens))
  if (!complete) return undefined
  return { html, breaks: ctx.breaks, links, filled: [...filled], absent: [...absent], transclusions }
}

function sameTarget(a: LinkTarget | null, b: LinkTarget | null | undefined): boolean {
  if (!a || !b) return a === b
  return a.to === b.to && a.kind === b.kind && a.anchor === b.anchor && a.locked === b.locked
}

/**
 * Whether the draft is the body renderNote would make of `record` (showing no other note): every
 * link it guessed has the same target in the record's link table, every fragment it left as a key
 * is in the record, every one it missed is still missing, and the line-break setting is the same.
 */
export function draftHolds(draft: Draft | undefined, record: NoteRecord, breaks: boolean): draft is Draft {
  if (!draft || draft.breaks !== breaks) return false
  for (const key of Object.keys(draft.links)) {
    const now = Object.hasOwn(record.links, key) ? record.links[key] : undefined
    if (!sameTarget(draft.links[key], now)) return false
  }
  return (
    draft.filled.every((key) => Object.hasOwn(record.prerendered, key)) &&
    draft.absent.every((key) => !Object.hasOwn(record.prerendered, key))
  )
}
