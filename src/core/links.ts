/**
 * Link resolution, as Obsidian resolves links (OFM-SPEC L01–L09, U02–U04). Used by the build only,
 * but kept in core so its rules are tested beside the slug rule.
 *
 * A link path is tried, in order:
 *  1. `./x` or `../x`: relative to the linking note's folder, and nothing else;
 *  2. `/x`: from the vault root, and nothing else;
 *  3. as a path from the vault root (`folder/Note`);
 *  4. relative to the linking note's folder;
 *  5. by file name, when the path is a suffix of exactly the file's path (`Note`, `sub/Note`);
 *     several matches: the one in the linking note's folder, else the shortest path, else the first in A–Z order (U02);
 *  6. by a frontmatter alias (a bare name only; U04).
 * Matching ignores case (U03). `.md` may be omitted for notes; attachments need their extension (L07).
 */

/** A note or attachment as the resolver sees it. */
export interface VaultEntry {
  /** Path in the vault: `thoughts/Alignment.md`, `thoughts/images/scale.webp`. */
  path: string
  kind: 'note' | 'file'
  /** The note's slug, or the attachment's served path without the leading `/`. */
  to: string
  aliases: readonly string[]
}

function lookupKey(path: string): string {
  // NFC only matters outside ASCII; most paths skip it.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the range is all of ASCII, controls included
  return (/[^\x00-\x7f]/.test(path) ? path.normalize('NFC') : path).toLowerCase().replace(/\.md$/, '')
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/')
  return slash === -1 ? '' : path.slice(0, slash)
}

/** Joins and normalises `a/b` + `../c`; undefined when it climbs above the vault root. */
export function joinPath(folder: string, relative: string): string | undefined {
  const out: string[] = folder ? folder.split('/') : []
  for (const segment of relative.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') {
      if (out.length === 0) return undefined
      out.pop()
    } else out.push(segment)
  }
  return out.join('/')
}

/** An entry by its file name, with its path's lookup key (made once, compared for every link). */
interface Named {
  entry: VaultEntry
  key: string
}

export class LinkResolver {
  readonly #byPath = new Map<string, VaultEntry>()
  readonly #byName = new Map<string, Named[]>()
  readonly #byAlias = new Map<string, VaultEntry[]>()

  constructor(entries: Iterable<VaultEntry>) {
    for (const entry of entries) {
      // Notes are keyed without `.md`; attachments keep their extension.
      const pathKey = lookupKey(entry.path)
      if (!this.#byPath.has(pathKey)) this.#byPath.set(pathKey, entry)
      const name = pathKey.slice(pathKey.lastIndexOf('/') + 1)
      const named = this.#byName.get(name)
      if (named) named.push({ entry, key: pathKey })
      else this.#byName.set(name, [{ entry, key: pathKey }])
      for (const alias of entry.aliases) {
        const aliasKey = lookupKey(alias)
        this.#byAlias.set(aliasKey, [...(this.#byAlias.get(aliasKey) ?? []), entry])
      }
    }
  }

  /** Answers by folder and link (null: nothing): a vault links to the same notes from many notes of one folder. */
  readonly #memo = new Map<string, VaultEntry | null>()

  /** The entry `linkPath`, written in the note at `fromPath`, points at; undefined when none. */
  resolve(fromPath: string, linkPath: string): VaultEntry | undefined {
    // An empty path is the note itself, so it depends on the file, not just its folder.
    const key = linkPath.trim() === '' ? `${fromPath}\0` : `${folderOf(fromPath)}\0${linkPath}`
    const known = this.#memo.get(key)
    if (known !== undefined) return known ?? undefined
    const entry = this.#resolve(fromPath, linkPath)
    this.#memo.set(key, entry ?? null)
    return entry
  }

  #resolve(fromPath: string, linkPath: string): VaultEntry | undefined {
    const path = linkPath.trim().replace(/\\/g, '/')
    const folder = folderOf(fromPath)
    if (path === '') return this.#byPath.get(lookupKey(fromPath))
    if (path.startsWith('./') || path.startsWith('../')) return this.#get(joinPath(folder, path))
    if (path.startsWith('/')) return this.#get(joinPath('', path))
    // A bare name (most links): the path from the root and from the folder need no joining.
    const plain = !path.includes('/') && path !== '.' && path !== '..'
    const direct = plain
      ? (this.#byPath.get(lookupKey(path)) ?? this.#byPath.get(lookupKey(folder ? `${folder}/${path}` : path)))
      : (this.#get(joinPath('', path)) ?? this.#get(joinPath(folder, path)))
    if (direct) return direct
    const key = lookupKey(path)
    const name = key.slice(key.lastIndexOf('/') + 1)
    const named = this.#byName.get(name) ?? []
    const byName = plain
      ? named.map((candidate) => candidate.entry)
      : named.flatMap((candidate) =>
          candidate.key === key || candidate.key.endsWith(`/${key}`) ? [candidate.entry] : [],
        )
    const best = pickBest(byName, folder)
    if (best || key.includes('/')) return best
    return pickBest(this.#byAlias.get(key) ?? [], folder)
  }

  #get(path: string | undefined): VaultEntry | undefined {
    return path === undefined ? undefined : this.#byPath.get(lookupKey(path))
  }
}

/** Several candidates (U02): the one in the linking note's folder, else the shortest path, else A–Z first. */
function pickBest(candidates: VaultEntry[], folder: string): VaultEntry | undefined {
  if (candidates.length <= 1) return candidates[0]
  const local = candidates.find((entry) => folderOf(entry.path).toLowerCase() === folder.toLowerCase())
  if (local) return local
  return [...candidates].sort((a, b) => a.path.length - b.path.length || (a.path < b.path ? -1 : 1))[0]
}
