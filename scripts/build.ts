/**
 * `npm run build [-- <vault>] [--strict]` (`--help` for usage): the CLI shell of the build. It runs
 * the stages in order (scripts/stages/: read → parse → resolve → assemble → pack), each a function
 * of the one before, and writes
 *   dist/kv/         the packs and the root, a file per KV value (scripts/kv-dir.ts);
 *   dist/public/     attachments at their served paths, plus the site's CSS (Workers Static Assets).
 *                    Those it cannot hold (over 25 MiB, past 20,000 files) are left for R2 (stages/attachments.ts).
 * Prints every problem with file and line. Uploading (plan → upload) is `npm run dev` / `deploy`.
 */
import { createHash } from 'node:crypto'
import { appendFile, copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { basename, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serialize } from 'node:v8'
import { Worker } from 'node:worker_threads'
import { build as esbuild } from 'esbuild'
import { ATTACHMENT_CSP } from '../src/attachments.ts'
import { IMMUTABLE_CACHE_CONTROL } from '../src/cache.ts'
import { RECORDS } from '../src/core/records.ts'
import { encodeRoot, packKey, ROOT_KEY } from '../src/core/root.ts'
import { calloutIconCss } from './callout-icons.ts'
import { commandLine } from './cli.ts'
import { writeKvDir } from './kv-dir.ts'
import type { AssembledSite } from './stages/assemble.ts'
import { assembleProtected, assembleSite } from './stages/assemble.ts'
import {
  accessGroups,
  attachmentGroups,
  audienceView,
  groupNames,
  parseDevVars,
  passwordProblems,
  publishedAccess,
} from './stages/access.ts'
import type { Placement } from './stages/attachments.ts'
import { describePlacement, placeAttachments } from './stages/attachments.ts'
import type { BaseReport } from './stages/bases.ts'
import { baseNotes, evaluateBases } from './stages/bases.ts'
import { canvasSources } from './stages/canvases.ts'
import type { ParseContext } from './stages/draft.ts'
import type { ParsedVault } from './stages/parse.ts'
import { mergeParsed, parseNotes, withFormulas } from './stages/parse.ts'
import type { FreshParse, StoredBatch } from './stages/parse-store.ts'
import { BatchWriter, parseBatch, parseWithStore } from './stages/parse-store.ts'
import type { PackedSite } from './stages/pack.ts'
import { packSite } from './stages/pack.ts'
import type { KvEntry } from './stages/plan.ts'
import type { NoteSource, VaultListing } from './stages/read.ts'
import { listNotesAndAttachments, readNotes } from './stages/read.ts'
import { resolveVault } from './stages/resolve.ts'

export const ROOT = resolve(fileURLToPath(import.meta.url), '../..')
export const DEFAULT_VAULT = join(ROOT, 'content')
export const DEFAULT_OUT = join(ROOT, 'dist')

/** The site's own static files: [source in the repository, served path under dist/public/]. */
const SITE_ASSETS: [string, string][] = [
  ['src/client/style.css', 'style.css'],
  ['src/client/diagrams.js', 'diagrams.js'],
  ['src/client/favicon.svg', 'favicon.svg'],
  ['node_modules/mermaid/dist/mermaid.min.js', 'mermaid.min.js'],
  ['node_modules/katex/dist/katex.min.css', 'katex/katex.min.css'],
]

/** lucide-static's SVGs: the callouts' icons (scripts/callout-icons.ts). */
const LUCIDE_ICONS = join(ROOT, 'node_modules/lucide-static/icons')

/** Sources of the bundled client scripts (their hash is part of the assets version). */
const CLIENT_DIR = join(ROOT, 'src/client')

/**
 * Site assets are served under `/_hyphae/<version>/`, the version being a hash of their content
 * (and KaTeX's version, for its fonts): a changed file gets a new URL, so every asset can be
 * cached for a year as immutable (`_headers`, Workers Static Assets).
 */
async function assetsVersion(): Promise<string> {
  const hash = createHash('sha256')
  for (const [from] of SITE_ASSETS) hash.update(await readFile(join(ROOT, from)))
  for (const client of (await readdir(CLIENT_DIR)).filter((name) => name.endsWith('.ts')).sort())
    hash.update(await readFile(join(CLIENT_DIR, client)))
  hash.update(JSON.parse(await readFile(join(ROOT, 'node_modules/katex/package.json'), 'utf8')).version)
  hash.update(await calloutIconCss(LUCIDE_ICONS))
  return hash.digest('hex').slice(0, 10)
}

/**
 * Workers Static Assets' header rules (`_headers`): every attachment runs nothing on the site's
 * origin, and the site's own versioned assets are immutable. An SVG, HTML or XML file clipped from
 * the web and opened by its link is sandboxed (ATTACHMENT_CSP: no script, an opaque origin) and
 * never sniffed as another type. PDFs are the exception (src/attachments.ts, PDF_CSP).
 * The site's assets under /_hyphae/ are its own code: no sandbox there.
 */
const HEADERS_FILE = [
  '/*',
  '  X-Content-Type-Options: nosniff',
  '  Referrer-Policy: strict-origin-when-cross-origin',
  `  Content-Security-Policy: ${ATTACHMENT_CSP}`,
  // A rule cannot both detach the policy and set another: PDFs served as static assets get none.
  ...['/*.pdf', '/*.PDF'].flatMap((pattern) => [pattern, '  ! Content-Security-Policy']),
  '/_hyphae/*',
  '  ! Content-Security-Policy',
  `  Cache-Control: ${IMMUTABLE_CACHE_CONTROL}`,
  '',
].join('\n')

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

/** The secrets `npm run dev` gives the worker (`.dev.vars` beside wrangler.toml) and the environment's. */
async function localSecrets(): Promise<Map<string, string>> {
  const text = await readFile(join(ROOT, '.dev.vars'), 'utf8').catch(() => '')
  return parseDevVars(text, process.env)
}

/** Below this many notes, one thread is faster than starting others. */
const PARALLEL_FROM = 400

/**
 * Stage 2 on every core: each worker thread reads and parses an interleaved share of the notes (so
 * large and small notes spread evenly); the results merge in path order. With `filePrefix`, the
 * batches are also written to the parse store (stages/parse-store.ts).
 */
export async function parseFresh(
  vaultDir: string,
  notePaths: string[],
  context?: ParseContext,
  filePrefix?: string,
): Promise<FreshParse> {
  const threads = notePaths.length < PARALLEL_FROM ? 1 : Math.min(availableParallelism(), 8)
  if (threads === 1) {
    const batch = await parseBatch(vaultDir, notePaths, context, new Map())
    const writer = filePrefix === undefined ? undefined : new BatchWriter(filePrefix)
    writer?.write(serialize(batch))
    return { batches: [batch], files: writer?.close() ? [writer.path] : [] }
  }
  const shares = Array.from({ length: threads }, (_, i) => notePaths.filter((_, j) => j % threads === i))
  const parts = await Promise.all(
    shares.map(
      (paths, i) =>
        new Promise<FreshParse>((resolvePart, reject) => {
          const file = filePrefix === undefined ? undefined : `${filePrefix}-${i}`
          const worker = new Worker(new URL('./parse-worker.ts', import.meta.url), {
            workerData: { vaultDir, paths, context, file },
          })
          worker.once('message', ({ batches, written }: { batches: StoredBatch[]; written: boolean }) =>
            resolvePart({ batches, files: written && file ? [file] : [] }),
          )
          worker.once('error', reject)
          worker.once('exit', (code) => reject(new Error(`build worker exited with code ${code} before its last note`)))
        }),
    ),
  )
  return { batches: parts.flatMap((part) => part.batches), files: parts.flatMap((part) => part.files) }
}

/** Stage 2 of every note, on every core, as one parse (no store). */
export async function parseInParallel(
  vaultDir: string,
  notePaths: string[],
  context?: ParseContext,
): Promise<ParsedVault> {
  const { batches } = await parseFresh(vaultDir, notePaths, context)
  return withFormulas(mergeParsed(batches.map((batch) => batch.parsed)))
}

/**
 * Stage 2 with the parse store (stages/parse-store.ts) in `dir`, a folder of it for each vault:
 * only the notes changed since it was written are parsed. What `npm run build`, `deploy` and `dev` use.
 */
export function parseStored(
  dir = join(DEFAULT_OUT, 'cache', 'parse'),
): (vaultDir: string, notes: string[], context: ParseContext) => Promise<ParsedVault> {
  return (vaultDir, notes, context) => {
    const vault = createHash('sha256').update(resolve(vaultDir)).digest('hex').slice(0, 16)
    return parseWithStore(vaultDir, notes, context, join(dir, vault), (paths, prefix) =>
      parseFresh(vaultDir, paths, context, prefix),
    )
  }
}

/** Every note of the vault with its text, its attachments and settings (check:vault reads this). */
export async function readVault(
  vaultDir: string,
): Promise<{ notes: NoteSource[]; attachments: string[]; settings: { breaks: boolean } }> {
  const listing = await listNotesAndAttachments(vaultDir)
  return {
    notes: await readNotes(vaultDir, listing.notes),
    attachments: listing.attachments,
    settings: { breaks: listing.breaks },
  }
}

/** The packs and the root as `wrangler kv bulk put` entries: what a first upload of this build writes. */
export function kvEntries(packed: PackedSite): KvEntry[] {
  return [
    ...[...packed.packs].map(([name, pack]) => ({ key: packKey(name, pack.hash), value: pack.value })),
    { key: ROOT_KEY, value: encodeRoot(packed.root, {}, {}, packed.explorer) },
  ]
}

export interface BuildResult {
  site: AssembledSite
  packed: PackedSite
  /** dist/kv/: a file per value. */
  kvDir: string
  /** The packs and root of a first upload (the files in kvDir). */
  entries: KvEntry[]
  /** The attachments static assets cannot hold, for the R2 bucket (scripts/r2.ts uploads them). */
  placement: Placement
  /** What the vault left out and why, in one line (`left out: 52 notes in Templates/ (…), 1 draft`); undefined if nothing. */
  leftOut: string | undefined
  /** Bases and views evaluated, and expressions that could not be (scripts/stages/bases.ts). */
  bases: BaseReport
}

/** The build's one line on what it left out, reason by reason. */
export function describeLeftOut(
  reasons: ReadonlyMap<string, { notes: number; files: number }>,
  drafts: number,
): string | undefined {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`
  const parts = [...reasons].map(([reason, { notes, files }]) => {
    const what = [notes ? count(notes, 'note') : '', files ? count(files, 'file') : ''].filter(Boolean).join(' and ')
    return `${what} ${reason}`
  })
  if (drafts) parts.push(count(drafts, 'draft'))
  return parts.length ? `left out: ${parts.join(', ')}` : undefined
}

/** The site a vault makes: stages read → parse → (bases) → resolve → (bases) → assemble. check:vault reports on it. */
export async function assembleFromDisk(
  vaultDir: string,
  assets: string,
  parse: (vaultDir: string, notes: string[], context: ParseContext) => Promise<ParsedVault> = parseInParallel,
  list: (vaultDir: string) => Promise<VaultListing> = listNotesAndAttachments,
): Promise<{ site: AssembledSite; leftOut: string | undefined; bases: BaseReport; canvases: number }> {
  const listing = await list(vaultDir)
  const parsed = await parse(vaultDir, listing.notes, {
    breaks: listing.breaks,
    notes: listing.notes,
    attachments: listing.attachments,
  })
  parsed.problems.unshift(...listing.problems)
  // Each .base file is a page of its own; its views are evaluated once links are resolved.
  const bases = baseNotes(listing.bases, parsed.problems)
  // Each .canvas is a page too, parsed from its cards' markdown and drawn in assemble.
  const canvases = canvasSources(listing.canvases, parsed.problems)
  const canvasNotes = parseNotes(canvases.sources).notes.map((note) => ({
    ...note,
    title: note.path.slice(note.path.lastIndexOf('/') + 1).replace(/\.canvas$/i, ''),
  }))
  parsed.notes = [...parsed.notes, ...bases.notes, ...canvasNotes].sort((a, b) => (a.path < b.path ? -1 : 1))
  const resolved = resolveVault(parsed, listing.attachments, listing.options)
  // Who may see each note (stages/access.ts): the public records are made from the public's view alone.
  const groups = accessGroups(resolved.notes, listing.options.access)
  const now = Date.now()
  // Attachments only protected notes show are served by the worker, from R2, to their readers alone.
  const files = attachmentGroups(resolved, groups, listing.options.access)
  const evaluated = evaluateBases(audienceView(resolved, groups, undefined, files), bases.configs, listing.stats, now)
  const settings = {
    breaks: listing.breaks,
    assets,
    ...(listing.options.title ? { title: listing.options.title } : {}),
    vaultName: basename(resolve(vaultDir)),
    options: listing.options,
  }
  const site = assembleSite(evaluated.resolved, settings, canvases.canvases)
  for (const group of groupNames(groups)) {
    const view = audienceView({ ...resolved, problems: [] }, groups, group, files)
    const seen = evaluateBases(view, bases.configs, listing.stats, now).resolved
    const paths = new Set(seen.notes.filter((note) => groups.get(note.slug) === group).map((note) => note.path))
    site.problems.push(...seen.problems.filter((problem) => paths.has(problem.file)))
    const made = assembleProtected(seen, group, groups, settings, canvases.canvases)
    site.entries.push(...made.entries)
    for (const [key, typeset] of made.formulas) site.formulas.set(key, typeset)
  }
  site.access = publishedAccess(groups)
  site.files = Object.fromEntries([...files].filter(([, readers]) => readers.length))
  // The public view holds the public files: the protected go back in (for R2), the unreadable stay out.
  site.attachments = resolved.attachments.filter((file) => files.get(file.to)?.length !== 0)
  const pathOf = new Map(resolved.notes.map((note) => [note.slug, note.path]))
  site.problems.push(...passwordProblems(groups, await localSecrets(), (slug) => pathOf.get(slug) ?? slug))
  return {
    site,
    leftOut: describeLeftOut(listing.leftOut, parsed.drafts.length),
    bases: evaluated.report,
    canvases: canvases.canvases.size,
  }
}

export interface BuildOptions {
  /** Stage 2 (default: every note, on every core); `npm run dev` passes its cache (scripts/dev/parse-cache.ts). */
  parse?: (vaultDir: string, notes: string[], context: ParseContext) => Promise<ParsedVault>
  /** Stage 1 (default: the whole vault listed); `npm run dev` passes its cache (scripts/dev/listing-cache.ts). */
  list?: (vaultDir: string) => Promise<VaultListing>
  /**
   * A rebuild while watching: the site's own assets are already in outDir, attachments are copied
   * only when they changed, and those of this earlier build no longer in the vault are removed.
   */
  rebuildOf?: BuildResult
}

/** Builds `vaultDir` into `outDir` (kv/ and public/): the site (assembleFromDisk), then pack. */
export async function buildToDisk(vaultDir: string, outDir: string, options: BuildOptions = {}): Promise<BuildResult> {
  // A rebuild writes no site assets (they are in outDir already): it names the ones written.
  const assets = options.rebuildOf?.site.site.assets ?? `/_hyphae/${await assetsVersion()}`
  const { site, leftOut, bases } = await assembleFromDisk(vaultDir, assets, options.parse, options.list)
  const paths = new Map(site.notes.map((note) => [RECORDS.note.key(note.slug), note.path]))
  const packed = packSite(site.entries, site.formulas, site, site.problems, (key) => paths.get(key) ?? key, {
    previous: options.rebuildOf?.packed.root.layout,
    reuse: options.rebuildOf?.packed.packs,
  })
  const entries = kvEntries(packed)
  const publicDir = join(outDir, 'public')
  const assetsDir = join(publicDir, ...assets.split('/'))
  if (!options.rebuildOf) await writeSiteAssets(publicDir, assetsDir)
  // After the site's assets: they count against static assets' file limit too.
  const placement = await placeAttachments(vaultDir, publicDir, site.attachments, {
    unchangedKept: Boolean(options.rebuildOf),
    previous: options.rebuildOf?.site.attachments ?? [],
    guarded: new Set(Object.keys(site.files ?? {})),
  })
  const kvDir = join(outDir, 'kv')
  await writeKvDir(kvDir, entries, options.rebuildOf?.entries)
  return {
    site,
    packed,
    kvDir,
    entries,
    placement,
    leftOut,
    bases,
  }
}

/** dist/public/ afresh: the site's stylesheet, scripts, fonts and favicon under /_hyphae/<version>/, and _headers. */
async function writeSiteAssets(publicDir: string, assetsDir: string): Promise<void> {
  await rm(publicDir, { recursive: true, force: true })
  await mkdir(assetsDir, { recursive: true })
  await Promise.all([
    ...SITE_ASSETS.map(async ([from, to]) => {
      await mkdir(resolve(join(assetsDir, to), '..'), { recursive: true })
      await copyFile(join(ROOT, from), join(assetsDir, to))
      // The callouts' Lucide icons join the stylesheet: one file, one request.
      if (to === 'style.css') await appendFile(join(assetsDir, to), await calloutIconCss(LUCIDE_ICONS))
    }),
    copyKatexFonts(join(assetsDir, 'katex/fonts')),
    bundleClient(assetsDir),
    writeFile(join(publicDir, '_headers'), HEADERS_FILE),
  ])
}

/**
 * Prints the problems and a one-line summary. With `strict` (`--strict` on the command line) every
 * warning is an error: returns false, and the caller stops before anything is uploaded.
 */
export function report(result: BuildResult, vaultDir: string, strict = false): boolean {
  const level = strict ? 'error' : 'warning'
  for (const problem of result.site.problems) {
    console.warn(
      `${level}: ${join(relative(process.cwd(), vaultDir) || '.', problem.file)}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`,
    )
  }
  if (result.leftOut) console.log(result.leftOut)
  for (const line of describePlacement(result.placement)) console.log(line)
  const { notes, attachments, problems, access } = result.site
  const groups = new Map<string, number>()
  for (const group of Object.values(access ?? {})) groups.set(group, (groups.get(group) ?? 0) + 1)
  const guarded = [...groups].sort().map(([group, count]) => `${group}: ${count}`)
  const protectedPart = guarded.length ? ` (and ${Object.keys(access!).length} protected: ${guarded.join(', ')})` : ''
  console.log(
    `built ${notes.length} notes${protectedPart}, ${attachments.length} attachments, ${problems.length} ${level}s → ${relative(process.cwd(), result.kvDir)}/`,
  )
  if (strict && problems.length) {
    console.error(`--strict: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was uploaded`)
    return false
  }
  return true
}

const USAGE = `Usage: npm run build -- [vault] [--strict]

Builds an Obsidian vault for the worker: its KV records, gathered into packs, into dist/kv/ (a file
per KV value), attachments and the site's CSS and scripts into dist/public/. Prints every problem (a broken
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
  if (!report(await buildToDisk(vault, DEFAULT_OUT, { parse: parseStored() }), vault, values.strict)) process.exit(1)
}
