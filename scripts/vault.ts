/**
 * The build's pure core: the vault's files in, KV records out. No disk, no network.
 *
 *  1. parse each note's frontmatter (YAML only) and lex its body with the worker's own extensions;
 *  2. give every note and attachment its slug (src/core/slug.ts);
 *  3. resolve every wikilink, embed and markdown link (src/core/links.ts) and its `#heading`/`#^block`;
 *  4. invert the links into backlinks; hash each record with the notes it transcludes.
 */
import { createHash } from 'node:crypto'
import type { Token, Tokens } from 'marked'
import { joinPath, LinkResolver } from '../src/core/links.ts'
import type { VaultEntry } from '../src/core/links.ts'
import { createMarked, lexContext, lexMarkdown, markdownLinkKey } from '../src/core/markdown/index.ts'
import { HeadingIds, normalizeHeading, plainText } from '../src/core/markdown/heading.ts'
import type { WikilinkParts } from '../src/core/markdown/wikilink.ts'
import { parseWikilink } from '../src/core/markdown/wikilink.ts'
import { hrefFor } from '../src/core/markdown/context.ts'
import type {
  Backlink,
  FolderRecord,
  LinkTarget,
  NoteRecord,
  RedirectRecord,
  SiteRecord,
  TagIndexRecord,
  TagRecord,
} from '../src/core/record.ts'
import { tagPath } from '../src/core/markdown/tag.ts'
import { RECORD_VERSION } from '../src/core/record.ts'
import { MAX_EMBED_DEPTH, renderNote } from '../src/core/render.ts'
import type { Slug } from '../src/core/slug.ts'
import { HOME_SLUG, slugFromPath, slugFromUrlPath } from '../src/core/slug.ts'
import { parseFrontmatter } from './frontmatter.ts'
import { plainBody } from '../src/core/search.ts'
import { internalLinkNodes } from './mermaid-links.ts'
import { prerenderCode, prerenderMath } from './prerender.ts'
import type { Prerendered } from './prerender.ts'
import { codeKey, mathKey } from '../src/core/hash.ts'

export interface NoteSource {
  /** Path in the vault, with `/` separators: `thoughts/Alignment.md`. */
  path: string
  source: string
  /** The file was not valid UTF-8 (it was decoded with replacement characters). */
  invalidUtf8?: boolean
}

/** Decodes a note's bytes; bytes that are not UTF-8 become U+FFFD and the note says so. */
export function decodeNote(path: string, bytes: Uint8Array): NoteSource {
  try {
    return { path, source: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
  } catch {
    return { path, source: new TextDecoder('utf-8').decode(bytes), invalidUtf8: true }
  }
}

/** Something the writer should fix, with the file and line it is on. */
export interface Problem {
  file: string
  line?: number
  message: string
}

interface Attachment {
  /** Path in the vault. */
  path: string
  /** Served path, without the leading `/`. */
  to: string
}

export interface BuiltVault {
  notes: NoteRecord[]
  site: SiteRecord
  /** One record per tag and per parent of a nested tag. */
  tags: TagRecord[]
  tagIndex: TagIndexRecord
  /** One record per folder. */
  folders: FolderRecord[]
  /** Old URLs of notes: permalinks and path aliases. */
  redirects: RedirectRecord[]
  /** KaTeX HTML of every formula a published note shows, by key. */
  math: Map<string, string>
  /** Each note record as JSON, exactly as KV stores it. */
  serialized: Map<Slug, string>
  attachments: Attachment[]
  problems: Problem[]
}

/** One link, embed or markdown link found in a body. */
interface Occurrence {
  key: string
  kind: 'link' | 'embed'
  path: string
  anchor: string
  line: number
  /** How the writer wrote it, for messages. */
  written: string
}

interface ParsedNote {
  path: string
  slug: Slug
  data: Record<string, unknown>
  body: string
  title: string
  aliases: string[]
  headings: { text: string; id: string }[]
  blocks: Set<string>
  occurrences: Occurrence[]
  /** Tags written in the body (`#tag`), as first written. */
  inlineTags: string[]
  prerendered: Record<string, string>
  /** Keys of the formulas in the body. */
  math: Set<string>
  /** Lines taken by the frontmatter: a file line minus this is a body line. */
  bodyLine: number
  /** Mermaid diagrams with `internal-link` nodes: their source and node id → note name. */
  diagrams: { text: string; nodes: Map<string, string> }[]
}

function stringList(value: unknown): string[] {
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

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}

/** A frontmatter date as ISO 8601, or undefined when it is missing or not a date. */
function isoDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const text = value.trim()
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text
  const time = Date.parse(text)
  return Number.isNaN(time) ? undefined : new Date(time).toISOString()
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
function parseNote(file: NoteSource, problems: Problem[], formulas: Map<string, Prerendered>): ParsedNote | undefined {
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
  if (isDraft(data)) return undefined
  const name = file.path.slice(file.path.lastIndexOf('/') + 1).replace(/\.md$/i, '')
  const marked = createMarked(lexContext())
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
  const prerendered: Record<string, string> = {}
  const math = new Set<string>()
  const cursor: Cursor = { at: 0, line: 1 }
  const add = (kind: Occurrence['kind'], parts: Pick<WikilinkParts, 'key' | 'path' | 'anchor'>, raw: string) => {
    occurrences.push({ ...parts, kind, written: raw, line: bodyLine + locate(body, raw, cursor) })
  }
  marked.walkTokens(tokens, (token: Token) => {
    switch (token.type) {
      case 'heading': {
        const text = plainText((token as Tokens.Heading).tokens)
        headings.push({ text, id: headingIds.next(text) })
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
          typeset = prerenderMath(tex, display)
          formulas.set(key, typeset)
        }
        if (typeset.error)
          problems.push({
            file: file.path,
            line: bodyLine + locate(body, token.raw, { at: 0, line: 1 }),
            message: `math does not typeset: ${typeset.error}`,
          })
        break
      }
      case 'code': {
        const { text, lang } = token as Tokens.Code
        const language = (lang ?? '').trim().split(/\s/)[0]!.toLowerCase()
        if (language === 'mermaid') {
          const nodes = internalLinkNodes(text)
          if (nodes.size) diagrams.push({ text, nodes })
          break
        }
        const key = codeKey(language, text)
        const html = formulas.get(key)?.html ?? prerenderCode(language, text)
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
  // Links in properties (`related: "[[Other]]"`, lists of them) count as links: backlinks (Y03, Y04).
  for (const [, value] of Object.entries(data)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      const inner = typeof item === 'string' ? PROPERTY_LINK_RE.exec(item)?.[1] : undefined
      if (inner === undefined) continue
      const line = file.source.slice(0, Math.max(file.source.indexOf(`[[${inner}]]`), 0)).split('\n').length
      occurrences.push({ ...parseWikilink(inner), kind: 'link', written: `[[${inner}]]`, line })
    }
  }
  return {
    path: file.path,
    slug: permalinkSlug(data.permalink) ?? slugFromPath(file.path),
    data,
    body,
    title: optionalString(data.title) ?? name,
    aliases: stringList(data.aliases ?? data.alias),
    headings,
    blocks,
    occurrences,
    inlineTags,
    prerendered,
    math,
    bodyLine,
    diagrams,
  }
}

/** A property value that is one wikilink: 1 = its inner text. */
const PROPERTY_LINK_RE = /^\s*!?\[\[([^[\]\n]+)\]\]\s*$/

/** The social preview image (`image` or `cover`, Y15): a URL, or a vault attachment's served path. */
function previewImage(value: unknown, from: string, resolver: LinkResolver): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const text = value.trim()
  if (/^https?:\/\//i.test(text)) return text
  const path = PROPERTY_LINK_RE.exec(text)?.[1]?.split('|')[0] ?? text
  const entry = resolver.resolve(from, path)
  return entry?.kind === 'file' ? hrefFor({ to: entry.to, kind: 'file' }) : undefined
}

/** Frontmatter tags, then body tags; one entry per tag ignoring case (OFM-SPEC T06), `#` dropped. */
function mergeTags(...lists: string[][]): string[] {
  const seen = new Map<string, string>()
  for (const tag of lists.flat()) {
    const clean = tag.replace(/^#/, '').trim()
    if (clean && !seen.has(clean.toLowerCase())) seen.set(clean.toLowerCase(), clean)
  }
  return [...seen.values()]
}

/** Every note a page shows, through embeds of embeds, down to MAX_EMBED_DEPTH; the page itself excluded. */
function transitiveEmbeds(slug: Slug, direct: ReadonlyMap<Slug, Slug[]>): Slug[] {
  const seen = new Set<Slug>([slug])
  let level: Slug[] = [slug]
  for (let depth = 0; depth < MAX_EMBED_DEPTH && level.length; depth += 1) {
    level = level.flatMap((from) => direct.get(from) ?? []).filter((to) => !seen.has(to) && seen.add(to))
  }
  seen.delete(slug)
  return [...seen]
}

/**
 * Notes at least this long (in bytes of markdown) are rendered at build time (NoteRecord.html):
 * marked renders about 10 KB a millisecond in workerd, so every page rendered on demand costs
 * under ~2 ms of CPU and keeps to the free plan's 10 ms with room to spare.
 */
const PRERENDER_FROM = 16 * 1024

/** Each note's body split into lines, once (a note with many links is split once, not per link). */
const bodyLines = new WeakMap<ParsedNote, string[]>()

/** The linking note's line around a link, as plain text: the context a backlink shows. */
function linkContext(note: ParsedNote, fileLine: number): string | undefined {
  let lines = bodyLines.get(note)
  if (!lines) {
    lines = note.body.split('\n')
    bodyLines.set(note, lines)
  }
  const text = plainBody(lines[fileLine - note.bodyLine - 1] ?? '')
  if (!text) return undefined
  return text.length > 160 ? `${text.slice(0, 157)}…` : text
}

/** Folder pages: every folder holding notes, with its notes and subfolders, by path. */
function collectFolders(records: readonly NoteRecord[]): FolderRecord[] {
  const folders = new Map<string, FolderRecord>()
  const folderOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('/')))
  const get = (path: string) => {
    let folder = folders.get(path)
    if (!folder) {
      folder = { v: RECORD_VERSION, path, notes: [], folders: [] }
      folders.set(path, folder)
    }
    return folder
  }
  for (const record of records) {
    let path = folderOf(record.path)
    if (!path) continue
    get(path).notes.push({ slug: record.slug, title: record.title })
    for (let parent = folderOf(path); path; path = parent, parent = folderOf(path)) {
      const slug = slugFromPath(`${path}/index.md`)
      const siblings = parent ? get(parent).folders : []
      if (parent && !siblings.some((folder) => folder.slug === slug))
        siblings.push({ slug, name: path.slice(path.lastIndexOf('/') + 1) })
      get(path)
    }
  }
  for (const folder of folders.values()) {
    folder.notes.sort((a, b) => byTitle.compare(a.title, b.title))
    folder.folders.sort((a, b) => byTitle.compare(a.name, b.name))
  }
  return [...folders.values()]
}

/** Orders backlinks and tag pages by title; one collator (localeCompare would make one per call). */
const byTitle = new Intl.Collator('en')

/** `permalink: about` (Publish, OFM-SPEC Y14): the note's URL instead of its path. */
function permalinkSlug(value: unknown): Slug | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const match = slugFromUrlPath(`/${value.trim().replace(/^\/+/, '')}`)
  return match.kind === 'slug' ? match.slug : undefined
}

/**
 * Old URLs that answer 301 to a note: its path when a permalink moved it (Y14), and every alias
 * that holds a path (`Guides/Making friends`, D07; a bare-name alias is not enough).
 */
function collectRedirects(notes: Iterable<ParsedNote>): RedirectRecord[] {
  const notesBySlug = new Map([...notes].map((note) => [note.slug as string, note]))
  const redirects = new Map<string, RedirectRecord>()
  for (const note of notesBySlug.values()) {
    const from = [
      slugFromPath(note.path) as string,
      ...note.aliases.filter((alias) => alias.includes('/')).map((alias) => slugFromPath(`${alias}.md`) as string),
    ]
    for (const slug of from) {
      if (!notesBySlug.has(slug) && !redirects.has(slug))
        redirects.set(slug, { v: RECORD_VERSION, from: slug as Slug, to: note.slug })
    }
  }
  return [...redirects.values()]
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** Resolves `#Heading`, `#A#B` or `#^block` inside `note`; undefined when it is not there. */
function resolveAnchor(note: ParsedNote, anchor: string): string | undefined {
  if (anchor.startsWith('^')) return note.blocks.has(anchor.slice(1)) ? anchor : undefined
  // `A#B`: the first heading B after the first heading A (H03).
  let from = 0
  let found: { id: string } | undefined
  for (const part of anchor.split('#').filter((text) => text.trim())) {
    const wanted = normalizeHeading(part)
    const index = note.headings.findIndex((heading, i) => i >= from && normalizeHeading(heading.text) === wanted)
    if (index === -1) return undefined
    found = note.headings[index]
    from = index + 1
  }
  return found?.id
}

/** Site-wide settings: from the vault's `.obsidian/app.json`, and from the build. */
export interface VaultSettings {
  /** Obsidian's "Strict line breaks" is off: single newlines are line breaks. */
  breaks: boolean
  /** Where the build put the site's assets: `/_hyphae/<version>`. */
  assets: string
}

/** Step 1, note by note (and so in parallel, by scripts/parse-worker.ts): frontmatter, lexing, math, code. */
export interface ParsedVault {
  /** Published notes, in path order (drafts left out). */
  notes: ParsedNote[]
  problems: Problem[]
  /** Rendered formulas and code blocks, by key. */
  formulas: Map<string, Prerendered>
}

export function parseNotes(sources: readonly NoteSource[]): ParsedVault {
  const problems: Problem[] = []
  const formulas = new Map<string, Prerendered>()
  const notes: ParsedNote[] = []
  for (const file of [...sources].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const note = parseNote(file, problems, formulas)
    if (note) notes.push(note)
  }
  return { notes, problems, formulas }
}

/** Merges the parses of several batches of notes (any order) into one, in path order. */
export function mergeParsed(parts: readonly ParsedVault[]): ParsedVault {
  const byPath = (a: { path?: string; file?: string }, b: { path?: string; file?: string }) =>
    (a.path ?? a.file)! < (b.path ?? b.file)! ? -1 : 1
  return {
    notes: parts.flatMap((part) => part.notes).sort(byPath),
    problems: parts.flatMap((part) => part.problems).sort(byPath),
    formulas: new Map(parts.flatMap((part) => [...part.formulas])),
  }
}

export function buildVault(
  sources: readonly NoteSource[],
  attachmentPaths: readonly string[],
  settings: VaultSettings = { breaks: false, assets: '/_hyphae/dev' },
): BuiltVault {
  return assembleVault(parseNotes(sources), attachmentPaths, settings)
}

/** Step 2, the whole vault at once: slugs, links, backlinks, hashes. */
export function assembleVault(
  parsed: ParsedVault,
  attachmentPaths: readonly string[],
  settings: VaultSettings,
): BuiltVault {
  const { problems, formulas } = parsed
  const bySlug = new Map<Slug, ParsedNote>()
  for (const note of parsed.notes) {
    const clash = bySlug.get(note.slug)
    if (clash) {
      problems.push({ file: note.path, message: `has the same URL /${note.slug} as ${clash.path}; skipped` })
      continue
    }
    bySlug.set(note.slug, note)
  }
  const attachments = attachmentPaths.map((path) => ({ path, to: slugFromPath(path) as string }))
  const entries: VaultEntry[] = [
    ...[...bySlug.values()].map((note) => ({
      path: note.path,
      kind: 'note' as const,
      to: note.slug,
      aliases: note.aliases,
    })),
    ...attachments.map((file) => ({ path: file.path, kind: 'file' as const, to: file.to, aliases: [] })),
  ]
  const resolver = new LinkResolver(entries)
  const notesByPath = new Map([...bySlug.values()].map((note) => [note.path, note]))
  const backlinks = new Map<Slug, Map<Slug, Backlink>>()
  const records: NoteRecord[] = []

  for (const note of bySlug.values()) {
    const links: Record<string, LinkTarget | null> = {}
    const embeds = new Set<Slug>()
    const outlinks = new Map<Slug, Backlink>()
    for (const link of note.occurrences) {
      const entry = resolver.resolve(note.path, link.path)
      if (!entry) {
        links[link.key] = null
        const escapes =
          /^\.\.?\//.test(link.path) &&
          joinPath(note.path.slice(0, Math.max(0, note.path.lastIndexOf('/'))), link.path) === undefined
        problems.push({
          file: note.path,
          line: link.line,
          message: `broken ${link.kind}${escapes ? ' (its path climbs out of the vault)' : ''}: ${link.written}`,
        })
        continue
      }
      let anchor: string | undefined = link.anchor || undefined
      if (entry.kind === 'note') {
        const target = notesByPath.get(entry.path)!
        if (link.anchor) {
          anchor = resolveAnchor(target, link.anchor)
          if (!anchor) {
            problems.push({
              file: note.path,
              line: link.line,
              message: `no heading or block "#${link.anchor}" in ${target.path}: ${link.written}`,
            })
            // A link still takes the reader to the note; an embed of a missing section shows the placeholder (U05).
            if (link.kind === 'embed') {
              links[link.key] = null
              continue
            }
          }
        }
        if (link.kind === 'embed') embeds.add(target.slug)
        if (target.slug !== note.slug) {
          const into = backlinks.get(target.slug) ?? new Map<Slug, Backlink>()
          if (!into.has(note.slug))
            into.set(note.slug, { slug: note.slug, title: note.title, context: linkContext(note, link.line) })
          if (outlinks.size < 40) outlinks.set(target.slug, { slug: target.slug, title: target.title })
          backlinks.set(target.slug, into)
        }
      }
      links[link.key] = anchor ? { to: entry.to, kind: entry.kind, anchor } : { to: entry.to, kind: entry.kind }
    }
    for (const diagram of note.diagrams) {
      const hrefs: Record<string, string> = {}
      for (const [id, name] of diagram.nodes) {
        const entry = resolver.resolve(note.path, name)
        if (entry) hrefs[id] = hrefFor({ to: entry.to, kind: entry.kind })
      }
      note.prerendered[codeKey('mermaid', diagram.text)] = JSON.stringify(hrefs)
    }
    const date = isoDate(note.data.date ?? note.data.created)
    const modified = isoDate(note.data.modified ?? note.data.updated ?? note.data.lastmod)
    const description = optionalString(note.data.description)
    const image = previewImage(note.data.image ?? note.data.cover, note.path, resolver)
    records.push({
      v: RECORD_VERSION,
      slug: note.slug,
      path: note.path,
      title: note.title,
      ...(description ? { description } : {}),
      ...(date ? { date } : {}),
      ...(modified ? { modified } : {}),
      ...(image ? { image } : {}),
      tags: mergeTags(stringList(note.data.tags ?? note.data.tag), note.inlineTags),
      aliases: note.aliases,
      frontmatter: note.data,
      body: note.body,
      links,
      embeds: [...embeds],
      prerendered: note.prerendered,
      math: [...note.math],
      backlinks: [],
      outlinks: [...outlinks.values()],
      words: plainBody(note.body).split(' ').filter(Boolean).length,
      // Set for long notes below; declared here so `hash` stays the last field of the JSON.
      html: undefined,
      hash: '',
    })
  }

  // Backlinks and transitive embeds first, then hashes: a record's hash covers its backlinks, its
  // formulas (a new KaTeX may typeset them differently) and the notes it transcludes.
  const direct = new Map(records.map((record) => [record.slug, record.embeds]))
  for (const record of records) {
    record.backlinks = [...(backlinks.get(record.slug)?.values() ?? [])].sort((a, b) =>
      byTitle.compare(a.title, b.title),
    )
    record.embeds = transitiveEmbeds(record.slug, direct)
  }
  // Long notes are rendered here, once, so that no page costs the worker more than a few ms of CPU.
  const recordsBySlug = new Map(records.map((record) => [record.slug as string, record]))
  for (const record of records) {
    if (record.body.length < PRERENDER_FROM) continue
    const embedded = new Map(
      record.embeds.flatMap((slug) => (recordsBySlug.has(slug) ? [[slug, recordsBySlug.get(slug)!] as const] : [])),
    )
    const math = new Map(
      record.math
        .concat(...[...embedded.values()].map((note) => note.math))
        .map((key) => [key, formulas.get(key)!.html]),
    )
    record.html = renderNote(record, embedded, { breaks: settings.breaks, math })
  }
  // Each record is serialised once: `hash` is its last field, filled in by splicing the JSON.
  const unhashed = new Map(records.map((record) => [record.slug, JSON.stringify(record)]))
  const ownHash = new Map(
    records.map((record) => [
      record.slug,
      sha256(unhashed.get(record.slug)! + record.math.map((key) => formulas.get(key)!.html).join('')),
    ]),
  )
  const serialized = new Map<Slug, string>()
  for (const record of records) {
    const own = ownHash.get(record.slug)!
    record.hash = (
      record.embeds.length ? sha256([own, ...record.embeds.map((slug) => ownHash.get(slug))].join('\n')) : own
    ).slice(0, 32)
    const json = unhashed.get(record.slug)!
    serialized.set(record.slug, `${json.slice(0, -'"hash":""}'.length)}"hash":"${record.hash}"}`)
    unhashed.delete(record.slug)
  }

  const { tags, tagIndex } = collectTags(records)
  const home = bySlug.get(HOME_SLUG)
  const site: SiteRecord = {
    v: RECORD_VERSION,
    title: optionalString(home?.data.site) ?? home?.title ?? 'hyphae',
    notes: records.length,
    assets: settings.assets,
    breaks: settings.breaks,
    recent: records
      .filter((record) => record.slug !== HOME_SLUG && (record.modified ?? record.date))
      .sort((a, b) => ((b.modified ?? b.date)! < (a.modified ?? a.date)! ? -1 : 1))
      .slice(0, 10)
      .map((record) => ({ slug: record.slug, title: record.title, date: (record.modified ?? record.date)! })),
  }
  const math = new Map(records.flatMap((record) => record.math).map((key) => [key, formulas.get(key)!.html]))
  return {
    notes: records,
    serialized,
    site,
    tags,
    tagIndex,
    folders: collectFolders(records),
    redirects: collectRedirects(bySlug.values()),
    math,
    attachments,
    problems,
  }
}

/** Tag pages: a note tagged `a/b` is listed under `a/b` and under `a` (OFM-SPEC T07). */
function collectTags(records: readonly NoteRecord[]): { tags: TagRecord[]; tagIndex: TagIndexRecord } {
  const byPath = new Map<string, TagRecord>()
  const listed = new Map<TagRecord, Set<Slug>>()
  for (const record of records) {
    for (const tag of record.tags) {
      const parts = tag.split('/').filter(Boolean)
      for (let depth = 1; depth <= parts.length; depth += 1) {
        const name = parts.slice(0, depth).join('/')
        const path = tagPath(name)
        const entry = byPath.get(path) ?? { v: RECORD_VERSION, tag: name, notes: [] }
        const seen = listed.get(entry) ?? new Set<Slug>()
        if (!seen.has(record.slug)) entry.notes.push({ slug: record.slug, title: record.title })
        seen.add(record.slug)
        listed.set(entry, seen)
        byPath.set(path, entry)
      }
    }
  }
  const tags = [...byPath.values()].sort((a, b) => (a.tag.toLowerCase() < b.tag.toLowerCase() ? -1 : 1))
  for (const tag of tags) tag.notes.sort((a, b) => byTitle.compare(a.title, b.title))
  return { tags, tagIndex: { v: RECORD_VERSION, tags: tags.map((tag) => ({ tag: tag.tag, count: tag.notes.length })) } }
}
