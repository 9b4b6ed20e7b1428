/**
 * The explorer: the vault's folders and notes as one navigation, drawn here once as HTML (part of
 * stage 4) and kept in the root's fourth line (src/core/root.ts), so a page shows it with no read of
 * its own; the worker only opens the current note's folders and marks it (src/pages/explorer.ts).
 *
 * Folders are `<details>`, so they open and close without JavaScript. Each level lists first what
 * Publish's `navigationOrdering` names, in its order, then folders A–Z, then notes A–Z. A large vault
 * lists at most MAX_ENTRIES folders and notes: every folder, then the notes of the shallowest
 * folders while they fit; a folder whose notes do not fit links to its folder page instead.
 */
import { escapeHtml } from '../../src/core/html.ts'
import type { Slug } from '../../src/core/slug.ts'
import { HOME_SLUG, hrefFromSlug, slugFromPath } from '../../src/core/slug.ts'
import type { UiStrings } from '../../src/pages/strings.ts'
import { byTitle } from './resolve.ts'

/**
 * Enough for most gardens whole; past it, every page would carry a long list of links. Measured in
 * workerd on the bench's 10,000-note vault: 1,000 entries (84 KB a page) took a median note's CPU
 * from 0.9 to 1.9 ms and a 30 KB note's from 1.9 to 4.8 ms; 360 to 500 entries add 0.1 to 0.25 ms.
 */
const MAX_ENTRIES = 400

export interface ExplorerNote {
  slug: Slug
  path: string
  title: string
}

interface Folder {
  name: string
  slug: Slug
  depth: number
  folders: Map<string, Folder>
  notes: ExplorerNote[]
  /** Whether its notes are listed (else a link to its folder page). */
  listed: boolean
}

function tree(notes: readonly ExplorerNote[]): { root: Folder; all: Folder[] } {
  const root: Folder = { name: '', slug: HOME_SLUG, depth: 0, folders: new Map(), notes: [], listed: true }
  const all: Folder[] = []
  for (const note of notes) {
    // The home note is the site's title link.
    if (note.slug === HOME_SLUG) continue
    const names = note.path.split('/').slice(0, -1)
    let folder = root
    for (const [i, name] of names.entries()) {
      let next = folder.folders.get(name)
      if (!next) {
        const path = names.slice(0, i + 1).join('/')
        next = {
          name,
          slug: slugFromPath(`${path}/index.md`),
          depth: i + 1,
          folders: new Map(),
          notes: [],
          listed: true,
        }
        folder.folders.set(name, next)
        all.push(next)
      }
      folder = next
    }
    folder.notes.push(note)
  }
  return { root, all }
}

/** Notes of the shallowest folders first, while every folder and they fit in MAX_ENTRIES. */
function budget(root: Folder, all: Folder[]): void {
  let left = MAX_ENTRIES - all.length - root.notes.length
  const byDepth = [...all].sort((a, b) => a.depth - b.depth)
  for (const folder of byDepth) {
    folder.listed = folder.notes.length <= left
    if (folder.listed) left -= folder.notes.length
  }
}

export function explorerHtml(
  notes: readonly ExplorerNote[],
  navigation: readonly string[] | undefined,
  words: Pick<UiStrings, 'explorer' | 'noteCount'>,
): string {
  const { root, all } = tree(notes)
  budget(root, all)
  const order = new Map((navigation ?? []).map((slug, i) => [slug, i]))
  const rank = (slug: string) => order.get(slug) ?? Number.POSITIVE_INFINITY
  const level = (folder: Folder): string => {
    const entries: { kind: number; slug: Slug; title: string; inner?: Folder }[] = [
      ...[...folder.folders.values()].map((inner) => ({ kind: 0, slug: inner.slug, title: inner.name, inner })),
      ...(folder.listed ? folder.notes : []).map((note) => ({ kind: 1, slug: note.slug, title: note.title })),
    ]
    entries.sort(
      (a, b) =>
        rank(a.slug) - rank(b.slug) ||
        a.kind - b.kind ||
        byTitle.compare(a.title, b.title) ||
        (a.slug < b.slug ? -1 : 1),
    )
    const items = entries.map((entry) => {
      if (!entry.inner)
        return `<li><a href="${escapeHtml(hrefFromSlug(entry.slug))}">${escapeHtml(entry.title)}</a></li>`
      const inner = entry.inner
      const more = inner.listed
        ? ''
        : `<li><a class="explorer-more" href="${escapeHtml(hrefFromSlug(inner.slug))}">${escapeHtml(words.noteCount(inner.notes.length))}</a></li>`
      return `<li><details data-folder="${escapeHtml(inner.slug)}"><summary>${escapeHtml(inner.name)}</summary><ul>${level(inner)}${more}</ul></details></li>`
    })
    return items.join('')
  }
  const list = level(root)
  return list
    ? `<nav class="explorer" id="explorer" aria-label="${escapeHtml(words.explorer)}"><ul>${list}</ul></nav>`
    : ''
}
