/** The build on real files: what it reads, skips and reports, and the records it writes. */
import { mkdtemp, mkdir, readFile, writeFile, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildToDisk, ROOT } from '../../scripts/build.ts'
import { calloutIconCss } from '../../scripts/callout-icons.ts'
import { ATTACHMENT_CSP } from '../../src/attachments.ts'
import { parseNoteRecord, parseSiteRecord } from '../../src/core/records.ts'
import { renderNote } from '../../src/core/render.ts'
import { unpack } from './records.ts'
import { readKvDir } from '../../scripts/kv-dir.ts'

/** Writes a vault of `files` (path → content) into a fresh temporary folder. */
async function vault(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hyphae-vault-'))
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true })
    await writeFile(join(dir, path), content)
  }
  return dir
}

async function build(files: Record<string, string>) {
  const dir = await vault(files)
  const out = await mkdtemp(join(tmpdir(), 'hyphae-out-'))
  const result = await buildToDisk(dir, out)
  const written = await readKvDir(result.kvDir)
  const { records, hashes } = unpack(written)
  return { ...result, vault: result.site, dir, out, records, hashes }
}

describe('reading the vault', () => {
  it('skips .obsidian/, .trash/ and every hidden file or folder', async () => {
    const { records, vault: built } = await build({
      'index.md': 'Home',
      '.obsidian/workspace.md': 'editor state',
      '.trash/Old.md': 'deleted',
      'notes/.hidden.md': 'hidden',
      'notes/Visible.md': 'shown',
      '.obsidian/app.json': '{}',
    })
    expect([...records.keys()].filter((key) => /^(n:|site$)/.test(key)).sort()).toEqual([
      'n:index',
      'n:notes/visible',
      'site',
    ])
    expect(built.attachments).toEqual([])
  })

  it('copies attachments to their served paths and site assets under a versioned, immutable path', async () => {
    const { out, records } = await build({ 'index.md': '![[Pics/My Photo.PNG|300]]', 'Pics/My Photo.PNG': 'png bytes' })
    expect(await readFile(join(out, 'public/pics/my-photo.png'), 'utf8')).toBe('png bytes')
    const { assets } = parseSiteRecord(records.get('site'))!
    expect(assets).toMatch(/^\/_hyphae\/[0-9a-f]{10}$/)
    // The stylesheet, then the callouts' Lucide icons (scripts/callout-icons.ts).
    expect(await readFile(join(out, 'public', assets, 'style.css'), 'utf8')).toBe(
      (await readFile(join(ROOT, 'src/client/style.css'), 'utf8')) +
        (await calloutIconCss(join(ROOT, 'node_modules/lucide-static/icons'))),
    )
    // Attachments are sandboxed (test/node/attachments-browser.test.ts opens them), but PDFs and the site's own assets.
    expect(await readFile(join(out, 'public/_headers'), 'utf8')).toBe(
      [
        '/*',
        '  X-Content-Type-Options: nosniff',
        '  Referrer-Policy: strict-origin-when-cross-origin',
        `  Content-Security-Policy: ${ATTACHMENT_CSP}`,
        '/*.pdf',
        '  ! Content-Security-Policy',
        '/*.PDF',
        '  ! Content-Security-Policy',
        '/_hyphae/*',
        '  ! Content-Security-Policy',
        '  Cache-Control: public, max-age=31536000, immutable',
        '',
      ].join('\n'),
    )
    // The version is a hash of the assets: the same files, the same path.
    const again = await build({ 'other.md': 'x' })
    expect(parseSiteRecord(again.records.get('site'))!.assets).toBe(assets)
  })

  it('does not follow a symlinked folder out of the vault', async () => {
    const outside = await vault({ 'Secret.md': 'private' })
    const dir = await vault({ 'index.md': 'Home' })
    await symlink(outside, join(dir, 'linked'))
    const result = await buildToDisk(dir, await mkdtemp(join(tmpdir(), 'hyphae-out-')))
    expect(result.site.notes.map((note) => note.path)).toEqual(['index.md'])
  })
})

describe('frontmatter', () => {
  it('is YAML only: a JavaScript block is never executed, and the note is kept without it', async () => {
    const marker = join(tmpdir(), `hyphae-js-ran-${process.pid}`)
    const { records, vault: built } = await build({
      'index.md': `---js\n{ title: (require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran'), 'pwned') }\n---\nBody text`,
    })
    await expect(readFile(marker)).rejects.toThrow()
    const note = parseNoteRecord(records.get('n:index'))!
    expect(note.title).toBe('index')
    expect(note.body).toBe('Body text')
    expect(built.problems).toEqual([
      {
        file: 'index.md',
        line: 1,
        message:
          'frontmatter ignored: JavaScript frontmatter is not supported (only YAML is read; nothing was executed)',
      },
    ])
  })

  it('malformed YAML is reported with its line and the body still publishes', async () => {
    const { records, vault: built } = await build({ 'Broken.md': '---\ntitle: ok\ntags: [a, b\n---\nStill here' })
    const note = parseNoteRecord(records.get('n:broken'))!
    expect(note.body).toBe('Still here')
    expect(built.problems).toHaveLength(1)
    expect(built.problems[0]).toMatchObject({ file: 'Broken.md', line: 4 })
    expect(built.problems[0]!.message).toMatch(/^frontmatter ignored: /)
  })

  it('reads title, description, dates, tags and aliases; dates become ISO strings', async () => {
    const { records } = await build({
      'A.md':
        '---\ntitle: "Title: with colon"\ndescription: Short\ndate: 2024-03-05\nmodified: 2025-10-29 02:15:15 GMT-04:00\ntags:\n  - ml\n  - "#ai/safety"\naliases: [Alias one]\n---\nx',
      'B.md': 'no frontmatter',
    })
    const a = parseNoteRecord(records.get('n:a'))!
    expect({
      title: a.title,
      description: a.description,
      date: a.date,
      modified: a.modified,
      tags: a.tags,
      aliases: a.aliases,
    }).toEqual({
      title: 'Title: with colon',
      description: 'Short',
      date: '2024-03-05',
      modified: '2025-10-29T06:15:15.000Z',
      tags: ['ml', 'ai/safety'],
      aliases: ['Alias one'],
    })
    expect(a.frontmatter.date).toBe('2024-03-05')
    const b = parseNoteRecord(records.get('n:b'))!
    expect({ title: b.title, tags: b.tags, date: b.date }).toEqual({ title: 'B', tags: [], date: undefined })
  })

  it('draft: true and publish: false keep a note out, and links to it render as broken', async () => {
    const { records } = await build({
      'index.md': '[[Draft]] and [[Private]]',
      'Draft.md': '---\ndraft: true\n---\nnot yet',
      'Private.md': '---\npublish: false\n---\nmine',
    })
    expect([...records.keys()].filter((key) => /^(n:|site$)/.test(key)).sort()).toEqual(['n:index', 'site'])
    expect(parseNoteRecord(records.get('n:index'))!.links).toEqual({ Draft: null, Private: null })
  })
})

describe('links', () => {
  it('reports every broken link and embed with file and line, missing headings too, and still builds', async () => {
    const { vault: built } = await build({
      'index.md':
        '---\ntitle: Home\n---\n\nSee [[Nowhere]].\n\n![[missing.png]]\n\n[md link](Gone.md) and [[Real#No such heading]]\n',
      'Real.md': '# Real\n\n## Present\n',
    })
    expect(built.problems).toEqual([
      { file: 'index.md', line: 5, message: 'broken link: [[Nowhere]]' },
      { file: 'index.md', line: 7, message: 'broken embed: ![[missing.png]]' },
      { file: 'index.md', line: 9, message: 'broken link: [md link](Gone.md)' },
      {
        file: 'index.md',
        line: 9,
        message: 'no heading or block "#No such heading" in Real.md: [[Real#No such heading]]',
      },
    ])
    expect(built.notes).toHaveLength(2)
  })

  it('resolves headings ignoring case and punctuation, chained headings, block ids, aliases and markdown links', async () => {
    const { records } = await build({
      'index.md': [
        '[[Target#the heading]] [[Target#Top#Sub heading.]] [[Target#^para-1]] [[Target#^list-1]] [[nickname]]',
        '[md](Target.md#The%20Heading) [spaced](<Target.md>) [[#Local]]',
        '',
        '## Local',
      ].join('\n'),
      'Target.md':
        '---\naliases: [nickname]\n---\n# Top\n\n## The Heading!\n\n### Sub heading\n\nA paragraph. ^para-1\n\n- one\n- two\n\n^list-1\n',
    })
    const links = parseNoteRecord(records.get('n:index'))!.links
    expect(links).toEqual({
      'Target#the heading': { to: 'target', kind: 'note', anchor: 'the-heading' },
      'Target#Top#Sub heading.': { to: 'target', kind: 'note', anchor: 'sub-heading' },
      'Target#^para-1': { to: 'target', kind: 'note', anchor: '^para-1' },
      'Target#^list-1': { to: 'target', kind: 'note', anchor: '^list-1' },
      nickname: { to: 'target', kind: 'note' },
      'md:Target.md#The%20Heading': { to: 'target', kind: 'note', anchor: 'the-heading' },
      'md:Target.md': { to: 'target', kind: 'note' },
      '#Local': { to: 'index', kind: 'note', anchor: 'local' },
    })
  })

  it('computes backlinks from links and embeds, without self-links, sorted by title', async () => {
    const { records } = await build({
      'Hub.md': 'Self [[Hub]]',
      'B.md': '---\ntitle: Beta\n---\n[[Hub]] twice [[Hub|again]]',
      'A.md': '---\ntitle: Alpha\n---\n![[Hub]]',
      'C.md': 'no links',
    })
    expect(parseNoteRecord(records.get('n:hub'))!.backlinks).toEqual([
      { slug: 'a', title: 'Alpha', context: 'Hub' },
      { slug: 'b', title: 'Beta', context: 'Hub twice again' },
    ])
    expect(parseNoteRecord(records.get('n:a'))!.embeds).toEqual(['hub'])
  })

  it('two files with one slug: the first (A–Z) publishes, the other is reported', async () => {
    const { records, vault: built } = await build({ 'My Note.md': 'one', 'my-note.md': 'two' })
    expect(parseNoteRecord(records.get('n:my-note'))!.body).toBe('one')
    expect(built.problems).toEqual([
      { file: 'my-note.md', message: 'has the same URL /my-note as My Note.md; skipped' },
    ])
  })
})

describe('records', () => {
  it('a note changes hash when a note it embeds changes, and not when an unrelated one does', async () => {
    const base = { 'A.md': '![[B]]', 'B.md': 'bee', 'C.md': 'sea' }
    const hashes = async (files: Record<string, string>) => {
      const { hashes } = await build(files)
      return (slug: string) => hashes.get(`n:${slug}`)
    }
    const original = await hashes(base)
    const embedChanged = await hashes({ ...base, 'B.md': 'bee!' })
    const unrelatedChanged = await hashes({ ...base, 'C.md': 'sea!' })
    expect(embedChanged('a')).not.toBe(original('a'))
    expect(unrelatedChanged('a')).toBe(original('a'))
    expect(original('a')).toMatch(/^[0-9a-f]{32}$/)
  })

  it('renders long notes at build time, exactly as the worker would', async () => {
    const long = `## Part\n\n${'A paragraph with [[Short]] and $x^2$ and ==marks==.\n\n'.repeat(700)}`
    const { records } = await build({ 'Long.md': long, 'Short.md': 'short ![[Long#Part]]' })
    const record = parseNoteRecord(records.get('n:long'))!
    expect(record.body.length).toBeGreaterThan(32 * 1024)
    expect(record.hasMath).toBe(true)
    expect(record.html).toBe(renderNote({ ...record, html: undefined }, new Map(), { breaks: false }))
    expect(record.html).toContain('<span class="katex">')
    expect(record.html).toContain('<a class="internal" href="/short">Short</a>')
    expect(parseNoteRecord(records.get('n:short'))!.html).toBeUndefined()
  })

  it('writes a site record with the home note title', async () => {
    const { records } = await build({ 'index.md': '---\ntitle: My Garden\n---\nHi', 'Other.md': 'x' })
    expect(parseSiteRecord(records.get('site'))).toMatchObject({ v: 2, title: 'My Garden', notes: 2 })
  })
})

describe('vault settings', () => {
  it.each([
    ['{"strictLineBreaks": false}', true, '<p>one<br>two</p>\n'],
    ['{"strictLineBreaks": true}', false, '<p>one\ntwo</p>\n'],
    ['{}', false, '<p>one\ntwo</p>\n'],
    ['not json', false, '<p>one\ntwo</p>\n'],
  ])('.obsidian/app.json %s: single newlines are line breaks: %s (OFM-SPEC F07)', async (app, breaks, html) => {
    const { records } = await build({ 'index.md': 'one\ntwo', '.obsidian/app.json': app })
    const site = parseSiteRecord(records.get('site'))!
    expect(site.breaks).toBe(breaks)
    expect(renderNote(parseNoteRecord(records.get('n:index'))!, new Map(), { breaks: site.breaks })).toBe(html)
  })
})
