/**
 * Stage 1 for `npm run dev`'s watch: the vault is listed again (every folder read, every file
 * stat'ed) only when a save may have changed which files there are. When every path the watcher
 * saw change is a file the last listing published and is still there (a save of a note, an
 * attachment, a `.base` or `.canvas`), the listing stays and only those files are stat'ed and,
 * for bases and canvases, read again. A new file, a deletion, a rename, a settings file
 * (hyphae.json, `.obsidian/app.json`…) or a path the watcher could not name lists everything.
 * What a build makes from the cache is exactly what a full build makes (test/node/watch.test.ts).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { VaultListing } from '../stages/read.ts'
import { listNotesAndAttachments, readNotes, statFiles } from '../stages/read.ts'

export class ListingCache {
  #last: VaultListing | undefined

  /** The vault's listing, given the paths saved since the last call (undefined: not known, list it all). */
  async list(vaultDir: string, changed: readonly string[] | undefined): Promise<VaultListing> {
    const last = this.#last
    const known = (path: string) => last!.stats.has(path) && existsSync(join(vaultDir, path))
    if (!last || !changed?.length || !changed.every(known)) {
      this.#last = await listNotesAndAttachments(vaultDir)
      return this.#last
    }
    const saved = new Set(changed)
    const stats = new Map(last.stats)
    for (const [path, stat] of statFiles(vaultDir, changed)) stats.set(path, stat)
    const reread = async <T extends { path: string; source: string }>(files: readonly T[]): Promise<T[]> => {
      const fresh = await readNotes(
        vaultDir,
        files.filter((file) => saved.has(file.path)).map((file) => file.path),
      )
      const sources = new Map(fresh.map((file) => [file.path, file.source]))
      return files.map((file) => (sources.has(file.path) ? { ...file, source: sources.get(file.path)! } : file))
    }
    this.#last = {
      ...last,
      stats,
      bases: await reread(last.bases),
      canvases: await reread(last.canvases),
      problems: [...last.problems],
    }
    return this.#last
  }
}
