/**
 * Stage 1, read: the vault folder → the paths to publish, the vault's settings, and each note's
 * text. The only stage that touches the disk. Files are read a bounded number at a time, so a
 * vault of any size builds within a laptop's open-file limit (macOS allows 256 by default).
 */
import type { Dirent } from 'node:fs'
import { statSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { readLeaveOut } from './leave-out.ts'
import type { SiteOptions } from './site-options.ts'
import { readSiteOptions } from './site-options.ts'

export interface NoteSource {
  /** Path in the vault, with `/` separators: `thoughts/Alignment.md`. */
  path: string
  source: string
  /** The file was not valid UTF-8 (it was decoded with replacement characters). */
  invalidUtf8?: boolean
}

/** Decodes a note's bytes; bytes that are not UTF-8 become U+FFFD and the note says so. */
function decodeNote(path: string, bytes: Uint8Array): NoteSource {
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

/** Problems by the file they are in, each file's in the order given. */
export function problemsByFile(problems: readonly Problem[]): Map<string, Problem[]> {
  const byFile = new Map<string, Problem[]>()
  for (const problem of problems) {
    const list = byFile.get(problem.file)
    if (list) list.push(problem)
    else byFile.set(problem.file, [problem])
  }
  return byFile
}

/** Every file of the vault, skipping hidden files and folders (`.obsidian/`, `.trash/`, `.git/`…). */
async function listVault(dir: string, problems: Problem[]): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  const visible = (path: string) => !path.split('/').some((segment) => segment.startsWith('.'))
  const relativePath = (entry: Dirent) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/')
  for (const entry of entries) {
    // A symbolic link could lead anywhere on the disk: never followed.
    if (entry.isSymbolicLink() && visible(relativePath(entry)))
      problems.push({
        file: relativePath(entry),
        message: 'symbolic link skipped (only files inside the vault are published)',
      })
  }
  return entries
    .filter((entry) => entry.isFile())
    .map(relativePath)
    .filter(visible)
    .sort()
}

/**
 * The settings a vault keeps in `.obsidian/app.json` that change how notes read: only
 * `strictLineBreaks` (Obsidian's default, when absent, is strict in hyphae: CommonMark's rule).
 */
async function readSettings(vaultDir: string): Promise<{ breaks: boolean }> {
  try {
    const app: unknown = JSON.parse(await readFile(join(vaultDir, '.obsidian/app.json'), 'utf8'))
    return {
      breaks: typeof app === 'object' && app !== null && 'strictLineBreaks' in app && app.strictLineBreaks === false,
    }
  } catch {
    return { breaks: false }
  }
}

function isNote(path: string): boolean {
  return /\.md$/i.test(path)
}

function isBase(path: string): boolean {
  return /\.base$/i.test(path)
}

/**
 * Each file's size and times. Synchronously: a stat opens no file, and 10,000 of them take tens
 * of milliseconds in a loop, ten times less than through the thread pool's queue.
 */
export function statFiles(
  vaultDir: string,
  paths: readonly string[],
): Map<string, { size: number; ctime: number; mtime: number }> {
  const stats = new Map<string, { size: number; ctime: number; mtime: number }>()
  for (const path of paths) {
    const info = statSync(join(vaultDir, path))
    stats.set(path, {
      size: info.size,
      ctime: Math.round(info.birthtimeMs || info.ctimeMs),
      mtime: Math.round(info.mtimeMs),
    })
  }
  return stats
}

const PUBLISH_JS = '(publish.js: it runs only when hyphae.json says "publishJs": true)'

/** At most this many files open at once: well under macOS's default limit of 256. */
const OPEN_FILES = 64

/** Each path's note, read OPEN_FILES at a time; in the order given. */
export async function readNotes(vaultDir: string, paths: readonly string[]): Promise<NoteSource[]> {
  const sources: NoteSource[] = new Array(paths.length)
  let next = 0
  const reader = async () => {
    for (let i = next++; i < paths.length; i = next++) {
      sources[i] = decodeNote(paths[i]!, await readFile(join(vaultDir, paths[i]!)))
    }
  }
  await Promise.all(Array.from({ length: Math.min(OPEN_FILES, paths.length) }, reader))
  return sources
}

/** What the read stage found: every path to publish, the vault's settings, and what was wrong. */
export interface VaultListing {
  notes: string[]
  attachments: string[]
  /**
   * `.base` files (Obsidian Bases), with their text; `page: false` for one in the template folder,
   * which serves the notes that embed it but has no page of its own.
   */
  bases: { path: string; source: string; page: boolean }[]
  /** `.canvas` files (JSON Canvas), with their text: each a page (scripts/stages/canvases.ts). */
  canvases: { path: string; source: string }[]
  /** Size and times of every published file, for bases (`file.size`, `file.mtime`). */
  stats: Map<string, { size: number; ctime: number; mtime: number }>
  /** Why files were left out (leave-out.ts), each reason with how many notes and other files. */
  leftOut: Map<string, { notes: number; files: number }>
  /** The site's name and home note, as the vault sets them (site-options.ts). */
  options: SiteOptions
  /** Obsidian's "Strict line breaks" is off (`.obsidian/app.json`): single newlines are line breaks. */
  breaks: boolean
  problems: Problem[]
}

export async function listNotesAndAttachments(vaultDir: string): Promise<VaultListing> {
  const problems: Problem[] = []
  const [all, settings, leaveOut, options] = await Promise.all([
    listVault(vaultDir, problems),
    readSettings(vaultDir),
    readLeaveOut(vaultDir, problems),
    readSiteOptions(vaultDir, problems),
  ])
  const leftOut = new Map(leaveOut.reasons.map((reason) => [reason, { notes: 0, files: 0 }]))
  const basePaths: { path: string; page: boolean }[] = []
  const canvasPaths: string[] = []
  const paths = all.filter((path) => {
    if (/\.canvas$/i.test(path) && leaveOut.reasonFor(path) === undefined) {
      canvasPaths.push(path)
      return false
    }
    if (isBase(path)) {
      const page = leaveOut.reasonFor(path) === undefined
      if (page || leaveOut.inTemplateFolder(path)) basePaths.push({ path, page })
      return false
    }
    // The vault's settings for hyphae and for Publish are read above, never published; its
    // publish.js only when the writer opted in.
    if (path === 'hyphae.json' || path === 'site-options.json') return false
    if (path === 'publish.js' && !options.publishJs) {
      leftOut.set(PUBLISH_JS, { notes: 0, files: 1 })
      return false
    }
    const reason = leaveOut.reasonFor(path)
    if (reason === undefined) return true
    leftOut.get(reason)![isNote(path) ? 'notes' : 'files'] += 1
    return false
  })
  for (const [reason, count] of leftOut) if (!count.notes && !count.files) leftOut.delete(reason)
  const stats = statFiles(vaultDir, [...paths, ...basePaths.map((base) => base.path), ...canvasPaths])
  const [bases, canvases] = await Promise.all([
    Promise.all(
      basePaths.map(async (base) => ({ ...base, source: (await readNotes(vaultDir, [base.path]))[0]!.source })),
    ),
    readNotes(vaultDir, canvasPaths),
  ])
  return {
    bases,
    canvases: canvases.map(({ path, source }) => ({ path, source })),
    stats,
    notes: paths.filter(isNote),
    attachments: paths.filter((path) => !isNote(path)),
    leftOut,
    options,
    breaks: settings.breaks,
    problems,
  }
}
