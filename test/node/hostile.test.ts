/**
 * Hostile and messy vaults: every problem is a warning naming the file (and line), one bad note
 * never takes the garden down, --strict stops before anything is uploaded, and private notes never
 * reach any file the upload reads.
 */
import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, readdir, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildToDisk, ROOT } from '../../scripts/build.ts'
import { readKvDir } from '../../scripts/kv-dir.ts'
import { unpack } from './records.ts'

async function vault(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hyphae-hostile-'))
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true })
    await writeFile(join(dir, path), content)
  }
  return dir
}

/** Every file the upload reads: the KV values and the static assets, as one string. */
async function uploaded(out: string): Promise<string> {
  let text = (await readKvDir(join(out, 'kv'))).map((entry) => entry.key + entry.value).join('')
  for (const entry of await readdir(join(out, 'public'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) text += entry.name + (await readFile(join(entry.parentPath, entry.name), 'latin1'))
  }
  return text
}

describe('messy input', () => {
  it('each problem is a warning naming the file, and the rest publishes', async () => {
    const dir = await vault({
      'index.md': 'Home [[Good]] [[../../etc/passwd]]',
      'Good.md': 'fine',
      'Template vars.md': '---\ndate: {{date}}\ntitle: {{title}}\n---\nBody survives',
      'Toml.md': '---toml\ntitle = "x"\n---\nToml body',
      'Empty.md': '  \n\n',
      'Latin1.md': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
      'Case/Note.md': 'one',
      'case/note.md': 'two',
    })
    const outside = await vault({ 'Secret.md': 'outside the vault' })
    await symlink(join(outside, 'Secret.md'), join(dir, 'Linked.md'))
    const result = await buildToDisk(dir, await mkdtemp(join(tmpdir(), 'hyphae-out-')))
    const messages = result.site.problems.map(
      (problem) => `${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`,
    )
    expect(messages).toEqual([
      'Linked.md: symbolic link skipped (only files inside the vault are published)',
      'Empty.md: empty note; skipped',
      'Latin1.md: not valid UTF-8: the bytes that are not were replaced with �',
      'Template vars.md:2: template placeholder left in the frontmatter: date: {{date}}',
      'Toml.md:1: frontmatter ignored: TOML frontmatter is not supported (only YAML is read; nothing was executed)',
      'case/note.md: has the same URL /case/note as Case/Note.md; skipped',
      'index.md:1: broken link (its path climbs out of the vault): [[../../etc/passwd]]',
    ])
    expect(result.site.notes.map((note) => note.path).sort()).toEqual([
      'Case/Note.md',
      'Good.md',
      'Latin1.md',
      'Template vars.md',
      'Toml.md',
      'index.md',
    ])
    expect(result.site.notes.find((note) => note.path === 'Template vars.md')!.body).toBe('Body survives')
  })

  it('a note too large for KV is left out with a warning, not a failed upload', async () => {
    const dir = await vault({ 'index.md': 'Home', 'Huge.md': 'x'.repeat(26 * 1024 * 1024) })
    const result = await buildToDisk(dir, await mkdtemp(join(tmpdir(), 'hyphae-out-')))
    expect(result.site.problems).toContainEqual({
      file: 'Huge.md',
      message: expect.stringMatching(
        /^not published: its record is \d+\.\d MiB \(KV allows 25 MiB a value\): split the note$/,
      ),
    })
    expect([...unpack(result.entries).records.keys()]).not.toContain('n:huge')
  }, 60_000)

  it('--strict turns warnings into errors and stops before anything is uploaded', async () => {
    const dir = await vault({ 'index.md': '[[Missing]]' })
    const run = spawnSync(process.execPath, ['scripts/deploy.ts', dir, '--strict', '--local'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('index.md:1: broken link: [[Missing]]')
    expect(run.stderr).toContain('--strict: 1 problem; nothing was uploaded')
    expect(run.stdout).not.toContain('local KV')
  })
})

describe('private stays private', () => {
  it('drafts, publish: false and ignored folders reach no uploaded file: no record, search shard, feed, backlink or asset', async () => {
    const dir = await vault({
      'index.md': 'Public [[Draft]] [[Hidden]] [[Tpl]] [[Mine]] ![[private/photo.png]]',
      'Draft.md': '---\ndraft: true\n---\nSECRET-DRAFT-4411 links [[index]]',
      'Hidden.md': '---\npublish: false\n---\nSECRET-HIDDEN-4412',
      'templates/Tpl.md': 'SECRET-TEMPLATE-4413',
      '.obsidian/templates.json': '{"folder": "templates"}',
      'Private/Mine.md': 'SECRET-PRIVATE-4414 [[index]]',
      'private/photo.png': 'SECRET-PHOTO-4415',
    })
    const out = await mkdtemp(join(tmpdir(), 'hyphae-out-'))
    const result = await buildToDisk(dir, out)
    const text = await uploaded(out)
    for (const secret of ['SECRET-DRAFT', 'SECRET-HIDDEN', 'SECRET-TEMPLATE', 'SECRET-PRIVATE', 'SECRET-PHOTO']) {
      expect(text.toLowerCase()).not.toContain(secret.toLowerCase())
    }
    const home = result.site.notes.find((note) => note.slug === 'index')!
    expect(home.backlinks).toEqual([])
    expect(Object.values(home.links)).toEqual([null, null, null, null, null])
    expect([...unpack(result.entries).records.keys()].filter((key) => key.startsWith('n:'))).toEqual(['n:index'])
    expect(result.site.attachments).toEqual([])
  })

  it('hyphae.json chooses the ignored folders', async () => {
    const dir = await vault({
      'index.md': 'Home',
      'drafts/A.md': 'a',
      'templates/B.md': 'b',
      'hyphae.json': '{"ignore": ["drafts"]}',
    })
    const result = await buildToDisk(dir, await mkdtemp(join(tmpdir(), 'hyphae-out-')))
    expect(result.site.notes.map((note) => note.path).sort()).toEqual(['index.md', 'templates/B.md'])
  })
})
