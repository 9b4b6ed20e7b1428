/**
 * Between resolve and assemble: who may see each note. A note is protected when its frontmatter
 * says `access: <group>` or it lies in a folder hyphae.json maps to a group (site-options.ts); the
 * frontmatter wins. Each audience (the public, or one group) gets its own view of the resolved
 * vault: the notes it may see, whose links to the others are locked (`LinkTarget.locked`: the
 * written text, the URL, nothing of the note), whose embeds, backlinks and outlinks leave them out.
 * Assemble makes the public records from the public view only, so nothing of a protected note is in
 * any record a public route reads; each group's notes are made from that group's view.
 */
import type { Slug } from '../../src/core/slug.ts'
import type { ResolvedNote, ResolvedVault } from './resolve.ts'
import type { Problem } from './read.ts'
import type { SiteOptions } from './site-options.ts'
import { accessSecret, isAccessSecretName } from '../../src/core/groups.ts'

/** What no audience is: a note whose access names no group is seen by nobody (not published). */
const NOBODY = '\0'

/** Slug → group of every protected note; NOBODY for one whose folder's group is not a group name. */
export function accessGroups(notes: readonly ResolvedNote[], folders: SiteOptions['access']): Map<Slug, string> {
  const groups = new Map<Slug, string>()
  for (const note of notes) {
    const path = note.path.toLowerCase()
    const folder = folders.find((rule) => rule.folder === '' || path.startsWith(`${rule.folder}/`))
    const group = note.access ?? (folder ? (folder.group ?? NOBODY) : undefined)
    if (group !== undefined) groups.set(note.slug, group)
  }
  return groups
}

/**
 * The attachments only some readers may open: served path → their groups. A file in a protected
 * folder is its group's; a file no public note shows or links to, but protected notes do, is
 * theirs. No groups: a file of a folder whose group is no group name, or shown only by notes no
 * one may see: neither served nor copied anywhere.
 */
export function attachmentGroups(
  resolved: ResolvedVault,
  groups: ReadonlyMap<Slug, string>,
  folders: SiteOptions['access'],
): Map<string, string[]> {
  const files = new Map<string, string[]>()
  if (!groups.size && !folders.length) return files
  const shownBy = new Map<string, Set<string>>()
  for (const note of resolved.notes) {
    const audience = groups.get(note.slug) ?? ''
    const targets = Object.values(note.links).flatMap((target) => (target?.kind === 'file' ? [target.to] : []))
    if (note.image?.startsWith('/')) targets.push(decodeURIComponent(note.image.slice(1)))
    for (const to of targets) {
      const seen = shownBy.get(to) ?? new Set<string>()
      seen.add(audience)
      shownBy.set(to, seen)
    }
  }
  for (const file of resolved.attachments) {
    const path = file.path.toLowerCase()
    const folder = folders.find((rule) => rule.folder === '' || path.startsWith(`${rule.folder}/`))
    const readers = folder ? new Set([folder.group ?? NOBODY]) : shownBy.get(file.to)
    if (!readers || readers.has('')) continue
    files.set(file.to, [...readers].filter((group) => group !== NOBODY).sort())
  }
  return files
}

/** The groups that protect at least one note, in order. */
export function groupNames(groups: ReadonlyMap<Slug, string>): string[] {
  return [...new Set(groups.values())].filter((group) => group !== NOBODY).sort()
}

/** The vault as `audience` (undefined: the public) may see it; `files` as attachmentGroups gives them. */
/** Each note's views by audience, with what each saw: a rebuild gives the same object while nothing it sees changed. */
const viewsOf = new WeakMap<ResolvedNote, Map<string | undefined, { seen: string; view: ResolvedNote }>>()

export function audienceView(
  resolved: ResolvedVault,
  groups: ReadonlyMap<Slug, string>,
  audience: string | undefined,
  files: ReadonlyMap<string, readonly string[]> = new Map(),
): ResolvedVault {
  if (!groups.size && !files.size) return resolved
  const visible = (slug: string) => {
    const group = groups.get(slug as Slug)
    return group === undefined || group === audience
  }
  const visibleFile = (to: string) => {
    const readers = files.get(to)
    return readers === undefined || (audience !== undefined && readers.includes(audience))
  }
  const notes = resolved.notes
    .filter((note) => visible(note.slug))
    .map((note): ResolvedNote => {
      const targets = Object.values(note.links)
      const hidden = targets.map(
        (target) => target !== null && (target.kind === 'note' ? !visible(target.to) : !visibleFile(target.to)),
      )
      // What this audience sees of the note, as one string: the same string, the same view as last build.
      const seen = [
        hidden.map((locked) => Number(!locked)).join(''),
        note.embeds.map((slug) => Number(visible(slug))).join(''),
        note.backlinks.map((link) => Number(visible(link.slug))).join(''),
        note.outlinks.map((link) => Number(visible(link.slug))).join(''),
      ].join(' ')
      if (!seen.includes('0')) return note
      const views = viewsOf.get(note) ?? new Map<string | undefined, { seen: string; view: ResolvedNote }>()
      viewsOf.set(note, views)
      const before = views.get(audience)
      if (before?.seen === seen) return before.view
      const links: ResolvedNote['links'] = {}
      Object.keys(note.links).forEach((key, i) => {
        const target = targets[i]!
        links[key] = hidden[i] ? { to: target.to, kind: target.kind, locked: true } : target
      })
      const view = {
        ...note,
        links,
        embeds: note.embeds.filter(visible),
        backlinks: note.backlinks.filter((link) => visible(link.slug)),
        outlinks: note.outlinks.filter((link) => visible(link.slug)),
      }
      views.set(audience, { seen, view })
      return view
    })
  // A base lists the vault's files too: only those this audience may open.
  return { ...resolved, notes, attachments: resolved.attachments.filter((file) => visibleFile(file.to)) }
}

/** The root's `access`: slug → group of each protected note (not those no group may see: they are not published). */
export function publishedAccess(groups: ReadonlyMap<Slug, string>): Record<string, string> {
  return Object.fromEntries([...groups].filter(([, group]) => group !== NOBODY))
}

/**
 * A warning for each group without a password, and for sessions without their key, as far as
 * this machine can tell (`secrets`: `.dev.vars` and the environment; a deploy's secrets live with
 * Cloudflare, `wrangler secret list` shows them). Without both, nobody can read the group's notes.
 */
export function passwordProblems(
  groups: ReadonlyMap<Slug, string>,
  secrets: ReadonlyMap<string, string>,
  pathOf: (slug: Slug) => string,
): Problem[] {
  const names = groupNames(groups)
  const problems: Problem[] = []
  for (const group of names) {
    const secret = accessSecret(group)
    if (secrets.get(secret)) continue
    const members = [...groups].filter(([, name]) => name === group).map(([slug]) => slug)
    problems.push({
      // Named after the group's first note: the problem is the vault's, the fix is a secret.
      file: pathOf(members.sort()[0]!),
      message: `group "${group}" has no password: its ${members.length} protected note${members.length === 1 ? '' : 's'} can be read by nobody until ${secret} is set (\`npx wrangler secret put ${secret}\`, and in .dev.vars for npm run dev)`,
    })
  }
  if (names.length && !secrets.get('HYPHAE_SESSION_KEY'))
    problems.push({
      file: 'hyphae.json',
      message:
        'HYPHAE_SESSION_KEY is not set: nobody can sign in to read protected notes until it is (`npx wrangler secret put HYPHAE_SESSION_KEY` with a long random value, and in .dev.vars for npm run dev)',
    })
  for (const [slug, group] of groups)
    if (group === NOBODY)
      problems.push({ file: 'hyphae.json', message: `/${slug} is not published: its folder's "access" names no group` })
  return problems
}

/** `KEY=value` lines of a `.dev.vars` file (quotes around a value dropped), then the environment's. */
export function parseDevVars(text: string, environment: Record<string, string | undefined> = {}): Map<string, string> {
  const secrets = new Map<string, string>()
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line)
    if (match) secrets.set(match[1]!, match[2]!.replace(/^(["'])(.*)\1$/, '$2'))
  }
  for (const [key, value] of Object.entries(environment)) if (isAccessSecretName(key) && value) secrets.set(key, value)
  return secrets
}
