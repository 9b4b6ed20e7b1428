/**
 * Stage 2's results kept on disk between runs (`dist/cache/parse/`): a second `npm run build`,
 * `deploy` or `dev` of a vault parses only the notes whose file changed since (its size,
 * modification or change time differ); the others are read back as their parse left them. A
 * build from the store makes what a full parse makes (test/node/parse-store.test.ts compares).
 *
 * Layout: `index.json` holds the store's key (this code, this Node's V8, the vault's folder and
 * its line-break setting: under any other key nothing is read) and its batch files, oldest first;
 * a batch file is a run of [4-byte length, v8-serialized StoredBatch]. A note in a later file wins
 * over the same path in an earlier one. The index is replaced (a rename) only once every file it
 * names is whole, so a build stopped midway leaves the store as it was; files it no longer names
 * are removed.
 */
import { createHash } from 'node:crypto'
import type { Dirent } from 'node:fs'
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deserialize, serialize } from 'node:v8'
import type { Prerendered } from '../prerender.ts'
import type { ParseContext } from './draft.ts'
import type { ParsedVault, PostedNote, PostedVault } from './parse.ts'
import { mergeParsed, parseNotes, withFormulas, withoutFormulas } from './parse.ts'
import type { Problem } from './read.ts'
import { problemsByFile, readNotes } from './read.ts'

/** A file's size, modification and change times (ms): a note is parsed again when any differs. */
type FileStat = [size: number, mtime: number, ctime: number]

/** Some notes' parse as stored and as a parse thread posts it. */
export interface StoredBatch {
  /** Each parsed file's stat, taken before it was read (a save during the build is seen next time). */
  stats: [path: string, ...FileStat][]
  /** As withoutFormulas leaves it; `formulas` holds the HTML of those this file had not typeset before. */
  parsed: PostedVault
}

/** What the parse of a list of notes made from scratch, and the store files it wrote whole. */
export interface FreshParse {
  batches: StoredBatch[]
  files: string[]
}

const REPOSITORY = resolve(fileURLToPath(import.meta.url), '../../..')

function fileStat(vaultDir: string, path: string): FileStat {
  const info = statSync(join(vaultDir, path))
  return [info.size, info.mtimeMs, info.ctimeMs]
}

/**
 * Reads, parses and drafts `paths`, stat'ing each file first. `typeset`: what this thread typeset
 * before; the batch's `formulas` holds only what it adds (the rest is in an earlier batch).
 */
export async function parseBatch(
  vaultDir: string,
  paths: readonly string[],
  context: ParseContext | undefined,
  typeset: Map<string, Prerendered>,
): Promise<StoredBatch> {
  const stats = paths.map((path): [string, ...FileStat] => [path, ...fileStat(vaultDir, path)])
  const parsed = parseNotes(await readNotes(vaultDir, paths), typeset, context)
  const fresh = new Map<string, Prerendered>()
  for (const [key, value] of parsed.formulas) {
    if (typeset.has(key)) continue
    typeset.set(key, value)
    fresh.set(key, value)
  }
  return { stats, parsed: withoutFormulas({ ...parsed, formulas: fresh }) }
}

/** Appends batches to one store file; a write that fails (a full disk) leaves `ok` false and writes no more. */
export class BatchWriter {
  readonly path: string
  ok = true
  #fd: number | undefined

  constructor(path: string) {
    this.path = path
  }

  write(bytes: Uint8Array): void {
    if (!this.ok) return
    try {
      if (this.#fd === undefined) {
        mkdirSync(resolve(this.path, '..'), { recursive: true })
        this.#fd = openSync(this.path, 'w')
      }
      const length = Buffer.alloc(4)
      length.writeUInt32LE(bytes.byteLength)
      writeSync(this.#fd, length)
      writeSync(this.#fd, bytes)
    } catch {
      this.ok = false
    }
  }

  /** Closes the file; true when every batch is in it. */
  close(): boolean {
    try {
      if (this.#fd !== undefined) closeSync(this.#fd)
    } catch {
      this.ok = false
    }
    return this.ok && this.#fd !== undefined
  }
}

/** The batches of one store file. */
function readBatches(path: string): StoredBatch[] {
  const bytes = readFileSync(path)
  const batches: StoredBatch[] = []
  for (let at = 0; at < bytes.length; ) {
    const length = bytes.readUInt32LE(at)
    if (at + 4 + length > bytes.length) throw new Error(`${path} ends inside a batch`)
    batches.push(deserialize(bytes.subarray(at + 4, at + 4 + length)) as StoredBatch)
    at += 4 + length
  }
  return batches
}

/** Every file under `dir`, sorted, for the store's key. */
function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
}

/** What a stored parse is valid for: the code that made it, the V8 that serialized it, the vault and its line breaks. */
function storeKey(vaultDir: string, breaks: boolean): string {
  const hash = createHash('sha256')
  hash.update(`${process.versions.v8}\n${resolve(vaultDir)}\n${breaks}\n`)
  const code = [...filesUnder(join(REPOSITORY, 'src')), ...filesUnder(join(REPOSITORY, 'scripts'))]
  for (const path of [...code, join(REPOSITORY, 'package-lock.json')]) {
    hash.update(`${path}\n`)
    try {
      hash.update(readFileSync(path))
    } catch {
      // A lockfile that is not there is part of the key too.
    }
  }
  return hash.digest('hex')
}

/** One note's stored parse: the note (none for a draft or an empty file), its problems, whether it is a draft. */
interface StoredNote {
  stat: FileStat
  note: PostedNote | undefined
  problems: Problem[]
  draft: boolean
  file: string
}

interface Index {
  key: string
  files: string[]
}

interface Stored {
  notes: Map<string, StoredNote>
  formulas: Map<string, Prerendered>
  /** How many notes each file holds, those a later file holds again included. */
  counts: Map<string, number>
}

/** The store's notes by path (a later file's over an earlier's) and every formula in it; empty when it has none for `key`. */
function readStore(dir: string, key: string): Stored {
  const notes = new Map<string, StoredNote>()
  const formulas = new Map<string, Prerendered>()
  const counts = new Map<string, number>()
  let index: Index
  try {
    index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as Index
  } catch {
    return { notes, formulas, counts }
  }
  if (index.key !== key || !Array.isArray(index.files)) return { notes, formulas, counts }
  try {
    for (const file of index.files) {
      for (const batch of readBatches(join(dir, file))) {
        for (const [key, value] of batch.parsed.formulas) formulas.set(key, value)
        const byPath = new Map(batch.parsed.notes.map((note) => [note.path, note]))
        const problems = problemsByFile(batch.parsed.problems)
        const drafts = new Set(batch.parsed.drafts)
        counts.set(file, (counts.get(file) ?? 0) + batch.stats.length)
        for (const [path, ...stat] of batch.stats) {
          const note = byPath.get(path)
          notes.set(path, { stat, note, problems: problems.get(path) ?? [], draft: drafts.has(path), file })
        }
      }
    }
  } catch (error) {
    // A file gone since the index was read: another build of the vault replaced the store meanwhile.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      console.warn(
        `hyphae: the parse cache in ${dir} could not be read (${error instanceof Error ? error.message : error}); parsing every note`,
      )
    notes.clear()
    counts.clear()
  }
  return { notes, formulas, counts }
}

/** The stored notes as one batch: what they are merged from, and what a store with too many notes parsed again since is rewritten as. */
function batchOf(entries: readonly [string, StoredNote][], formulas: ReadonlyMap<string, Prerendered>): StoredBatch {
  const notes = entries.flatMap(([, entry]) => (entry.note ? [entry.note] : []))
  const keys = new Set(notes.flatMap((note) => note.prerendered))
  return {
    stats: entries.map(([path, entry]) => [path, ...entry.stat]),
    parsed: {
      notes,
      problems: entries.flatMap(([, entry]) => entry.problems),
      formulas: new Map([...keys].flatMap((key) => (formulas.has(key) ? [[key, formulas.get(key)!] as const] : []))),
      drafts: entries.flatMap(([path, entry]) => (entry.draft ? [path] : [])),
    },
  }
}

function writeIndex(dir: string, index: Index): void {
  try {
    const temporary = join(dir, `index.json.${process.pid}`)
    writeFileSync(temporary, JSON.stringify(index))
    renameSync(temporary, join(dir, 'index.json'))
    for (const name of readdirSync(dir))
      if (name !== 'index.json' && !index.files.includes(name)) rmSync(join(dir, name), { force: true })
  } catch (error) {
    console.warn(
      `hyphae: the parse cache in ${dir} could not be written (${error instanceof Error ? error.message : error}); the next build parses every note again`,
    )
  }
}

/**
 * Stage 2 with the store in `dir`: the notes whose file is as it was when stored, taken from it;
 * the others parsed by `parseFresh` (which writes its batches to store files named from the
 * prefix it is given); then the store made to hold exactly this vault's notes.
 */
export async function parseWithStore(
  vaultDir: string,
  paths: readonly string[],
  context: ParseContext,
  dir: string,
  parseFresh: (paths: string[], filePrefix: string) => Promise<FreshParse>,
): Promise<ParsedVault> {
  const key = storeKey(vaultDir, context.breaks)
  const stored = readStore(dir, key)
  const kept: [string, StoredNote][] = []
  const stale: string[] = []
  for (const path of paths) {
    const entry = stored.notes.get(path)
    const now = entry && fileStat(vaultDir, path)
    if (entry && now && entry.stat.every((value, i) => value === now[i])) kept.push([path, entry])
    else stale.push(path)
  }
  const prefix = `${Date.now().toString(36)}-${process.pid}`
  const fresh = stale.length ? await parseFresh(stale, join(dir, prefix)) : { batches: [], files: [] }
  const name = (path: string) => path.slice(dir.length + 1)
  let keptFiles = [...new Set(kept.map(([, entry]) => entry.file))]
  const inKeptFiles = keptFiles.reduce((sum, file) => sum + stored.counts.get(file)!, 0)
  const keptBatch = batchOf(kept, stored.formulas)
  if (inKeptFiles > 2 * kept.length + 100) {
    // Most of what the kept files hold was parsed again or left the vault: the kept notes go to one file.
    const writer = new BatchWriter(join(dir, `${prefix}-kept`))
    writer.write(serialize(keptBatch))
    if (writer.close()) keptFiles = [name(writer.path)]
  }
  if (stale.length || stored.notes.size !== kept.length)
    writeIndex(dir, { key, files: [...keptFiles, ...fresh.files.map(name)] })
  return withFormulas(mergeParsed([keptBatch.parsed, ...fresh.batches.map((batch) => batch.parsed)]))
}
