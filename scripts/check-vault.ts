/**
 * `npm run check:vault [-- <vault>]` (`--help` for usage): the fidelity report. Builds the vault,
 * renders every note exactly as the worker would, and prints, per syntax, how many occurrences were
 * rendered; how many links resolved or broke; and any Obsidian syntax left raw in the rendered text
 * outside code, with file and line. Exits 1 when something leaked.
 */
import type { Token } from 'marked'
import { assembleFromDisk, DEFAULT_VAULT, readVault } from './build.ts'
import { commandLine } from './cli.ts'
import type { AssembledSite } from './stages/assemble.ts'
import type { BaseReport } from './stages/bases.ts'
import { assembleSite } from './stages/assemble.ts'
import { parseNotes } from './stages/parse.ts'
import type { NoteSource } from './stages/read.ts'
import { resolveVault } from './stages/resolve.ts'
import { createMarked, lexContext, lexMarkdown } from '../src/core/markdown/index.ts'
import { renderNote } from '../src/core/render.ts'
import type { NoteRecord } from '../src/core/records.ts'

/** Raw syntax that must never survive rendering: [name, pattern over the page's visible text]. */
const LEAKS: [string, RegExp][] = [
  ['wikilink', /!?\[\[[^\n]*?\]\]/g],
  ['callout', /\[![A-Za-z][\w-]*\][+-]?/g],
  ['highlight', /==[^\s=][^=\n]*==/g],
  ['comment', /%%/g],
  ['footnote', /\[\^[^\]\n]+\]/g],
  ['inline footnote', /\^\[[^\]\n]+\]/g],
  ['display math', /\$\$/g],
  ['block id', /(?:^|\s)\^[A-Za-z0-9-]{2,}(?=[ \t]*(?:\n|$))/gm],
]

/** Token types counted, by the name the report shows. */
const COUNTED: Record<string, string> = {
  wikilink: 'wikilinks',
  embed: 'embeds (inline)',
  embedBlock: 'embeds (own line)',
  callout: 'callouts',
  footnoteRef: 'footnote references',
  inlineFootnote: 'inline footnotes',
  highlight: 'highlights',
  comment: 'comments (inline)',
  commentBlock: 'comments (block)',
  tag: 'tags (inline)',
  math: 'math (inline)',
  mathBlock: 'math (display)',
  code: 'code blocks',
  blockAnchor: 'block ids',
  table: 'tables',
  checkbox: 'task items',
  link: 'markdown links',
  image: 'markdown images',
  html: 'raw HTML',
}

/** The text a reader sees: code, tags and entities removed. */
function visibleText(html: string): string {
  return (
    html
      .replace(/<pre[\s\S]*?<\/pre>/g, '')
      .replace(/<code[\s\S]*?<\/code>/g, '')
      .replace(/<span class="katex">[\s\S]*?<\/annotation>/g, '')
      // A missing embed's placeholder names its target as written; it is counted as broken, not leaked.
      .replace(/<span class="embed broken"[^>]*>[^<]*<\/span>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
  )
}

function lineOf(source: string, snippet: string): number | undefined {
  const index = source.indexOf(snippet.trim())
  return index === -1 ? undefined : source.slice(0, index).split('\n').length
}

export interface FidelityReport {
  counts: Map<string, number>
  links: { resolved: number; broken: number }
  leaks: { file: string; line?: number; syntax: string; text: string }[]
}

export function checkVault(vault: AssembledSite, sources: ReadonlyMap<string, string>): FidelityReport {
  const counts = new Map<string, number>()
  const bySlug = new Map<string, NoteRecord>(vault.notes.map((note) => [note.slug, note]))
  const leaks: FidelityReport['leaks'] = []
  let resolved = 0
  let broken = 0
  for (const note of vault.notes) {
    const marked = createMarked(lexContext())
    marked.walkTokens(lexMarkdown(marked, note.body), (token: Token) => {
      const name =
        token.type === 'math' && (token as { display?: boolean }).display ? COUNTED.mathBlock : COUNTED[token.type]
      if (name) counts.set(name, (counts.get(name) ?? 0) + 1)
    })
    for (const target of Object.values(note.links)) {
      if (target) resolved += 1
      else broken += 1
    }
    const embedded = new Map(
      note.embeds.flatMap((slug) => (bySlug.has(slug) ? [[slug, bySlug.get(slug)!] as const] : [])),
    )
    const html = renderNote(note, embedded, { breaks: vault.site.breaks })
    const text = visibleText(html)
    const source = sources.get(note.path) ?? ''
    for (const [syntax, pattern] of LEAKS) {
      for (const match of text.matchAll(pattern)) {
        // Text that is not in the source verbatim came from escapes (`\[\[`) or entities: the
        // writer asked for those characters, so they are not leaked syntax.
        const line = lineOf(source, match[0])
        if (line !== undefined) leaks.push({ file: note.path, line, syntax, text: match[0].trim() })
      }
    }
    for (const error of html.matchAll(/<span class="katex-error" title="([^"]*)"/g)) {
      leaks.push({ file: note.path, syntax: 'math error', text: error[1]!.slice(0, 120) })
    }
  }
  return { counts, links: { resolved, broken }, leaks }
}

export function formatReport(
  report: FidelityReport,
  vault: AssembledSite,
  bases?: BaseReport & { canvases: number },
): string {
  const rows: [string, string][] = [
    ['notes', String(vault.notes.length)],
    ['attachments', String(vault.attachments.length)],
    ...(bases
      ? ([
          ['bases', String(bases.bases)],
          ['base views rendered', String(bases.views)],
          ['base expressions not evaluated', String(bases.errors)],
          ['canvases drawn', String(bases.canvases)],
        ] as [string, string][])
      : []),
    ...[...report.counts]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([name, count]): [string, string] => [name, String(count)]),
    ['links and embeds resolved', String(report.links.resolved)],
    ['links and embeds broken', String(report.links.broken)],
    ['build warnings', String(vault.problems.length)],
    ['raw syntax left in pages', String(report.leaks.length)],
  ]
  const width = Math.max(...rows.map(([name]) => name.length))
  const lines = rows.map(([name, value]) => `${name.padEnd(width)}  ${value.padStart(6)}`)
  for (const leak of report.leaks)
    lines.push(`leak: ${leak.file}${leak.line ? `:${leak.line}` : ''}: ${leak.syntax}: ${leak.text}`)
  for (const problem of vault.problems)
    lines.push(`warning: ${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`)
  return lines.join('\n')
}

const USAGE = `Usage: npm run check:vault -- [vault]

The fidelity report: renders every note of the vault exactly as the worker would, then prints how
many occurrences of each syntax were rendered, how many links resolved or broke, the build's
warnings, and any Obsidian syntax left raw in a page, with file and line. Writes nothing.
Exits 1 when raw syntax was left in a page.

Arguments:
  vault       the vault folder (default: content/)

Options:
  -h, --help  print this help

Example:
  npm run check:vault -- test/fixtures/vault`

/** Stages parse → resolve → assemble over notes already read: the site exactly as the build makes it. */
export function assembleVaultOf(notes: readonly NoteSource[], attachments: readonly string[], breaks = false) {
  return assembleSite(resolveVault(parseNotes(notes), attachments), { breaks, assets: '/_hyphae/check' })
}

if (import.meta.main) {
  const { vault: vaultDir } = commandLine(USAGE, {}, DEFAULT_VAULT)
  // The site exactly as the build makes it (bases, home page, what is left out), and the sources for lines.
  const [{ site: vault, bases, canvases }, { notes }] = await Promise.all([
    assembleFromDisk(vaultDir, '/_hyphae/check'),
    readVault(vaultDir),
  ])
  const report = checkVault(vault, new Map(notes.map((note) => [note.path, note.source])))
  console.log(`fidelity report for ${vaultDir}`)
  console.log(formatReport(report, vault, { ...bases, canvases }))
  process.exitCode = report.leaks.length ? 1 : 0
}
