/**
 * Stage 2, parse: each note's source → a ParsedNote. Frontmatter (YAML only), then one lex of the
 * body with the worker's own extensions (src/core/markdown/), walked once to collect what later
 * stages need: headings, block ids, links and embeds with their lines, tags, and the HTML the build
 * makes once (KaTeX formulas, highlighted code). Note by note, so it runs on every core
 * (scripts/parse-worker.ts); nothing here looks at another note.
 */
import type { Token, Tokens } from 'marked'
import { codeKey, mathKey } from '../../src/core/hash.ts'
import { HeadingIds, plainText } from '../../src/core/markdown/heading.ts'
import { plainBody, searchTerms } from '../../src/core/search.ts'
import { createMarked, lexContext, lexMarkdown, markdownLinkKey } from '../../src/core/markdown/index.ts'
import type { WikilinkParts } from '../../src/core/markdown/wikilink.ts'
import { parseWikilink } from '../../src/core/markdown/wikilink.ts'
import type { Slug } from '../../src/core/slug.ts'
import { slugFromPath, slugFromUrlPath } from '../../src/core/slug.ts'
import { parseFrontmatter } from '../frontmatter.ts'
import { internalLinkNodes } from '../mermaid-links.ts'
import type { Prerendered } from '../prerender.ts'
import { prerenderCode, prerenderMath } from '../prerender.ts'
import type { NoteSource, Problem } from './read.ts'
import { GROUP_RE } from '../../src/core/groups.ts'
import type { LinkTarget } from '../../src/core/records.ts'
import { RECORD_VERSION, RECORDS } from '../../src/core/records.ts'
import type { Draft, ParseContext } from './draft.ts'
import { draftBody } from './draft.ts'

/** One link, embed or markdown link found in a body. */
interface Occurrence {
  key: string
  kind: 'link' | 'embed'
  path: string
  anchor: string
  line: number
  /** How the writer wrote it, for messages. */
  written: string
  /** Its line as plain text, shortened: what a backlink from it shows (undefined for a line of no words, or outside the body). */
  context: string | undefined
}

export interface ParsedNote {
  path: string
  slug: Slug
  data: Record<string, unknown>
  body: string
  title: string
  aliases: string[]
  headings: { depth: number; text: string; id: string }[]
  blocks: Set<string>
  occurrences: Occurrence[]
  /** Tags written in the body (`#tag`), as first written. */
  inlineTags: string[]
  /** HTML made once by the build, by src/core/hash.ts key: typeset formulas, highlighted code. */
  prerendered: Record<string, string>
  /** The keys of what this stage put in `prerendered`: a body the build renders leaves them as keys (stages/draft.ts). */
  typeset: string[]
  /** Keys of the formulas the body shows (their HTML is in `prerendered`). */
  math: Set<string>
  /** The body has a Mermaid diagram. */
  hasDiagrams: boolean
  /** Lines taken by the frontmatter: a file line minus this is a body line. */
  bodyLine: number
  /** Mermaid diagrams with `internal-link` nodes: their source and node id → note name. */
  diagrams: { text: string; nodes: Map<string, string> }[]
  /** Words a reader sees in the body. */
  words: number
  /** ```base blocks (BASES B02): their YAML and the file line the block starts on. */
  baseBlocks: { text: string; line: number }[]
  /** Resolvable but never a page: a `.base` file in the template folder (scripts/stages/bases.ts). */
  hidden?: boolean
  /** The search terms of the headings and of the body, each once (src/core/search.ts). */
  terms: { heading: string[]; body: string[] }
  /** Its `x:` record as stored (its title and plain text, for search results), made where it was parsed. */
  searchText: string
  /** `access: <group>` in the frontmatter: only that group's readers may see it (stages/access.ts). */
  access?: string
  /** The body rendered here, before the vault is resolved (stages/draft.ts), when the parse was given the vault's names. */
  draft?: Draft
}

/** The words of a plain text: the runs of characters between spaces (counted, not split into a list). */
function countWords(plain: string): number {
  let words = 0
  let inWord = false
  for (let i = 0; i < plain.length; i++) {
    const space = plain.charCodeAt(i) === 32
    if (!space && !inWord) words += 1
    inWord = !space
  }
  return words
}

export function stringList(value: unknown): string[] {
  if (typeof value === 'string')
    return value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)
  if (Array.isArray(value))
    return value
      .filter((item): item is string | number => typeof item === 'string' || typeof item === 'number')
      .map(String)
  return []
}

/** Frontmatter tags, then body tags; one entry per tag ignoring case (OFM-SPEC T06), `#` dropped. */
export function mergeTags(...lists: string[][]): string[] {
  const seen = new Map<string, string>()
  for (const tag of lists.flat()) {
    const clean = tag.replace(/^#/, '').trim()
    if (clean && !seen.has(clean.toLowerCase())) seen.set(clean.toLowerCase(), clean)
  }
  return [...seen.values()]
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}

function isDraft(data: Record<string, unknown>): boolean {
  return data.draft === true || data.draft === 'true' || data.publish === false || data.publish === 'false'
}

/** Where the last search ended: `at` is an offset in the body, on line `line` (1-based). */
interface Cursor {
  at: number
  line: number
}

/**
 * The line (1-based) of `raw`, searching forward from `cursor` (links come in document order,
 * so lines are counted once per note); falls back to a search from the start.
 */
function locate(body: string, raw: string, cursor: Cursor): number {
  let from = cursor
  let index = body.indexOf(raw, cursor.at)
  if (index === -1) {
    from = { at: 0, line: 1 }
    index = body.indexOf(raw)
  }
  // Inside a table cell the writer typed `\|`; marked hands over `|`.
  if (index === -1 && raw.includes('|') && !raw.includes('\\|')) return locate(body, raw.replace(/\|/g, '\\|'), cursor)
  if (index === -1) return 1
  let line = from.line
  for (let i = body.indexOf('\n', from.at); i !== -1 && i < index; i = body.indexOf('\n', i + 1)) line += 1
  cursor.at = index
  cursor.line = line
  return line
}

/** `formulas` is shared by every note of the build: each distinct formula or code block is rendered once. */
/** A note, or 'draft' when its frontmatter keeps it unpublished; undefined when it cannot be one (empty). */
function parseNote(
  file: NoteSource,
  problems: Problem[],
  formulas: Map<string, Prerendered>,
  known: ReadonlyMap<string, Prerendered> | undefined,
  context: ParseContext | undefined,
): ParsedNote | 'draft' | undefined {
  if (file.invalidUtf8)
    problems.push({ file: file.path, message: 'not valid UTF-8: the bytes that are not were replaced with �' })
  if (file.source.trim() === '') {
    problems.push({ file: file.path, message: 'empty note; skipped' })
    return undefined
  }
  const { data, body, bodyLine, problem } = parseFrontmatter(file.source)
  if (problem) problems.push({ file: file.path, line: problem.line, message: problem.message })
  // Template placeholders (`{{date}}`) left in the frontmatter of a note made from a template.
  const frontmatterLines = bodyLine ? file.source.split('\n', bodyLine) : []
  const placeholder = frontmatterLines.findIndex((line) => /\{\{[^{}\n]*\}\}/.test(line))
  if (placeholder !== -1 && !problem) {
    problems.push({
      file: file.path,
      line: placeholder + 1,
      message: `template placeholder left in the frontmatter: ${frontmatterLines[placeholder]!.trim()}`,
    })
  }
  if (isDraft(data)) return 'draft'
  const access = data.access
  if (access !== undefined && access !== null && !(typeof access === 'string' && GROUP_RE.test(access.trim()))) {
    // A protected note with a misspelt group must not become public: it is not published at all.
    const line = frontmatterLines.findIndex((text) => /^access\s*:/.test(text))
    problems.push({
      file: file.path,
      ...(line === -1 ? {} : { line: line + 1 }),
      message: `not published: "access" must be one group's name (letters, digits, - and _), not ${JSON.stringify(access)}`,
    })
    return undefined
  }
  const name = file.path.slice(file.path.lastIndexOf('/') + 1).replace(/\.md$/i, '')
  const ctx = lexContext()
  // Lexed as the worker lexes (line breaks and all), so the draft is rendered from these tokens.
  ctx.breaks = context?.breaks ?? false
  const marked = createMarked(ctx)
  const tokens = lexMarkdown(marked, body, () =>
    problems.push({
      file: file.path,
      message: 'nested too deeply to render (thousands of quote or list levels); published as plain text',
    }),
  )
  const headingIds = new HeadingIds()
  const headings: ParsedNote['headings'] = []
  const blocks = new Set<string>()
  const occurrences: Occurrence[] = []
  const inlineTags: string[] = []
  const diagrams: ParsedNote['diagrams'] = []
  const baseBlocks: ParsedNote['baseBlocks'] = []
  // Keyed by formula: without a prototype, a dictionary from the start (see PostedNote).
  const prerendered: Record<string, string> = Object.create(null)
  const math = new Set<string>()
  let hasDiagrams = false
  const cursor: Cursor = { at: 0, line: 1 }
  const contextOf = lineContexts(body, bodyLine)
  const add = (kind: Occurrence['kind'], parts: Pick<WikilinkParts, 'key' | 'path' | 'anchor'>, raw: string) => {
    const line = bodyLine + locate(body, raw, cursor)
    occurrences.push({ ...parts, kind, written: raw, line, context: contextOf(line) })
  }
  marked.walkTokens(tokens, (token: Token) => {
    switch (token.type) {
      case 'heading': {
        const text = plainText((token as Tokens.Heading).tokens)
        headings.push({ depth: (token as Tokens.Heading).depth, text, id: headingIds.next(text) })
        break
      }
      case 'blockAnchor':
        blocks.add((token as Tokens.Generic).id)
        break
      case 'html': {
        const id = /^<span class="block" id="\^([A-Za-z0-9-]+)">/.exec((token as Tokens.HTML).text)?.[1]
        if (id) blocks.add(id)
        break
      }
      case 'wikilink':
        add('link', (token as Tokens.Generic).parts, token.raw)
        break
      case 'tag':
        inlineTags.push((token as Tokens.Generic).tag)
        break
      case 'math':
      case 'mathBlock': {
        const { tex, display } = token as Tokens.Generic
        const key = mathKey(tex, display)
        math.add(key)
        let typeset = formulas.get(key)
        if (typeset === undefined) {
          typeset = known?.get(key) ?? prerenderMath(tex, display)
          formulas.set(key, typeset)
        }
        if (typeset.error)
          problems.push({
            file: file.path,
            line: bodyLine + locate(body, token.raw, { at: 0, line: 1 }),
            message: `math does not typeset: ${typeset.error}`,
          })
        prerendered[key] = typeset.html
        break
      }
      case 'code': {
        const { text, lang } = token as Tokens.Code
        const language = (lang ?? '').trim().split(/\s/)[0]!.toLowerCase()
        if (language === 'base') {
          // Evaluated with this note as `this` once the vault is resolved (scripts/stages/bases.ts).
          baseBlocks.push({ text, line: bodyLine + locate(body, token.raw, { at: 0, line: 1 }) + 1 })
          break
        }
        if (language === 'mermaid') {
          hasDiagrams = true
          const nodes = internalLinkNodes(text)
          if (nodes.size) diagrams.push({ text, nodes })
          break
        }
        const key = codeKey(language, text)
        const html = (formulas.get(key) ?? known?.get(key))?.html ?? prerenderCode(language, text)
        if (html === undefined) break
        prerendered[key] = html
        formulas.set(key, { html })
        break
      }
      case 'embed':
      case 'embedBlock':
        add('embed', (token as Tokens.Generic).parts, token.raw.trim())
        break
      case 'link':
      case 'image': {
        const href = (token as Tokens.Link).href
        const key = markdownLinkKey(href)
        if (key === undefined) break
        let decoded = href
        try {
          decoded = decodeURIComponent(href)
        } catch {
          // A stray `%` is part of the name (L03 asks for %20, but writers forget).
        }
        const hash = decoded.indexOf('#')
        const path = hash === -1 ? decoded : decoded.slice(0, hash)
        const anchor = hash === -1 ? '' : decoded.slice(hash + 1)
        add(token.type === 'image' ? 'embed' : 'link', { key, path, anchor }, token.raw)
        break
      }
    }
  })
  // Wikilinks written inside a description are links too: shown as links on the page (assemble).
  const description = typeof data.description === 'string' ? data.description : ''
  if (!PROPERTY_LINK_RE.test(description)) {
    for (const match of description.matchAll(/(?<!!)\[\[([^[\]\n]+)\]\]/g)) {
      const line = file.source.slice(0, Math.max(file.source.indexOf(match[0]), 0)).split('\n').length
      occurrences.push({ ...parseWikilink(match[1]!), kind: 'link', written: match[0], line, context: undefined })
    }
  }
  // Links in properties (`related: "[[Other]]"`, lists of them) count as links: backlinks (Y03, Y04).
  for (const [, value] of Object.entries(data)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      const inner = typeof item === 'string' ? PROPERTY_LINK_RE.exec(item)?.[1] : undefined
      if (inner === undefined) continue
      const line = file.source.slice(0, Math.max(file.source.indexOf(`[[${inner}]]`), 0)).split('\n').length
      occurrences.push({ ...parseWikilink(inner), kind: 'link', written: `[[${inner}]]`, line, context: undefined })
    }
  }
  const plain = plainBody(body)
  const slug = permalinkSlug(data.permalink) ?? slugFromPath(file.path)
  const title = optionalString(data.title) ?? name
  const draft =
    context && draftBody(marked, ctx, tokens, { path: file.path, slug, body, occurrences, prerendered }, context)
  return {
    path: file.path,
    slug,
    data,
    body,
    title,
    aliases: stringList(data.aliases ?? data.alias),
    headings,
    blocks,
    occurrences,
    inlineTags,
    prerendered,
    typeset: Object.keys(prerendered),
    math,
    hasDiagrams,
    bodyLine,
    diagrams,
    words: countWords(plain),
    baseBlocks,
    ...(typeof access === 'string' ? { access: access.trim().toLowerCase() } : {}),
    ...(draft ? { draft } : {}),
    terms: {
      heading: [...new Set(searchTerms(headings.map((heading) => heading.text).join(' ')))],
      body: [...new Set(searchTerms(plain))],
    },
    searchText: RECORDS.searchText.encode({ v: RECORD_VERSION, title, text: plain }),
  }
}

/** A property value that is one wikilink: 1 = its inner text. */
export const PROPERTY_LINK_RE = /^\s*!?\[\[([^[\]\n]+)\]\]\s*$/

/** `permalink: about` (Publish, OFM-SPEC Y14): the note's URL instead of its path. */
function permalinkSlug(value: unknown): Slug | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const match = slugFromUrlPath(`/${value.trim().replace(/^\/+/, '')}`)
  return match.kind === 'slug' ? match.slug : undefined
}

/** The parse of a batch of notes (or of all of them). */
export interface Parsed<Note> {
  /** Published notes, in path order (drafts left out). */
  notes: Note[]
  problems: Problem[]
  /** Rendered formulas and code blocks, by key. */
  formulas: Map<string, Prerendered>
  /** Paths of the notes left out by `draft: true` or `publish: false`. */
  drafts: string[]
}

export type ParsedVault = Parsed<ParsedNote>

/**
 * Parses notes. `known`: formulas and code typeset before (npm run dev's earlier parses), taken
 * as they are: a formula's HTML depends on its TeX alone, a code block's on its language and text.
 * With `context` (the vault's names and line-break setting), each note's body is drafted too.
 */
export function parseNotes(
  sources: readonly NoteSource[],
  known?: ReadonlyMap<string, Prerendered>,
  context?: ParseContext,
): ParsedVault {
  const problems: Problem[] = []
  const formulas = new Map<string, Prerendered>()
  const notes: ParsedNote[] = []
  const drafts: string[] = []
  for (const file of [...sources].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const note = parseNote(file, problems, formulas, known, context)
    if (note === 'draft') drafts.push(file.path)
    else if (note) notes.push(note)
  }
  return { notes, problems, formulas, drafts }
}

/**
 * A note as a parse thread posts it and the parse store keeps it (withoutFormulas): its tables by
 * key as lists of keys or of pairs. A structured clone or v8's deserialize makes a hidden class for
 * each new key of an object it rebuilds, and every note's formula keys and link names are new ones:
 * as objects, 10,000 notes' tables took the main thread about a second to take in; as lists, a tenth.
 */
export interface PostedNote extends Omit<ParsedNote, 'prerendered' | 'draft'> {
  prerendered: string[]
  draft?: Omit<Draft, 'links'> & { links: [string, LinkTarget | null][] }
}

export type PostedVault = Parsed<PostedNote>

/**
 * The vault as a worker thread posts it: the notes' prerendered HTML left out, for `formulas` holds
 * each once and a message would copy it again for every note that shows it (a 10,000-note vault's
 * notes show 125 million characters of formulas, 6 million of them different). withFormulas puts it back.
 */
export function withoutFormulas(parsed: ParsedVault): PostedVault {
  return {
    ...parsed,
    notes: parsed.notes.map(({ draft, ...note }) => ({
      ...note,
      prerendered: Object.keys(note.prerendered),
      ...(draft ? { draft: { ...draft, links: Object.entries(draft.links) } } : {}),
    })),
  }
}

/** A table by key without a prototype: V8 keeps it as a dictionary, not a hidden class for each new key. */
function table<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const made: Record<string, T> = Object.create(null)
  for (const [key, value] of entries) made[key] = value
  return made
}

/** The notes as parsed (after withoutFormulas): each prerendered key with the one HTML `formulas` holds for it. */
export function withFormulas(parsed: PostedVault): ParsedVault {
  return {
    ...parsed,
    notes: parsed.notes.map(({ draft, ...note }) => ({
      ...note,
      prerendered: table(note.prerendered.map((key) => [key, parsed.formulas.get(key)!.html] as const)),
      ...(draft ? { draft: { ...draft, links: table(draft.links) } } : {}),
    })),
  }
}

/** Merges the parses of several batches of notes (any order) into one, in path order. */
export function mergeParsed<Note extends { path: string }>(parts: readonly Parsed<Note>[]): Parsed<Note> {
  // 0 for the same path: the sort is stable, so one file's problems keep their order.
  const byPath = (a: { path?: string; file?: string }, b: { path?: string; file?: string }) => {
    const x = (a.path ?? a.file)!
    const y = (b.path ?? b.file)!
    return x < y ? -1 : x > y ? 1 : 0
  }
  return {
    notes: parts.flatMap((part) => part.notes).sort(byPath),
    problems: parts.flatMap((part) => part.problems).sort(byPath),
    formulas: new Map(parts.flatMap((part) => [...part.formulas])),
    drafts: parts.flatMap((part) => part.drafts).sort(),
  }
}

/**
 * The context a backlink shows, by file line: the body's line as plain text, at most 160 characters.
 * Made here, in the parse's threads, for every line a link is on: the resolve stage only picks them.
 */
function lineContexts(body: string, bodyLine: number): (fileLine: number) => string | undefined {
  let lines: string[] | undefined
  const known = new Map<number, string | undefined>()
  return (fileLine) => {
    if (known.has(fileLine)) return known.get(fileLine)
    lines ??= body.split('\n')
    const text = plainBody(lines[fileLine - bodyLine - 1] ?? '')
    const context = !text ? undefined : text.length > 160 ? `${text.slice(0, 157)}…` : text
    known.set(fileLine, context)
    return context
  }
}
