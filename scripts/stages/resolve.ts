/**
 * Stage 3, resolve: the whole vault at once. Every note gets its URL (clashes are reported and
 * skipped), every link and embed its target by Obsidian's rules (src/core/links.ts) with its
 * `#heading` or `#^block`; the links are inverted into backlinks. Broken links are reported with
 * file and line, and stay in the note's link table as null (rendered visibly broken, U05).
 */
import { codeKey } from '../../src/core/hash.ts'
import type { VaultEntry } from '../../src/core/links.ts'
import { joinPath, LinkResolver } from '../../src/core/links.ts'
import { hrefFor } from '../../src/core/markdown/context.ts'
import { normalizeHeading } from '../../src/core/markdown/heading.ts'
import type { Backlink, LinkTarget } from '../../src/core/records.ts'
import type { Slug } from '../../src/core/slug.ts'
import { HOME_SLUG, slugFromPath } from '../../src/core/slug.ts'
import type { ParsedNote, ParsedVault } from './parse.ts'
import { PROPERTY_LINK_RE } from './parse.ts'
import { sameItems } from './memo.ts'
import type { Problem } from './read.ts'
import type { SiteOptions } from './site-options.ts'

export interface ResolvedNote extends ParsedNote {
  /** Every link and embed target, by its text as written; null = broken. */
  links: Record<string, LinkTarget | null>
  /** Notes this one embeds directly. */
  embeds: Slug[]
  /** Notes this one links to, for the local graph (at most 40). */
  outlinks: Backlink[]
  /** Notes linking here, by title, with the sentence that links. */
  backlinks: Backlink[]
  /** The social preview image: an absolute URL or an attachment's served path. */
  image?: string
}

export interface Attachment {
  /** Path in the vault. */
  path: string
  /** Served path, without the leading `/`. */
  to: string
}

export interface ResolvedVault {
  /** Published notes, in path order, one per URL. */
  notes: ResolvedNote[]
  attachments: Attachment[]
  problems: Problem[]
}

/** Orders backlinks, tag and folder pages by title; one collator (localeCompare would make one per call). */
export const byTitle = new Intl.Collator('en')

/**
 * The note `/` shows: `index.md`; else the one the vault's settings name (site-options.ts), found
 * by its path with or without `.md`, in any case; else none (the worker draws a home page).
 */
function withHome(notes: readonly ParsedNote[], options: SiteOptions, problems: Problem[]): readonly ParsedNote[] {
  if (!options.home || notes.some((note) => note.slug === HOME_SLUG)) return notes
  const wanted = options.home.path.replace(/^\/+/, '').toLowerCase()
  const index = notes.findIndex((note) => {
    const path = note.path.toLowerCase()
    return path === wanted || path === `${wanted}.md`
  })
  if (index === -1) {
    problems.push({
      file: options.home.from.split(' ')[0]!,
      message: `the home note "${options.home.path}" (${options.home.from}) is not a published note; / shows a generated home page`,
    })
    return notes
  }
  return notes.map((note, i) => (i === index ? asHome(note) : note))
}

/** The home note under `/`, the same object for as long as the note is the same parse (rebuilds reuse what depends on it). */
const homes = new WeakMap<ParsedNote, ParsedNote>()
function asHome(note: ParsedNote): ParsedNote {
  const home = homes.get(note) ?? { ...note, slug: HOME_SLUG }
  homes.set(note, home)
  return home
}

export function resolveVault(
  parsed: ParsedVault,
  attachmentPaths: readonly string[],
  options: SiteOptions = { hide: [], publishJs: false, access: [] },
): ResolvedVault {
  const problems = [...parsed.problems]
  const bySlug = new Map<Slug, ParsedNote>()
  for (const note of withHome(parsed.notes, options, problems)) {
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
  // A rebuild whose notes and files have the same names and aliases keeps the resolver, and what it resolved.
  if (!lastResolver || !sameNames(lastResolver.entries, entries))
    lastResolver = { entries, resolver: new LinkResolver(entries) }
  const resolver = lastResolver.resolver
  const notesByPath = new Map([...bySlug.values()].map((note) => [note.path, note]))
  // Only the notes that read a note parsed again (or gone) can read it differently: the others keep their targets.
  const suspects = readersOfChanged(notesByPath)
  const notes: ResolvedNote[] = []
  const resolutions = new Map<Slug, Resolution>()
  /** The notes resolved again (or new) this build: only the backlinks they give are gathered again. */
  const changed: Resolution[] = []
  for (const note of bySlug.values()) {
    const kept = lastResolutions.get(note.slug)
    // A note is resolved again only when it, the names, or what it read of a note its links reach
    // (title, headings, blocks) changed: a save of a note's text alone re-resolves that note only.
    const resolution =
      kept?.note === note && kept.resolver === resolver && (!suspects.has(note.slug) || sameTargets(kept, notesByPath))
        ? kept
        : sameAsBefore(resolveNote(note, resolver, notesByPath), kept)
    resolutions.set(note.slug, resolution)
    if (resolution.problems.length) problems.push(...resolution.problems)
    if (resolution !== kept) changed.push(resolution)
  }
  indexReaders(resolutions, changed, notesByPath)
  const byTarget = backlinksByTarget(resolutions, changed)
  for (const [slug, resolution] of resolutions) {
    const before = lastResolutions.get(slug)
    const linking = byTarget.get(slug) ?? []
    // The same notes linking in the same words: the same sorted list (and, with the same links, the same note).
    const backlinks =
      before?.resolved && sameItems(before.linking, linking)
        ? before.resolved.backlinks
        : [...linking].sort(backlinkOrder)
    resolution.linking = linking
    resolution.resolved =
      before?.made === resolution.made && before.resolved?.backlinks === backlinks
        ? before.resolved
        : { ...resolution.made, backlinks }
    notes.push(resolution.resolved)
  }
  lastResolutions = resolutions
  lastByTarget = byTarget
  // A base in the template folder serves the notes that embed it, with no page of its own.
  return { notes: notes.filter((note) => !note.hidden), attachments, problems }
}

/** What resolving one note made, and from what: reused while the note and the names are the same objects, and the notes its links reach read the same (sameTargets). */
interface Resolution {
  note: ParsedNote
  resolver: LinkResolver
  /** The notes its links and embeds reach, as parsed: their titles, headings and blocks were read. */
  targets: ParsedNote[]
  problems: Problem[]
  /** Each note this one links to, with the backlink it gives that note. */
  backlinks: [Slug, Backlink][]
  /** The resolved note but its backlinks. */
  made: Omit<ResolvedNote, 'backlinks'>
  /** The backlinks given to this note, unsorted, and the resolved note made with them (set by resolveVault). */
  linking?: Backlink[]
  resolved?: ResolvedNote
}

/**
 * A note resolved again because a note it links to changed (an edit elsewhere) usually resolves
 * the same: then it keeps the objects it made before, and nothing made from them is made again.
 */
function sameAsBefore(resolution: Resolution, before: Resolution | undefined): Resolution {
  if (before?.note !== resolution.note || shapeOf(before) !== shapeOf(resolution)) return resolution
  const kept = { ...resolution, problems: before.problems, backlinks: before.backlinks, made: before.made }
  shapes.set(kept, shapeOf(before))
  return kept
}

/**
 * What a resolution resolved to, as one string: links, embeds, outlinks, backlinks given, problems,
 * image, diagrams' links. Made only when a rebuild resolves a note again (a one-shot build never does).
 */
const shapes = new WeakMap<Resolution, string>()
function shapeOf(resolution: Resolution): string {
  let shape = shapes.get(resolution)
  if (shape === undefined) {
    const { made, note } = resolution
    shape = JSON.stringify([
      made.links,
      made.embeds,
      made.outlinks,
      resolution.backlinks,
      resolution.problems,
      made.image ?? null,
      note.diagrams.length ? made.prerendered : 0,
    ])
    shapes.set(resolution, shape)
  }
  return shape
}

/**
 * Whether the notes a resolution's links reach still read the same to it (resolveNote reads their
 * URL, title, visibility, headings and blocks). A target parsed again but alike in these is taken
 * in its new form, so the next rebuild compares with that.
 */
function sameTargets(resolution: Resolution, notesByPath: ReadonlyMap<string, ParsedNote>): boolean {
  const { targets } = resolution
  for (let i = 0; i < targets.length; i++) {
    const before = targets[i]!
    const now = notesByPath.get(before.path)
    if (now === before) continue
    if (!now || !sameFace(before, now)) return false
    targets[i] = now
  }
  return true
}

/**
 * The notes each note path is read by (the paths of their resolutions' targets), and the notes by
 * path, as the build before left them: a rebuild runs sameTargets only for the readers of the notes
 * parsed again, instead of over every note's targets.
 */
const readersByPath = new Map<string, Set<Slug>>()
let lastNotesByPath = new Map<string, ParsedNote>()

/** The slugs of the notes whose resolutions read a note that is not, this build, the object it was. */
function readersOfChanged(notesByPath: ReadonlyMap<string, ParsedNote>): Set<Slug> {
  const suspects = new Set<Slug>()
  const add = (path: string) => {
    for (const slug of readersByPath.get(path) ?? []) suspects.add(slug)
  }
  for (const [path, note] of notesByPath) if (lastNotesByPath.get(path) !== note) add(path)
  for (const path of lastNotesByPath.keys()) if (!notesByPath.has(path)) add(path)
  return suspects
}

/** readersByPath brought up to date: the resolutions made again read their new targets, the notes gone read nothing. */
function indexReaders(
  resolutions: ReadonlyMap<Slug, Resolution>,
  changed: readonly Resolution[],
  notesByPath: Map<string, ParsedNote>,
): void {
  const forget = (resolution: Resolution | undefined, slug: Slug) => {
    for (const target of resolution?.targets ?? []) readersByPath.get(target.path)?.delete(slug)
  }
  for (const [slug, before] of lastResolutions) if (!resolutions.has(slug)) forget(before, slug)
  for (const resolution of changed) {
    const { slug } = resolution.note
    forget(lastResolutions.get(slug), slug)
    for (const target of resolution.targets) {
      const readers = readersByPath.get(target.path)
      if (readers) readers.add(slug)
      else readersByPath.set(target.path, new Set([slug]))
    }
  }
  lastNotesByPath = notesByPath
}

function sameFace(a: ParsedNote, b: ParsedNote): boolean {
  if (a.slug !== b.slug || a.title !== b.title || a.hidden !== b.hidden) return false
  if (a.headings.length !== b.headings.length || a.blocks.size !== b.blocks.size) return false
  for (let i = 0; i < a.headings.length; i++)
    if (a.headings[i]!.text !== b.headings[i]!.text || a.headings[i]!.id !== b.headings[i]!.id) return false
  for (const id of a.blocks) if (!b.blocks.has(id)) return false
  return true
}

/** Backlinks by the title of the note they come from; notes of the same title by URL. */
function backlinkOrder(a: Backlink, b: Backlink): number {
  return byTitle.compare(a.title, b.title) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0)
}

/** The backlinks given to each note (unsorted) in the build before: a rebuild changes only the lists its changed notes touch. */
let lastByTarget = new Map<Slug, Backlink[]>()

/**
 * The backlinks given to each note, unsorted: the build before's lists, with those the `changed`
 * notes gave before taken out and those they give now put in (new lists for those, the same
 * arrays for every other note). A build whose notes are not the same set gathers them all.
 */
function backlinksByTarget(
  resolutions: ReadonlyMap<Slug, Resolution>,
  changed: readonly Resolution[],
): Map<Slug, Backlink[]> {
  const removed = [...lastResolutions.keys()].some((slug) => !resolutions.has(slug))
  if (removed || changed.length > resolutions.size / 4) return addBacklinks(new Map(), resolutions.values())
  const byTarget = new Map(lastByTarget)
  const from = new Set<Slug>()
  const touched = new Set<Slug>()
  for (const resolution of changed) {
    from.add(resolution.note.slug)
    for (const [target] of lastResolutions.get(resolution.note.slug)?.backlinks ?? []) touched.add(target)
    for (const [target] of resolution.backlinks) touched.add(target)
  }
  for (const target of touched) {
    const kept = (lastByTarget.get(target) ?? []).filter((backlink) => !from.has(backlink.slug))
    if (kept.length) byTarget.set(target, kept)
    else byTarget.delete(target)
  }
  return addBacklinks(byTarget, changed)
}

/** Puts the backlinks each resolution gives into `byTarget`'s lists (which must be this build's own). */
function addBacklinks(byTarget: Map<Slug, Backlink[]>, from: Iterable<Resolution>): Map<Slug, Backlink[]> {
  for (const resolution of from)
    for (const [target, backlink] of resolution.backlinks) {
      const into = byTarget.get(target)
      if (into) into.push(backlink)
      else byTarget.set(target, [backlink])
    }
  return byTarget
}

/** Each note's resolution in the build before (`npm run dev`'s rebuilds), by slug. */
let lastResolutions = new Map<Slug, Resolution>()

/** One note's links, embeds and outlinks by the vault's names, the backlinks it gives, and its broken links. */
function resolveNote(
  note: ParsedNote,
  resolver: LinkResolver,
  notesByPath: ReadonlyMap<string, ParsedNote>,
): Resolution {
  const problems: Problem[] = []
  const targets = new Set<ParsedNote>()
  // Without a prototype: V8 keeps such an object as a dictionary, where a plain one made a hidden class
  // for each new key, and every note's keys are new (0.4 s of a 10,000-note build).
  const links: Record<string, LinkTarget | null> = Object.create(null)
  const embeds = new Set<Slug>()
  const outlinks = new Map<Slug, Backlink>()
  const backlinks = new Map<Slug, Backlink>()
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
      targets.add(target)
      const isBase = /\.base$/i.test(target.path)
      if (link.anchor) {
        anchor = resolveAnchor(target, link.anchor)
        if (!anchor && isBase) {
          // `#Name` matches a view exactly; with no match the first view shows (BASES B05).
          problems.push({
            file: note.path,
            line: link.line,
            message: `no view "${link.anchor}" in ${target.path}; its first view is shown: ${link.written}`,
          })
        } else if (!anchor) {
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
      // A base's view, a canvas's drawing, is made into this note's record by the build: nothing to fetch.
      if (link.kind === 'embed' && !isBase && !/\.canvas$/i.test(target.path)) embeds.add(target.slug)
      if (target.slug !== note.slug && !target.hidden) {
        if (!backlinks.has(target.slug))
          backlinks.set(target.slug, { slug: note.slug, title: note.title, context: link.context })
        if (outlinks.size < 40) outlinks.set(target.slug, { slug: target.slug, title: target.title })
      }
    }
    links[link.key] = anchor ? { to: entry.to, kind: entry.kind, anchor } : { to: entry.to, kind: entry.kind }
  }
  const prerendered = note.diagrams.length ? Object.assign(Object.create(null), note.prerendered) : note.prerendered
  for (const diagram of note.diagrams) {
    const hrefs: Record<string, string> = {}
    for (const [id, name] of diagram.nodes) {
      const entry = resolver.resolve(note.path, name)
      if (entry) hrefs[id] = hrefFor({ to: entry.to, kind: entry.kind })
    }
    prerendered[codeKey('mermaid', diagram.text)] = JSON.stringify(hrefs)
  }
  const image = previewImage(note.data.image ?? note.data.cover, note.path, resolver)
  const given = [...backlinks]
  const made = [...outlinks.values()]
  return {
    note,
    resolver,
    targets: [...targets],
    problems,
    backlinks: given,
    made: {
      ...note,
      prerendered,
      links,
      embeds: [...embeds],
      outlinks: made,
      ...(image ? { image } : {}),
    },
  }
}

/** The resolver of the build before (`npm run dev`'s rebuilds), by the names it was made from. */
let lastResolver: { entries: readonly VaultEntry[]; resolver: LinkResolver } | undefined

/** The same names (paths, kinds, URLs and aliases) in the same order: what a resolver is made from. */
function sameNames(before: readonly VaultEntry[], now: readonly VaultEntry[]): boolean {
  if (before.length !== now.length) return false
  for (let i = 0; i < now.length; i++) {
    const a = before[i]!
    const b = now[i]!
    if (a.path !== b.path || a.kind !== b.kind || a.to !== b.to) return false
    if (a.aliases !== b.aliases && !sameItems(a.aliases, b.aliases)) return false
  }
  return true
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

/** The social preview image (`image` or `cover`, Y15): a URL, or a vault attachment's served path. */
function previewImage(value: unknown, from: string, resolver: LinkResolver): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const text = value.trim()
  if (/^https?:\/\//i.test(text)) return text
  const path = PROPERTY_LINK_RE.exec(text)?.[1]?.split('|')[0] ?? text
  const entry = resolver.resolve(from, path)
  return entry?.kind === 'file' ? hrefFor({ to: entry.to, kind: 'file' }) : undefined
}
