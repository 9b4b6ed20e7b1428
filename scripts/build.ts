/**
 * `npm run build [-- <vault>] [--strict]` (`--help` for usage): reads the vault (default `content/`), writes
 *   dist/kv.json     every KV record, in `wrangler kv bulk put` format;
 *   dist/public/     attachments at their served paths, plus the site's CSS (Workers Static Assets).
 * The only code that reads the vault from disk. Prints every problem with file and line.
 */
import type { Dirent } from 'node:fs'
import { copyFile, mkdir, open, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join, relative, resolve, sep } from 'node:path'
import { Worker } from 'node:worker_threads'
import { fileURLToPath } from 'node:url'
import { createHash } from 'node:crypto'
import { build as esbuild } from 'esbuild'
import { IMMUTABLE_CACHE_CONTROL } from '../src/cache.ts'
import { tagPath } from '../src/core/markdown/tag.ts'
import type { NoteIndexRecord } from '../src/core/record.ts'
import { RECORD_VERSION } from '../src/core/record.ts'
import { slugFromPath } from '../src/core/slug.ts'
import {
  folderKey,
  mathRecordKey,
  NOTE_INDEX_KEY,
  noteKey,
  redirectKey,
  SITE_KEY,
  TAG_INDEX_KEY,
  tagKey,
} from '../src/core/record.ts'
import { commandLine } from './cli.ts'
import { buildSearchIndex } from './search-index.ts'
import type { BuiltVault, NoteSource, ParsedVault, Problem, VaultSettings } from './vault.ts'
import { assembleVault, decodeNote, mergeParsed, parseNotes } from './vault.ts'

export const ROOT = resolve(fileURLToPath(import.meta.url), '../..')
export const DEFAULT_VAULT = join(ROOT, 'content')
export const DEFAULT_OUT = join(ROOT, 'dist')

/** One entry of `wrangler kv bulk put`'s JSON file. */
export interface KvEntry {
  key: string
  value: string
}

/** The site's own static files: [source in the repository, served path under dist/public/]. */
const SITE_ASSETS: [string, string][] = [
  ['src/client/style.css', 'style.css'],
  ['src/client/diagrams.js', 'diagrams.js'],
  ['src/client/favicon.svg', 'favicon.svg'],
  ['node_modules/mermaid/dist/mermaid.min.js', 'mermaid.min.js'],
  ['node_modules/katex/dist/katex.min.css', 'katex/katex.min.css'],
]

/** Sources of the bundled client scripts (their hash is part of the assets version). */
const CLIENT_SOURCES = ['src/client/theme.ts', 'src/client/main.ts']

/**
 * Site assets are served under `/_hyphae/<version>/`, the version being a hash of their content
 * (and KaTeX's version, for its fonts): a changed file gets a new URL, so every asset can be
 * cached for a year as immutable (`_headers`, Workers Static Assets).
 */
async function assetsVersion(): Promise<string> {
  const hash = createHash('sha256')
  for (const [from] of SITE_ASSETS) hash.update(await readFile(join(ROOT, from)))
  for (const client of CLIENT_SOURCES) hash.update(await readFile(join(ROOT, client)))
  hash.update(JSON.parse(await readFile(join(ROOT, 'node_modules/katex/package.json'), 'utf8')).version)
  return hash.digest('hex').slice(0, 10)
}

/** Workers Static Assets' header rules: versioned site assets are immutable. */
const HEADERS_FILE = `/*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n/_hyphae/*\n  Cache-Control: ${IMMUTABLE_CACHE_CONTROL}\n`

/** The typed client code (src/client/*.ts), bundled and minified: theme.js runs in <head>, main.js as a module. */
async function bundleClient(assetsDir: string): Promise<void> {
  const common = { bundle: true, minify: true, target: 'es2022', outdir: assetsDir, logLevel: 'error' } as const
  await Promise.all([
    esbuild({ ...common, entryPoints: { theme: join(ROOT, 'src/client/theme.ts') }, format: 'iife' }),
    esbuild({ ...common, entryPoints: { main: join(ROOT, 'src/client/main.ts') }, format: 'esm' }),
  ])
}

/** KaTeX's fonts, woff2 only: every browser that runs the site reads woff2. */
async function copyKatexFonts(to: string): Promise<void> {
  const from = join(ROOT, 'node_modules/katex/dist/fonts')
  await mkdir(to, { recursive: true })
  const fonts = (await readdir(from)).filter((name) => name.endsWith('.woff2'))
  await Promise.all(fonts.map((name) => copyFile(join(from, name), join(to, name))))
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
export const DEFAULT_IGNORE = ['templates', 'private']

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

/** KV's limits: a key holds at most 512 bytes, a value at most 25 MiB. */
const MAX_KEY_BYTES = 512
const MAX_VALUE_BYTES = 25 * 1024 * 1024

/** Drops the entries KV would refuse, naming the note each came from. */
function withinKvLimits(entries: KvEntry[], vault: BuiltVault, problems: Problem[]): KvEntry[] {
  const paths = new Map(vault.notes.map((note) => [noteKey(note.slug), note.path]))
  return entries.filter((entry) => {
    const keyBytes = Buffer.byteLength(entry.key)
    const valueBytes = Buffer.byteLength(entry.value)
    if (keyBytes <= MAX_KEY_BYTES && valueBytes <= MAX_VALUE_BYTES) return true
    const why =
      keyBytes > MAX_KEY_BYTES
        ? `its key is ${keyBytes} bytes (KV allows ${MAX_KEY_BYTES}): shorten the file name or folders`
        : `its record is ${(valueBytes / 1048576).toFixed(1)} MiB (KV allows 25 MiB): split the note`
    problems.push({ file: paths.get(entry.key) ?? entry.key, message: `not published: ${why}` })
    return false
  })
}

/**
 * The settings a vault keeps in `.obsidian/app.json` that change how notes read: only
 * `strictLineBreaks` (Obsidian's default, when absent, is strict in hyphae: CommonMark's rule).
 */
async function readSettings(vaultDir: string): Promise<Pick<VaultSettings, 'breaks'>> {
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

/** Below this many notes, one thread is faster than starting others. */
const PARALLEL_FROM = 400

/**
 * Step 1 of the build on every core: each worker thread reads and parses an interleaved share
 * of the notes (so large and small notes spread evenly); the results merge in path order.
 */
async function parseInParallel(vaultDir: string, notePaths: string[]): Promise<ParsedVault> {
  const threads = notePaths.length < PARALLEL_FROM ? 1 : Math.min(availableParallelism(), 8)
  if (threads === 1) {
    return parseNotes(
      await Promise.all(notePaths.map(async (path) => decodeNote(path, await readFile(join(vaultDir, path))))),
    )
  }
  const shares = Array.from({ length: threads }, (_, i) => notePaths.filter((_, j) => j % threads === i))
  const parts = await Promise.all(
    shares.map(
      (paths) =>
        new Promise<ParsedVault>((resolvePart, reject) => {
          const worker = new Worker(new URL('./parse-worker.ts', import.meta.url), { workerData: { vaultDir, paths } })
          worker.once('message', resolvePart)
          worker.once('error', reject)
          worker.once('exit', (code) => code !== 0 && reject(new Error(`build worker exited with code ${code}`)))
        }),
    ),
  )
  return mergeParsed(parts)
}

export async function readVault(
  vaultDir: string,
): Promise<{ notes: NoteSource[]; attachments: string[]; settings: Pick<VaultSettings, 'breaks'> }> {
  const problems: Problem[] = []
  const paths = await listVault(vaultDir, await readIgnore(vaultDir, problems), problems)
  const notes = await Promise.all(
    paths.filter(isNote).map(async (path) => decodeNote(path, await readFile(join(vaultDir, path)))),
  )
  return { notes, attachments: paths.filter((path) => !isNote(path)), settings: await readSettings(vaultDir) }
}

export function kvEntries(vault: BuiltVault): KvEntry[] {
  return [
    ...[...vault.serialized].map(([slug, value]) => ({ key: noteKey(slug), value })),
    ...vault.tags.map((tag) => ({ key: tagKey(tagPath(tag.tag)), value: JSON.stringify(tag) })),
    ...vault.folders.map((folder) => ({
      key: folderKey(slugFromPath(`${folder.path}/index.md`)),
      value: JSON.stringify(folder),
    })),
    ...vault.redirects.map((redirect) => ({ key: redirectKey(redirect.from), value: JSON.stringify(redirect) })),
    ...[...vault.math].map(([key, html]) => ({ key: mathRecordKey(key), value: html })),
    ...[...buildSearchIndex(vault.notes)].map(([key, shard]) => ({ key, value: JSON.stringify(shard) })),
    { key: TAG_INDEX_KEY, value: JSON.stringify(vault.tagIndex) },
    { key: NOTE_INDEX_KEY, value: JSON.stringify(noteIndex(vault)) },
    { key: SITE_KEY, value: JSON.stringify(vault.site) },
  ]
}

/** Writes `wrangler kv bulk put`'s JSON file entry by entry, never holding it whole in memory. */
async function writeKvFile(path: string, entries: readonly KvEntry[]): Promise<void> {
  const file = await open(path, 'w')
  try {
    let chunk = '['
    for (let i = 0; i < entries.length; i++) {
      chunk += (i ? ',' : '') + JSON.stringify(entries[i])
      if (chunk.length > 1 << 20) {
        await file.write(chunk)
        chunk = ''
      }
    }
    await file.write(`${chunk}]`)
  } finally {
    await file.close()
  }
}

/** The `notes` record: every note's slug, title, date and description. */
function noteIndex(vault: BuiltVault): NoteIndexRecord {
  return {
    v: RECORD_VERSION,
    notes: vault.notes.map((note) => {
      const date = note.modified ?? note.date
      return {
        slug: note.slug,
        title: note.title,
        ...(date ? { date } : {}),
        ...(note.description ? { description: note.description } : {}),
      }
    }),
  }
}

export interface BuildResult {
  vault: BuiltVault
  kvFile: string
  entries: KvEntry[]
}

/** Builds `vaultDir` into `outDir` (kv.json and public/). */
export async function buildToDisk(vaultDir: string, outDir: string): Promise<BuildResult> {
  const listing: Problem[] = []
  const ignore = await readIgnore(vaultDir, listing)
  const [paths, settings, version] = await Promise.all([
    listVault(vaultDir, ignore, listing),
    readSettings(vaultDir),
    assetsVersion(),
  ])
  const assets = `/_hyphae/${version}`
  const attachments = paths.filter((path) => !isNote(path))
  const vault = assembleVault(await parseInParallel(vaultDir, paths.filter(isNote)), attachments, {
    ...settings,
    assets,
  })
  vault.problems.unshift(...listing)
  const entries = withinKvLimits(kvEntries(vault), vault, vault.problems)
  const publicDir = join(outDir, 'public')
  const assetsDir = join(publicDir, ...assets.split('/'))
  await rm(publicDir, { recursive: true, force: true })
  await mkdir(assetsDir, { recursive: true })
  await Promise.all([
    ...vault.attachments.map(async (file) => {
      const target = join(publicDir, ...file.to.split('/'))
      await mkdir(resolve(target, '..'), { recursive: true })
      await copyFile(join(vaultDir, file.path), target)
    }),
    ...SITE_ASSETS.map(async ([from, to]) => {
      await mkdir(resolve(join(assetsDir, to), '..'), { recursive: true })
      await copyFile(join(ROOT, from), join(assetsDir, to))
    }),
    copyKatexFonts(join(assetsDir, 'katex/fonts')),
    bundleClient(assetsDir),
    writeFile(join(publicDir, '_headers'), HEADERS_FILE),
  ])
  const kvFile = join(outDir, 'kv.json')
  await writeKvFile(kvFile, entries)
  return { vault, kvFile, entries }
}

/**
 * Prints the problems and a one-line summary. With `strict` (`--strict` on the command line) every
 * warning is an error: returns false, and the caller stops before anything is uploaded.
 */
export function report(result: BuildResult, vaultDir: string, strict = false): boolean {
  const level = strict ? 'error' : 'warning'
  for (const problem of result.vault.problems) {
    console.warn(
      `${level}: ${join(relative(process.cwd(), vaultDir) || '.', problem.file)}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`,
    )
  }
  const { notes, attachments, problems } = result.vault
  console.log(
    `built ${notes.length} notes, ${attachments.length} attachments, ${problems.length} ${level}s → ${relative(process.cwd(), result.kvFile)}`,
  )
  if (strict && problems.length) {
    console.error(`--strict: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was uploaded`)
    return false
  }
  return true
}

const USAGE = `Usage: npm run build -- [vault] [--strict]

Builds an Obsidian vault for the worker: every KV record into dist/kv.json (in \`wrangler kv bulk put\`
format), attachments and the site's CSS and scripts into dist/public/. Prints every problem (a broken
link or embed, frontmatter it cannot read) with file and line. Uploads nothing: see \`npm run deploy\`.

Arguments:
  vault       the vault folder (default: content/)

Options:
  --strict    treat every warning as an error: exit 1 if the vault has any problem
  -h, --help  print this help

Example:
  npm run build -- ~/Documents/notes --strict`

if (import.meta.main) {
  const { values, vault } = commandLine(USAGE, { strict: { type: 'boolean', default: false } }, DEFAULT_VAULT)
  if (!report(await buildToDisk(vault, DEFAULT_OUT), vault, values.strict)) process.exit(1)
}
