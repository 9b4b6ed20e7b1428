/**
 * Where each attachment is served from. Workers Static Assets hold at most 25 MiB a file and 20,000
 * files a version on the free plan (developers.cloudflare.com/workers/platform/limits/#static-assets),
 * and wrangler refuses to start or deploy past either. So a file over 25 MiB goes to the R2 bucket,
 * and when the attachments and the site's own assets would pass the file count, so do the largest of
 * the rest until it fits. The others are copied into dist/public/ at their served paths. A file in
 * R2 keeps its served path: scripts/r2.ts uploads it there and src/attachments.ts answers that path.
 */
import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Attachment } from './resolve.ts'

const MIB = 1024 * 1024
/** Workers Static Assets' largest file. */
const MAX_FILE_BYTES = 25 * MIB
/** Workers Static Assets' files a version, on the free plan. */
const MAX_FILES = 20_000
/** Files kept free under the count, so a few more site assets or a vault edit never tip a deploy over. */
const FILE_MARGIN = 500

/** Not assets: wrangler reads these files of the assets folder as configuration. */
const CONFIG_FILES = new Set(['_headers', '_redirects', '.assetsignore'])

/** At most this many attachments copied at once (a laptop's open-file limit). */
const COPIES_AT_ONCE = 32

/** Why a file is served from R2: too large, past the file count, or for some readers only (stages/access.ts). */
type R2Reason = 'size' | 'count' | 'protected'

export interface R2File extends Attachment {
  /** The file on disk. */
  source: string
  size: number
  reason: R2Reason
}

export interface Placement {
  /** The attachments R2 serves, in path order. */
  r2: R2File[]
  /** Files in dist/public/: the attachments copied there and the site's own assets. */
  staticFiles: number
}

/**
 * The files that go to R2 and why: each over the size limit; then, while the rest and the site's
 * own `siteFiles` would be more than `budget` static files, the largest of the rest. Any file moved
 * frees one place; the largest are the fewest requests per byte through the worker, and the many
 * small ones stay where static assets answer them without running it.
 */
export function chooseR2<T extends { path: string; size: number }>(
  files: readonly T[],
  siteFiles: number,
  budget = MAX_FILES - FILE_MARGIN,
): Map<T, R2Reason> {
  const chosen = new Map<T, R2Reason>()
  for (const file of files) if (file.size > MAX_FILE_BYTES) chosen.set(file, 'size')
  const fitting = files.filter((file) => !chosen.has(file))
  const over = fitting.length + siteFiles - budget
  if (over > 0) {
    const largest = [...fitting].sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1))
    for (const file of largest.slice(0, over)) chosen.set(file, 'count')
  }
  return chosen
}

/** Files already in `dir` (the site's own assets), not counting wrangler's configuration files. */
async function countFiles(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile() && !(entry.parentPath === dir && CONFIG_FILES.has(entry.name))).length
}

/** Copies what fits into `publicDir` (which already holds the site's assets); returns what goes to R2. */
/**
 * Copies what static assets can hold into `publicDir` and lists the rest for R2. With `unchangedKept`
 * (a rebuild while `npm run dev` watches) a file already there with the same size and a newer time
 * is not copied again, and files of `previous` no longer in the vault are removed: wrangler dev
 * restarts its worker whenever its assets folder changes.
 */
export async function placeAttachments(
  vaultDir: string,
  publicDir: string,
  attachments: readonly Attachment[],
  {
    unchangedKept = false,
    previous = [],
    guarded = new Set(),
  }: {
    unchangedKept?: boolean
    previous?: readonly Attachment[]
    /** Served paths of protected attachments: never static assets, which answer anyone. */
    guarded?: ReadonlySet<string>
  } = {},
): Promise<Placement> {
  if (unchangedKept) {
    const now = new Set(attachments.map((file) => file.to))
    await Promise.all(
      previous
        .filter((file) => !now.has(file.to))
        .map((file) => rm(join(publicDir, ...file.to.split('/')), { force: true })),
    )
  }
  const [sized, siteFiles] = await Promise.all([
    Promise.all(
      attachments.map(async (file) => {
        const source = join(vaultDir, file.path)
        return { ...file, source, size: (await stat(source)).size }
      }),
    ),
    countFiles(publicDir),
  ])
  const chosen = new Map<(typeof sized)[number], R2Reason>()
  for (const file of sized) if (guarded.has(file.to)) chosen.set(file, 'protected')
  for (const [file, reason] of chooseR2(
    sized.filter((file) => !chosen.has(file)),
    siteFiles,
  ))
    chosen.set(file, reason)
  // A file that was a static asset before (public, or small) must not stay one.
  await Promise.all([...chosen.keys()].map((file) => rm(join(publicDir, ...file.to.split('/')), { force: true })))
  const copies = sized.filter((file) => !chosen.has(file))
  let next = 0
  const copier = async () => {
    for (let i = next++; i < copies.length; i = next++) {
      const file = copies[i]!
      const target = join(publicDir, ...file.to.split('/'))
      if (unchangedKept) {
        const [from, to] = await Promise.all([stat(file.source), stat(target).catch(() => undefined)])
        if (to && to.size === from.size && to.mtimeMs >= from.mtimeMs) continue
      }
      await mkdir(resolve(target, '..'), { recursive: true })
      await copyFile(file.source, target)
    }
  }
  await Promise.all(Array.from({ length: COPIES_AT_ONCE }, copier))
  const r2 = [...chosen].map(([file, reason]) => ({ ...file, reason })).sort((a, b) => (a.path < b.path ? -1 : 1))
  return { r2, staticFiles: siteFiles + copies.length }
}

const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`

/** What the build prints: one line per file sent to R2, with its size and why, and a summary. */
export function describePlacement({ r2, staticFiles }: Placement): string[] {
  if (!r2.length) return []
  const why = {
    size: `over Workers Static Assets' ${MAX_FILE_BYTES / MIB} MiB a file`,
    count: `one of the largest, past Workers Static Assets' ${MAX_FILES.toLocaleString('en')} files a version`,
    protected: 'shown only by protected notes: the worker serves it to their readers alone',
  }
  const total = r2.reduce((sum, file) => sum + file.size, 0)
  return [
    ...r2.map((file) => `attachment to R2: ${file.path} (${mib(file.size)}, ${why[file.reason]})`),
    `${r2.length} attachment${r2.length === 1 ? '' : 's'} (${mib(total)}) served from the R2 bucket at their usual paths; ${staticFiles.toLocaleString('en')} files in static assets`,
  ]
}
