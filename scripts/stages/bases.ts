/**
 * Obsidian Bases at build time (BASES-SPEC), around stage 3:
 *  - `baseNotes` (before resolve): each `.base` file becomes a page of its own (B06, B07), one
 *    section per view, so links and embeds to it resolve like links to any note;
 *  - `evaluateBases` (after resolve): every `![[X.base]]`, `![[X.base#View]]` and ```base block is
 *    evaluated over the published files with its own `this` (B153, B156), and its HTML stored in the
 *    note's record (`prerendered`), so a note whose base results change is rewritten and purged.
 * Drafts and left-out files never reach the vault a base sees (B10).
 */
import { baseKey, codeKey } from '../../src/core/hash.ts'
import type { VaultEntry } from '../../src/core/links.ts'
import { LinkResolver } from '../../src/core/links.ts'
import { HeadingIds } from '../../src/core/markdown/heading.ts'
import { RECORD_VERSION, RECORDS } from '../../src/core/records.ts'
import { plainBody, searchTerms } from '../../src/core/search.ts'
import { hrefFromSlug, slugFromPath } from '../../src/core/slug.ts'
import type { BaseConfig } from '../bases/base-file.ts'
import { readBase } from '../bases/base-file.ts'
import { parseDate } from '../bases/dates.ts'
import type { Context, Vault } from '../bases/evaluate.ts'
import { runView } from '../bases/query.ts'
import { renderView } from '../bases/render.ts'
import type { FileInfo } from '../bases/values.ts'
import { LinkValue } from '../bases/values.ts'
import type { ParsedNote } from './parse.ts'
import { mergeTags, stringList } from './parse.ts'
import type { Problem } from './read.ts'
import type { ResolvedNote, ResolvedVault } from './resolve.ts'

export interface BaseSource {
  path: string
  source: string
  page: boolean
}

/** The checked configuration of each base file, by slug. */
export type BaseConfigs = Map<string, { path: string; config: BaseConfig; source: string }>

/** A view's name as an embed's `#anchor` can write it. */
function anchorText(name: string): string {
  return name.replace(/[[\]|#^]/g, ' ').trim() || 'View'
}

/** Every readable `.base` file as a page (B07): one `## View` section per view, embedding that view. */
export function baseNotes(
  bases: readonly BaseSource[],
  problems: Problem[],
): { notes: ParsedNote[]; configs: BaseConfigs } {
  const notes: ParsedNote[] = []
  const configs: BaseConfigs = new Map()
  for (const base of bases) {
    const { config, problems: found } = readBase(base.source)
    for (const problem of found) problems.push({ file: base.path, ...problem })
    const slug = slugFromPath(base.path)
    const views = config?.views ?? []
    if (config) configs.set(slug, { path: base.path, config, source: base.source })
    const ids = new HeadingIds()
    const headings = views.map((view) => ({
      depth: 2,
      text: anchorText(view.name),
      id: ids.next(anchorText(view.name)),
    }))
    const embeds = headings.map((heading) => `![[${base.path}#${heading.text}]]`)
    const name = base.path.slice(base.path.lastIndexOf('/') + 1).replace(/\.base$/i, '')
    // A base that cannot be read shows a short notice, never its YAML (B08).
    const body = config
      ? headings.map((heading, i) => `## ${heading.text}\n\n${embeds[i]}\n`).join('\n')
      : '> [!warning] This base could not be read\n> The build reported why.\n'
    notes.push({
      path: base.path,
      slug,
      data: {},
      body,
      title: name,
      aliases: [],
      headings,
      blocks: new Set(),
      occurrences: headings.map((heading, i) => ({
        key: `${base.path}#${heading.text}`,
        kind: 'embed' as const,
        path: base.path,
        anchor: heading.text,
        line: 1,
        written: embeds[i]!,
        context: undefined,
      })),
      inlineTags: [],
      prerendered: {},
      typeset: [],
      math: new Set(),
      hasDiagrams: false,
      bodyLine: 0,
      diagrams: [],
      words: 0,
      terms: { heading: [...new Set(searchTerms(`${name} ${headings.map((h) => h.text).join(' ')}`))], body: [] },
      baseBlocks: [],
      searchText: RECORDS.searchText.encode({ v: RECORD_VERSION, title: name, text: plainBody(body) }),
      ...(base.page ? {} : { hidden: true }),
    })
  }
  return { notes, configs }
}

/** The line of `needle` in `source` (1-based), or 1. */
function lineOf(source: string, needle: string): number {
  const index = source.indexOf(needle)
  return index === -1 ? 1 : source.slice(0, index).split('\n').length
}

type Stats = ReadonlyMap<string, { size: number; ctime: number; mtime: number }>

/** The published files as bases see them (B43): notes, base pages and attachments. */
function vaultOf(resolved: ResolvedVault, stats: Stats, now: number): { vault: Vault; bySlug: Map<string, FileInfo> } {
  const byPath = new Map<string, FileInfo>()
  const bySlug = new Map<string, FileInfo>()
  const byTo = new Map<string, FileInfo>()
  const entries: VaultEntry[] = []
  for (const note of resolved.notes) {
    const stat = stats.get(note.path)
    const isNote = note.path.toLowerCase().endsWith('.md')
    const date = (value: unknown, fallback: number) =>
      (typeof value === 'string' ? parseDate(value)?.ms : undefined) ?? fallback
    const file: FileInfo = {
      path: note.path,
      properties: isNote ? note.data : undefined,
      size: stat?.size ?? note.body.length,
      // One declared source (B45): frontmatter `created`/`modified`, else the file system.
      ctime: date(note.data.created ?? note.data.date, stat?.ctime ?? 0),
      mtime: date(note.data.modified ?? note.data.updated, stat?.mtime ?? 0),
      tags: mergeTags(stringList(note.data.tags ?? note.data.tag), note.inlineTags),
      links: [],
      embeds: [],
      backlinks: [],
      href: hrefFromSlug(note.slug),
      title: note.title,
    }
    byPath.set(note.path.toLowerCase(), file)
    bySlug.set(note.slug, file)
    entries.push({ path: note.path, kind: 'note', to: note.slug, aliases: note.aliases })
  }
  for (const attachment of resolved.attachments) {
    const stat = stats.get(attachment.path)
    const file: FileInfo = {
      path: attachment.path,
      properties: undefined,
      size: stat?.size ?? 0,
      ctime: stat?.ctime ?? 0,
      mtime: stat?.mtime ?? 0,
      tags: [],
      links: [],
      embeds: [],
      backlinks: [],
      href: `/${attachment.to.split('/').map(encodeURIComponent).join('/')}`,
      title: attachment.path.slice(attachment.path.lastIndexOf('/') + 1),
    }
    byPath.set(attachment.path.toLowerCase(), file)
    byTo.set(attachment.to, file)
    entries.push({ path: attachment.path, kind: 'file', to: attachment.to, aliases: [] })
  }
  const resolver = new LinkResolver(entries)
  const fileOfEntry = (entry: VaultEntry | undefined) =>
    entry ? (entry.kind === 'note' ? bySlug.get(entry.to) : byTo.get(entry.to)) : undefined
  // Links, embeds and backlinks, from the resolved link tables.
  for (const note of resolved.notes) {
    const file = bySlug.get(note.slug)!
    for (const occurrence of note.occurrences) {
      const target = note.links[occurrence.key]
      const to = target ? (target.kind === 'note' ? bySlug.get(target.to) : byTo.get(target.to)) : undefined
      const link = new LinkValue(occurrence.path, undefined, to)
      if (occurrence.kind === 'embed') file.embeds.push(link)
      else file.links.push(link)
    }
    file.backlinks = note.backlinks.flatMap((backlink) => bySlug.get(backlink.slug)?.path ?? [])
  }
  const files = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : 1))
  return {
    vault: {
      files,
      byPath: (path) => byPath.get(path.replace(/^\/+/, '').toLowerCase()),
      resolve: (from, target) => fileOfEntry(resolver.resolve(from, target)),
      now,
      random: 0.5,
    },
    bySlug,
  }
}

export interface BaseReport {
  bases: number
  views: number
  /** Expressions that could not be evaluated, as the build warned about them. */
  errors: number
}

/**
 * Evaluates every base embed and block of the resolved vault. `now` is the build's one `now()`
 * (B82). Returns the notes with the views' HTML in `prerendered`, and what it reported.
 */
export function evaluateBases(
  resolved: ResolvedVault,
  configs: BaseConfigs,
  stats: Stats,
  now: number,
): { resolved: ResolvedVault; report: BaseReport } {
  const report: BaseReport = { bases: configs.size, views: 0, errors: 0 }
  const hasBlocks = resolved.notes.some((note) => note.baseBlocks.length)
  if (!configs.size && !hasBlocks) return { resolved, report }
  const problems = [...resolved.problems]
  const { vault, bySlug } = vaultOf(resolved, stats, now)
  const warned = new Set<string>()
  const warn = (file: string, source: string, errors: Set<string>, where: string, lineOffset = 0) => {
    for (const message of errors) {
      const key = `${file}\0${message}`
      if (warned.has(key)) continue
      warned.add(key)
      report.errors += 1
      const name = /\b([A-Za-z]\w*)\(\)/.exec(message)?.[1]
      const line = lineOffset + (name ? lineOf(source, `${name}(`) : 1)
      problems.push({ file, line, message: `${where}: ${message}; the view shows what it can` })
    }
  }
  const imageHref = (from: string) => (path: string) => {
    if (/^https?:\/\//i.test(path)) return path
    return vault.resolve(from, path)?.href
  }
  const notes = resolved.notes.map((note) => {
    const thisFile = bySlug.get(note.slug)
    const prerendered: Record<string, string> = Object.assign(Object.create(null), note.prerendered)
    for (const occurrence of note.occurrences) {
      const target = note.links[occurrence.key]
      const base = target?.kind === 'note' ? configs.get(target.to) : undefined
      if (!target || !base || occurrence.kind !== 'embed') continue
      // `#View` names a view; no match shows the first (B03–B05).
      const view =
        base.config.views.find((_, i) => headingId(base.config, i) === target.anchor) ?? base.config.views[0]!
      const context: Context = {
        vault,
        basePath: base.path,
        thisFile,
        formulas: base.config.formulas,
        errors: new Set(),
      }
      prerendered[baseKey(target.to, target.anchor)] = renderView(
        runView(base.config, view, context),
        imageHref(base.path),
      )
      report.views += 1
      warn(base.path, base.source, context.errors, `view ${view.name}`)
    }
    for (const block of note.baseBlocks) {
      const { config, problems: found } = readBase(block.text, block.line - 1)
      for (const problem of found) problems.push({ file: note.path, ...problem })
      const html = config
        ? config.views
            .map((view) => {
              const context: Context = {
                vault,
                basePath: note.path,
                thisFile,
                formulas: config.formulas,
                errors: new Set(),
              }
              const rendered = renderView(runView(config, view, context), imageHref(note.path))
              report.views += 1
              warn(note.path, block.text, context.errors, `base block, view ${view.name}`, block.line - 1)
              return rendered
            })
            .join('\n')
        : '<p class="base-empty">This base could not be read.</p>'
      prerendered[codeKey('base', block.text)] = html
    }
    // A note that shows no base, or shows the same views as last build, stays the same object (rebuilds reuse what depends on it).
    const views = Object.keys(prerendered)
      .filter((key) => prerendered[key] !== note.prerendered[key])
      .flatMap((key) => [key, prerendered[key]!])
    if (!views.length) return note
    const before = withViews.get(note)
    if (before && before.views.length === views.length && before.views.every((text, i) => text === views[i]))
      return before.note
    const shown = { ...note, prerendered }
    withViews.set(note, { views, note: shown })
    return shown
  })
  return { resolved: { ...resolved, notes, problems }, report }
}

/** Each note showing bases, with the views it showed last build: the same views give the same object. */
const withViews = new WeakMap<ResolvedNote, { views: string[]; note: ResolvedNote }>()

/** The heading id of a base's view `i`, as baseNotes gave it (what `#View` resolves to). */
function headingId(config: BaseConfig, i: number): string {
  const ids = new HeadingIds()
  let id = ''
  for (let j = 0; j <= i; j++) id = ids.next(anchorText(config.views[j]!.name))
  return id
}
