/**
 * Stage 2 for `npm run dev`'s watch: a note is read and parsed again only when its size or
 * modification time changed since the last build, so a save re-parses one note. What a build
 * makes from the cache is exactly what a full build makes (test/node/watch.test.ts replays edits).
 *
 * A save that breaks a note that built before (frontmatter that does not parse, bytes that are not
 * UTF-8, an emptied file) keeps the note's last good version on the site and says so (the writer
 * is mid-edit); the warning names the file and line as the build's does.
 */
import { statSync } from 'node:fs'
import { join } from 'node:path'
import type { Prerendered } from '../prerender.ts'
import type { ParseContext } from '../stages/draft.ts'
import type { ParsedVault } from '../stages/parse.ts'
import { mergeParsed, parseNotes } from '../stages/parse.ts'
import type { Problem } from '../stages/read.ts'
import { problemsByFile, readNotes } from '../stages/read.ts'

interface Entry {
  size: number
  mtime: number
  parsed: ParsedVault
}

/** A parse the writer would not want to publish over a good one. */
function broken(parsed: ParsedVault, path: string): boolean {
  return parsed.problems.some(
    (problem) => problem.file === path && /^(frontmatter ignored|not valid UTF-8|empty note)/.test(problem.message),
  )
}

export class ParseCache {
  readonly #entries = new Map<string, Entry>()
  /** Every formula and code block typeset so far, by key: a save typesets only what is new in it. */
  #formulas = new Map<string, Prerendered>()
  /** Paths parsed again by the last call: what changed. */
  reparsed: string[] = []

  /**
   * The first build: every note through `parseAll` (on every core), then kept note by note. Each
   * file's size and time are taken before it is read, so a save during the build is seen next time.
   */
  async seed(
    vaultDir: string,
    paths: string[],
    parseAll: (vaultDir: string, paths: string[]) => Promise<ParsedVault>,
  ): Promise<ParsedVault> {
    const stats = statAll(vaultDir, paths)
    const parsed = await parseAll(vaultDir, paths)
    this.#formulas = new Map(parsed.formulas)
    const notes = new Map(parsed.notes.map((note) => [note.path, note]))
    const drafts = new Set(parsed.drafts)
    const problems = problemsByFile(parsed.problems)
    for (const file of stats) {
      const note = notes.get(file.path)
      this.#entries.set(file.path, {
        size: file.size,
        mtime: file.mtime,
        parsed: {
          notes: note ? [note] : [],
          problems: problems.get(file.path) ?? [],
          formulas: new Map(),
          drafts: drafts.has(file.path) ? [file.path] : [],
        },
      })
    }
    this.reparsed = [...paths]
    return parsed
  }

  /**
   * The notes at `paths`, parsing again those whose size or time changed. `saved`: the paths the
   * watcher saw change since the last call, when it could name them all; then only those, and
   * notes new to the cache, are stat'ed. `context`: the vault's names and line breaks, so a note
   * parsed again gets its draft as in a full build (stages/draft.ts).
   */
  async parse(
    vaultDir: string,
    paths: readonly string[],
    saved?: readonly string[],
    context?: ParseContext,
  ): Promise<ParsedVault> {
    const wanted = new Set(paths)
    for (const path of this.#entries.keys()) if (!wanted.has(path)) this.#entries.delete(path)
    const hinted = saved && new Set(saved)
    const stats = statAll(
      vaultDir,
      hinted ? paths.filter((path) => hinted.has(path) || !this.#entries.has(path)) : paths,
    )
    const stale = stats.filter((file) => {
      const entry = this.#entries.get(file.path)
      return !entry || entry.size !== file.size || entry.mtime !== file.mtime
    })
    this.reparsed = stale.map((file) => file.path)
    const sources = await readNotes(
      vaultDir,
      stale.map((file) => file.path),
    )
    const kept: Problem[] = []
    for (const [i, source] of sources.entries()) {
      const file = stale[i]!
      const parsed = parseNotes([source], this.#formulas, context)
      for (const [key, typeset] of parsed.formulas) this.#formulas.set(key, typeset)
      const previous = this.#entries.get(file.path)
      if (previous && broken(parsed, file.path) && !broken(previous.parsed, file.path)) {
        // The last good version stays; the warnings say what is wrong and that it was kept.
        for (const problem of parsed.problems)
          kept.push({ ...problem, message: `${problem.message} (the last good version is still shown)` })
        this.#entries.set(file.path, { ...previous, size: file.size, mtime: file.mtime })
        continue
      }
      this.#entries.set(file.path, { size: file.size, mtime: file.mtime, parsed })
    }
    const merged = mergeParsed(paths.map((path) => this.#entries.get(path)!.parsed))
    // A kept note's own problems from its good parse, plus what is wrong with the save.
    merged.problems.push(...kept)
    return merged
  }
}

/** Each file's size and modification time (synchronously: a stat opens no file, and a loop of them is fastest). */
function statAll(vaultDir: string, paths: readonly string[]) {
  return paths.map((path) => {
    const info = statSync(join(vaultDir, path))
    return { path, size: info.size, mtime: info.mtimeMs }
  })
}
