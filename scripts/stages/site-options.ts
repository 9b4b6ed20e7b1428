/**
 * The site's own settings, read from the vault (part of stage 1, read), so a vault published with
 * Obsidian Publish moves with no configuration:
 *  - `site-options.json` (Publish's site options, at the vault's root): `siteName`, `indexFile`,
 *    `logo`, `defaultTheme`, `showOutline`, `showBacklinks`, `showSearch`, `showThemeToggle`, `showNavigation`,
 *    `navigationOrdering` (kept in the site record for the explorer);
 *  - `hyphae.json`: `"title"` and `"home"` (a note's path), for vaults that never used Publish, and
 *    `"publishJs": true` to run the vault's `publish.js` (its `publish.css` always applies), and
 *    `"access"`: folders whose notes only a group's readers may see (`{ "journal": "family" }`, stages/access.ts).
 * Publish's settings come first: they are what the writer last chose in Obsidian.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { GROUP_RE } from '../../src/core/groups.ts'
import { VaultError } from '../cli.ts'
import type { Problem } from './read.ts'

export interface SiteOptions {
  /** The site's name, when the vault gives one. */
  title?: string
  /** The note `/` shows when the vault has no `index.md`: its path as written, and where it was written. */
  home?: { path: string; from: string }
  /** Publish's `logo`: the path of an image in the vault, shown before the site's name. */
  logo?: string
  /** Publish's `defaultTheme`, for readers who have not chosen one. */
  theme?: 'light' | 'dark'
  /** The parts of a page Publish's `showOutline`, `showBacklinks`, `showSearch`, `showThemeToggle`, `showNavigation` turn off. */
  hide: ('outline' | 'backlinks' | 'search' | 'themeToggle' | 'navigation')[]
  /** `publish.js` runs only when hyphae.json says `"publishJs": true`: a vault's script is the writer's to enable. */
  publishJs: boolean
  /** Publish's `navigationOrdering`: the vault paths in the order the site's navigation lists them. */
  navigation?: string[]
  /** `hyphae.json` `"lang"`: the vault's language, a BCP 47 tag (`de`, `zh-Hans`, `pt-BR`). */
  lang?: string
  /**
   * `hyphae.json` `"access"`: a folder (vault path, lower case, no slashes around it) → the group
   * whose readers may see its notes; undefined for a value that is no group name (those notes are
   * then not published at all: a typo must not make them public).
   */
  access: { folder: string; group: string | undefined }[]
}

async function readObject(vaultDir: string, file: string, problems: Problem[]): Promise<Record<string, unknown>> {
  let text: string
  try {
    text = await readFile(join(vaultDir, file), 'utf8')
  } catch {
    return {}
  }
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>
    problems.push({ file, message: 'is not a JSON object; its settings are ignored' })
  } catch (error) {
    // Which notes are protected is written here: unreadable, nothing may be published.
    if (file === 'hyphae.json' && /"access"/.test(text))
      throw new VaultError(
        `hyphae.json: not valid JSON (${error instanceof Error ? error.message : error}); it names protected folders ("access"), so nothing is built until it reads`,
      )
    // The leave-out rules report hyphae.json's JSON errors; one line per file is enough.
    if (file !== 'hyphae.json')
      problems.push({ file, message: `not valid JSON (${error instanceof Error ? error.message : error}); ignored` })
  }
  return {}
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined)

export async function readSiteOptions(vaultDir: string, problems: Problem[]): Promise<SiteOptions> {
  const [publish, hyphae] = await Promise.all([
    readObject(vaultDir, 'site-options.json', problems),
    readObject(vaultDir, 'hyphae.json', problems),
  ])
  const title = text(publish.siteName) ?? text(hyphae.title)
  const home = text(publish.indexFile)
    ? { path: text(publish.indexFile)!, from: 'site-options.json "indexFile"' }
    : text(hyphae.home)
      ? { path: text(hyphae.home)!, from: 'hyphae.json "home"' }
      : undefined
  const logo = text(publish.logo)
  const theme = publish.defaultTheme === 'dark' || publish.defaultTheme === 'light' ? publish.defaultTheme : undefined
  const hide = (
    [
      ['showOutline', 'outline'],
      ['showBacklinks', 'backlinks'],
      ['showSearch', 'search'],
      ['showThemeToggle', 'themeToggle'],
      ['showNavigation', 'navigation'],
    ] as const
  ).flatMap(([key, part]) => (publish[key] === false ? [part] : []))
  const navigation = Array.isArray(publish.navigationOrdering)
    ? publish.navigationOrdering.filter((path): path is string => typeof path === 'string' && path.trim() !== '')
    : []
  let lang: string | undefined
  if (text(hyphae.lang)) {
    try {
      lang = Intl.getCanonicalLocales(text(hyphae.lang)!)[0]
    } catch {
      problems.push({
        file: 'hyphae.json',
        message: `"lang": ${JSON.stringify(hyphae.lang)} is not a BCP 47 language tag (en, de, zh-Hans…); using English`,
      })
    }
  }
  return {
    access: accessFolders(hyphae.access, problems),
    ...(lang ? { lang } : {}),
    ...(navigation.length ? { navigation } : {}),
    ...(title ? { title } : {}),
    ...(home ? { home } : {}),
    ...(logo ? { logo } : {}),
    ...(theme ? { theme } : {}),
    hide,
    publishJs: hyphae.publishJs === true,
  }
}

/** `"access": { "journal": "family" }`: each folder with its group, the longest folder first. */
function accessFolders(value: unknown, problems: Problem[]): SiteOptions['access'] {
  if (value === undefined) return []
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new VaultError(
      'hyphae.json: "access" must be an object of folder → group ({ "journal": "family" }); nothing is built until it is',
    )
  }
  return Object.entries(value)
    .map(([folder, group]) => {
      const clean = folder.replace(/^\/+|\/+$/g, '').toLowerCase()
      if (typeof group === 'string' && GROUP_RE.test(group.trim()))
        return { folder: clean, group: group.trim().toLowerCase() }
      problems.push({
        file: 'hyphae.json',
        message: `"access": ${JSON.stringify(folder)} → ${JSON.stringify(group)} is not a group name (letters, digits, - and _); the notes in ${clean || 'the vault'}/ are not published`,
      })
      return { folder: clean, group: undefined }
    })
    .sort((a, b) => b.folder.length - a.folder.length)
}
