/**
 * What a vault leaves out of its site, as the vault itself says (part of stage 1, read):
 *  - its template folder: `.obsidian/templates.json` `folder` (the core Templates plugin), or
 *    Templater's `templates_folder` (`.obsidian/plugins/templater-obsidian/data.json`), from the root;
 *  - the entries of `hyphae.json` `"ignore"`: root-relative folders, files or globs
 *    (`*` within a name, `**` across folders, `?` one character); without the key, `private/`.
 * Hidden files and folders (`.obsidian/`, `.trash/`, `.git/`) are never part of the site.
 * No rule matches a folder by its name deep in the vault: `Guides/Templates/` is published.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Problem } from './read.ts'

/** The rules: each a test on a vault path and the reason a reader of the build's report sees. */
export interface LeaveOut {
  /** The reason `path` is left out, or undefined when it is published. */
  reasonFor(path: string): string | undefined
  /** Every reason, in the order of the rules (the template folder, then each entry as written). */
  reasons: string[]
  /** The file is in the vault's template folder (a base there still serves the notes that embed it). */
  inTemplateFolder(path: string): boolean
}

/** Without `"ignore"` in hyphae.json: a root `private/` folder (any case) stays private. */
const DEFAULT_IGNORE = ['private/']

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'))
  } catch {
    return undefined
  }
}

function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null || !(key in value)) return undefined
  const field = (value as Record<string, unknown>)[key]
  return typeof field === 'string' && field.trim() !== '' ? field.trim() : undefined
}

/** A folder setting as a root-relative folder path: `/Templates/` and `Templates` are `Templates`. */
function folderPath(value: string): string {
  return value.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '')
}

/** The vault's template folder, from the core plugin's settings, else Templater's. */
async function templateFolder(vaultDir: string): Promise<{ folder: string; from: string } | undefined> {
  for (const [file, key] of [
    ['.obsidian/templates.json', 'folder'],
    ['.obsidian/plugins/templater-obsidian/data.json', 'templates_folder'],
  ] as const) {
    const folder = stringField(await readJson(join(vaultDir, file)), key)
    if (folder && folderPath(folder)) return { folder: folderPath(folder), from: file }
  }
  return undefined
}

/** A glob as a regular expression over a whole root-relative path. */
function globRe(glob: string, ignoreCase: boolean): RegExp {
  let re = ''
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!
    if (ch === '*' && glob[i + 1] === '*') {
      // `**/` is any number of folders (none included); a final `**` is anything.
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*'
      i += glob[i + 2] === '/' ? 2 : 1
    } else if (ch === '*') re += '[^/]*'
    else if (ch === '?') re += '[^/]'
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`, ignoreCase ? 'i' : '')
}

/** One `ignore` entry: a folder (`drafts`, `drafts/`) leaves out everything under it; a file or glob itself. */
function entryTest(entry: string, ignoreCase: boolean): (path: string) => boolean {
  const clean = entry.replace(/\\/g, '/').replace(/^\.?\/+/, '')
  const re = globRe(clean.replace(/\/+$/, ''), ignoreCase)
  const under = globRe(`${clean.replace(/\/+$/, '')}/**`, ignoreCase)
  return (path) => re.test(path) || under.test(path)
}

async function readIgnore(vaultDir: string, problems: Problem[]): Promise<{ entries: string[]; fromConfig: boolean }> {
  let text: string
  try {
    text = await readFile(join(vaultDir, 'hyphae.json'), 'utf8')
  } catch {
    return { entries: DEFAULT_IGNORE, fromConfig: false }
  }
  try {
    const config: unknown = JSON.parse(text)
    const ignore = typeof config === 'object' && config !== null && 'ignore' in config ? config.ignore : undefined
    if (ignore === undefined) return { entries: DEFAULT_IGNORE, fromConfig: false }
    if (Array.isArray(ignore) && ignore.every((entry) => typeof entry === 'string'))
      return { entries: ignore, fromConfig: true }
    problems.push({ file: 'hyphae.json', message: '"ignore" must be a list of paths or globs; using the default' })
  } catch (error) {
    problems.push({
      file: 'hyphae.json',
      message: `not valid JSON (${error instanceof Error ? error.message : error}); using the default`,
    })
  }
  return { entries: DEFAULT_IGNORE, fromConfig: false }
}

export async function readLeaveOut(vaultDir: string, problems: Problem[]): Promise<LeaveOut> {
  const [template, ignore] = await Promise.all([templateFolder(vaultDir), readIgnore(vaultDir, problems)])
  const rules: { test: (path: string) => boolean; reason: string }[] = []
  if (template)
    rules.push({
      test: entryTest(template.folder, false),
      reason: `in ${template.folder}/ (the vault's template folder, ${template.from})`,
    })
  for (const entry of ignore.entries) {
    rules.push({
      // The default folder matches in any case, as macOS's file system does; configured entries exactly.
      test: entryTest(entry, !ignore.fromConfig),
      reason: ignore.fromConfig
        ? `matching "${entry}" (hyphae.json "ignore")`
        : `in private/ (kept private by default)`,
    })
  }
  return {
    reasonFor: (path) => rules.find((rule) => rule.test(path))?.reason,
    reasons: rules.map((rule) => rule.reason),
    inTemplateFolder: template ? entryTest(template.folder, false) : () => false,
  }
}
