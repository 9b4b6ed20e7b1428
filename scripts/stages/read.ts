/**
 * Stage 1, read: the vault folder → the paths to publish, the vault's settings, and each note's
 * text. The only stage that touches the disk. Files are read a bounded number at a time, so a
 * vault of any size builds within a laptop's open-file limit (macOS allows 256 by default).
 */
import type { Dirent } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'

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

/** Every file of the vault, skipping hidden files and folders (`.obsidian/`, `.trash/`, `.git/`…). */
async function listVault(dir: string, ignore: readonly string[], problems: Problem[]): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  const ignored = new Set(ignore.map((folder) => folder.toLowerCase()))
  const inVault = (path: string) => {
    const segments = path.split('/')
    return (
      !segments.some((segment) => segment.startsWith('.')) &&
      !segments.slice(0, -1).some((segment) => ignored.has(segment.toLowerCase()))
    )
  }
  const relativePath = (entry: Dirent) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/')
  for (const entry of entries) {
    // A symbolic link could lead anywhere on the disk: never followed.
    if (entry.isSymbolicLink() && inVault(relativePath(entry)))
      problems.push({
        file: relativePath(entry),
        message: 'symbolic link skipped (only files inside the vault are published)',
      })
  }
  return entries
    .filter((entry) => entry.isFile())
    .map(relativePath)
    .filter(inVault)
    .sort()
}

/** Folders never published, by name at any depth, unless the vault's `hyphae.json` lists others. */
const DEFAULT_IGNORE = ['templates', 'private']

/** The vault's `hyphae.json`: `{ "ignore": ["templates", "private", …] }`. */
async function readIgnore(vaultDir: string, problems: Problem[]): Promise<string[]> {
  let text: string
  try {
    text = await readFile(join(vaultDir, 'hyphae.json'), 'utf8')
  } catch {
    return DEFAULT_IGNORE
  }
  try {
    const config: unknown = JSON.parse(text)
    const ignore = typeof config === 'object' && config !== null && 'ignore' in config ? config.ignore : undefined
    if (Array.isArray(ignore) && ignore.every((folder) => typeof folder === 'string')) return ignore
    problems.push({ file: 'hyphae.json', message: '"ignore" must be a list of folder names; using the defaults' })
  } catch (error) {
    problems.push({
      file: 'hyphae.json',
      message: `not valid JSON (${error instanceof Error ? error.message : error}); using the defaults`,
    })
  }
  return DEFAULT_IGNORE
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
  /** Obsidian's "Strict line breaks" is off (`.obsidian/app.json`): single newlines are line breaks. */
  breaks: boolean
  problems: Problem[]
}

export async function listNotesAndAttachments(vaultDir: string): Promise<VaultListing> {
  const problems: Problem[] = []
  const ignore = await readIgnore(vaultDir, problems)
  const [paths, settings] = await Promise.all([listVault(vaultDir, ignore, problems), readSettings(vaultDir)])
  return {
    notes: paths.filter(isNote),
    attachments: paths.filter((path) => !isNote(path)),
    breaks: settings.breaks,
    problems,
  }
}
