/**
 * The only code that writes to R2. It uploads the attachments the build left for the
 * bucket (scripts/stages/attachments.ts), only those that changed, and deletes the objects of files
 * that are no longer there. What the bucket holds is recorded in the bucket itself, in
 * `_hyphae/r2-manifest.json` (served path → sha256 of the file): every machine that deploys compares
 * against the same record, and a rerun after a failure uploads only what is still missing.
 *
 * A deploy reaches the bucket through wrangler commands, each naming its target (`--local` is what
 * `wrangler dev` serves, `--remote` the real bucket); `npm run dev` through the binding of the platform
 * proxy it already holds for local KV (scripts/local-kv.ts).
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, openAsBlob } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { RESERVED_PREFIX } from '../src/attachments.ts'
import { mediaTypeOf } from '../src/media-type.ts'
import type { R2File } from './stages/attachments.ts'
import type { KvTarget } from './upload.ts'
import { WRANGLER } from './upload.ts'

const ROOT_DIR = resolve(fileURLToPath(import.meta.url), '../..')
const MANIFEST_KEY = `${RESERVED_PREFIX}r2-manifest.json`
const MANIFEST_VERSION = 1
/** `wrangler r2 object put --remote` sends a file in one request, and refuses files over 300 MiB. */
const REMOTE_MAX_BYTES = 300 * 1024 * 1024
/** Wrangler processes at once: each upload is one, and the network, not the machine, is the limit. */
const COMMANDS_AT_ONCE = 4
/** Files hashed at once (each holds a file open). */
const HASHES_AT_ONCE = 16

/** The exact wrangler command for one operation on the object at `bucket/key`. */
export function r2Command(
  verb: 'get' | 'put' | 'delete',
  target: KvTarget,
  objectPath: string,
  options: { file?: string; persistTo?: string } = {},
): string[] {
  return [
    WRANGLER,
    'r2',
    'object',
    verb,
    objectPath,
    ...(verb === 'get' ? ['--pipe'] : []),
    ...(options.file ? ['--file', options.file, '--content-type', mediaTypeOf(objectPath)] : []),
    `--${target}`,
    ...(target === 'local' && options.persistTo ? ['--persist-to', options.persistTo] : []),
  ]
}

/** Terminal colour codes, which wrangler writes even into a pipe. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape character is the point
const ANSI_RE = /\u001b\[[0-9;]*m/g

class CommandError extends Error {
  /** What wrangler printed on stderr. */
  readonly stderr: string

  constructor(argv: readonly string[], stderr: string) {
    const plain = stderr.replace(ANSI_RE, '')
    const reason = plain.split('\n').find((line) => line.includes('ERROR')) ?? plain.trim()
    super(`command failed: ${argv.join(' ')}: ${reason}`)
    this.stderr = stderr
  }
}

/** Runs wrangler; resolves with its output, rejects with its error line. */
function wrangler(argv: readonly string[]): Promise<string> {
  return new Promise((done, fail) => {
    execFile(
      argv[0]!,
      argv.slice(1),
      {
        cwd: ROOT_DIR,
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      },
      (error, stdout, stderr) => (error ? fail(new CommandError(argv, stderr)) : done(stdout)),
    )
  })
}

/** Runs `work` on every item, at most `limit` at once; the first failure rejects once the others stop. */
async function eachAtOnce<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const errors: unknown[] = []
  const worker = async () => {
    for (let i = next++; i < items.length && !errors.length; i = next++)
      await work(items[i]!).catch((e) => errors.push(e))
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  if (errors.length) throw errors[0]
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk)
  return hash.digest('hex')
}

/** The bucket wrangler.toml binds as ATTACHMENTS (its `[[r2_buckets]]` table), if it binds one. */
function attachmentsBucket(toml: string): string | undefined {
  const table = toml
    .split(/^\[/m)
    .find((part) => part.startsWith('[r2_buckets]]') && /^binding\s*=\s*"ATTACHMENTS"/m.test(part))
  return table === undefined ? undefined : /^bucket_name\s*=\s*"([^"]+)"/m.exec(table)?.[1]
}

/** The few operations the sync needs of a bucket: through wrangler commands, or a binding in-process. */
export interface AttachmentBucket {
  /** The bucket's name, for messages. */
  name: string
  /** The object's text; undefined when the bucket holds none at `key`. */
  get(key: string): Promise<string | undefined>
  /** Uploads the file at `path` as `key`, with the Content-Type its name implies. */
  put(key: string, path: string): Promise<void>
  delete(key: string): Promise<void>
  /** Operations in flight at once. */
  atOnce: number
  /** The largest file `put` takes; larger ones are reported and left out. */
  maxBytes: number
  /** What to tell the writer when the bucket itself is missing. */
  missing(message: string): string
}

/**
 * The bucket wrangler.toml binds as ATTACHMENTS, through one wrangler command per operation; undefined
 * when it binds none. Local commands run one at a time: each starts its own workerd on the same
 * `.wrangler/state`, and two at once can fail a write ("Unspecified error", seen in CI).
 */
export async function wranglerBucket(
  target: KvTarget,
  options: { persistTo?: string } = {},
): Promise<AttachmentBucket | undefined> {
  const bucket = attachmentsBucket(await readFile(join(ROOT_DIR, 'wrangler.toml'), 'utf8'))
  if (!bucket) return undefined
  const command = (verb: 'get' | 'put' | 'delete', key: string, file?: string) =>
    r2Command(verb, target, `${bucket}/${key}`, { persistTo: options.persistTo, ...(file ? { file } : {}) })
  return {
    name: bucket,
    async get(key) {
      try {
        return await wrangler(command('get', key))
      } catch (error) {
        if (error instanceof CommandError && error.stderr.includes('The specified key does not exist')) return undefined
        throw error
      }
    },
    put: async (key, path) => void (await wrangler(command('put', key, path))),
    delete: async (key) => void (await wrangler(command('delete', key))),
    atOnce: target === 'local' ? 1 : COMMANDS_AT_ONCE,
    maxBytes: target === 'remote' ? REMOTE_MAX_BYTES : Number.POSITIVE_INFINITY,
    missing: (message) =>
      message.includes('bucket does not exist')
        ? `${message}\nCreate it once: npx wrangler r2 bucket create ${bucket}`
        : message,
  }
}

/** A bucket binding (the local one `wrangler dev` serves, reached through getPlatformProxy) as an AttachmentBucket. */
export function boundBucket(binding: R2Bucket, name: string): AttachmentBucket {
  return {
    name,
    get: async (key) => (await binding.get(key))?.text(),
    async put(key, path) {
      await binding.put(key, await openAsBlob(path), { httpMetadata: { contentType: mediaTypeOf(key) } })
    },
    delete: (key) => binding.delete(key),
    atOnce: COMMANDS_AT_ONCE,
    maxBytes: Number.POSITIVE_INFINITY,
    missing: (message) => message,
  }
}

/** The manifest's files (served path → sha256); a manifest it cannot read counts as an empty bucket. */
function parseManifest(text: string): Map<string, string> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {}
  const files =
    typeof value === 'object' && value !== null && 'v' in value && value.v === MANIFEST_VERSION && 'files' in value
      ? value.files
      : undefined
  if (typeof files !== 'object' || files === null) {
    console.warn(`warning: R2's ${MANIFEST_KEY} is not a manifest this version reads: every file is uploaded again`)
    return new Map()
  }
  return new Map(Object.entries(files).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
}

/** What the bucket holds, by its manifest: none yet is an empty bucket, and so, in a dry run, is one it cannot read. */
async function readManifest(bucket: AttachmentBucket, dryRun = false): Promise<Map<string, string>> {
  let text: string | undefined
  try {
    text = await bucket.get(MANIFEST_KEY)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    if (!dryRun) throw new Error(bucket.missing(message))
    console.log(`could not read the R2 bucket (${message}); planning a first upload`)
  }
  return text === undefined ? new Map() : parseManifest(text)
}

export interface AttachmentSync {
  /** Served paths uploaded (in a dry run: to upload). */
  uploaded: string[]
  /** Objects of files R2 no longer serves (gone from the vault, or back in static assets). */
  stale: string[]
  /** Deletes the stale objects: call it once no page links to them, after the root switch. */
  prune(): Promise<void>
}

/**
 * Makes the bucket hold `files` (the build's `placement.r2`): uploads each file whose hash the
 * manifest does not have, then records it. Run it before the site switches to the new build, so no
 * page links to a file that is not there yet; `prune()` after. A file over 300 MiB cannot go to the
 * real bucket through wrangler: it is reported and left out.
 */
export async function syncAttachments(
  files: readonly R2File[],
  bucket: AttachmentBucket | undefined,
  options: { dryRun?: boolean } = {},
): Promise<AttachmentSync> {
  if (!bucket) {
    if (!files.length) return { uploaded: [], stale: [], prune: async () => {} }
    throw new Error(
      `${files.length} attachments need the R2 bucket (over 25 MiB, or past static assets' file count), and wrangler.toml binds none as ATTACHMENTS: add its [[r2_buckets]] table back`,
    )
  }
  const live = await readManifest(bucket, options.dryRun)

  const hashes = new Map<string, string>()
  await eachAtOnce(files, HASHES_AT_ONCE, async (file) => void hashes.set(file.to, await sha256(file.source)))
  const uploads = files.filter((file) => {
    if (live.get(file.to) === hashes.get(file.to)) return false
    if (file.to.startsWith(RESERVED_PREFIX)) {
      console.warn(`warning: ${file.path}: its path /${file.to} is reserved for the site; not uploaded to R2`)
      return false
    }
    if (file.size > bucket.maxBytes) {
      console.warn(
        `warning: ${file.path}: wrangler uploads at most 300 MiB to R2; upload it as ${bucket.name}/${file.to} with Content-Type ${mediaTypeOf(file.to)} another way (the dashboard, or an S3 client: developers.cloudflare.com/r2/objects/upload-objects/)`,
      )
      return false
    }
    return true
  })
  const wanted = new Set(files.map((file) => file.to))
  const stale = [...live.keys()].filter((key) => !wanted.has(key))
  const result = { uploaded: uploads.map((file) => file.to), stale }
  if (options.dryRun) return { ...result, prune: async () => {} }

  /** What the bucket holds as the commands succeed; written back even when one fails, so a rerun resumes. */
  const held = new Map(live)
  const writeManifest = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hyphae-r2-'))
    try {
      const file = join(dir, 'r2-manifest.json')
      const sorted = [...held].sort(([a], [b]) => (a < b ? -1 : 1))
      await writeFile(file, JSON.stringify({ v: MANIFEST_VERSION, files: Object.fromEntries(sorted) }))
      await bucket.put(MANIFEST_KEY, file)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
  let done = 0
  try {
    await eachAtOnce(uploads, bucket.atOnce, async (file) => {
      await bucket.put(file.to, file.source)
      held.set(file.to, hashes.get(file.to)!)
      done++
    })
  } finally {
    if (done) await writeManifest()
  }
  return {
    ...result,
    prune: async () => {
      if (!stale.length) return
      try {
        await eachAtOnce(stale, bucket.atOnce, async (key) => {
          await bucket.delete(key)
          held.delete(key)
        })
      } finally {
        await writeManifest()
      }
    },
  }
}
