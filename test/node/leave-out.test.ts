/**
 * What a vault leaves out is what the vault says (scripts/stages/leave-out.ts): its configured
 * template folder from the root, hyphae.json's root-relative paths and globs, `private/` by
 * default; never a folder just because of its name deep in the vault. The build says why, with counts.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempVault } from './temp-vault.ts'
import { buildToDisk } from '../../scripts/build.ts'

async function built(files: Record<string, string>) {
  const dir = await tempVault(files)
  const result = await buildToDisk(dir, await mkdtemp(join(tmpdir(), 'hyphae-out-')))
  return {
    notes: result.site.notes.map((note) => note.path).sort(),
    attachments: result.site.attachments.map((file) => file.path).sort(),
    leftOut: result.leftOut,
  }
}

const showcase = {
  'index.md': 'Home',
  'Templates/Weekly review.md': 'a showcase of templates, published',
  'Guides/templates/How to.md': 'deep, published',
  'Private/Diary.md': 'kept',
}

describe('the template folder is the one the vault configures', () => {
  it('with no template settings, a folder called Templates is published like any other', async () => {
    const { notes, leftOut } = await built(showcase)
    expect(notes).toEqual(['Guides/templates/How to.md', 'Templates/Weekly review.md', 'index.md'])
    expect(leftOut).toBe('left out: 1 note in private/ (kept private by default)')
  })

  it('the core Templates plugin’s folder, from the root only', async () => {
    const { notes, leftOut } = await built({
      ...showcase,
      '.obsidian/templates.json': '{"folder": "Templates", "dateFormat": "YYYY-MM-DD"}',
      'Templates/Daily.md': '{{date}}',
      'Templates/cover.png': 'png',
    })
    expect(notes).toEqual(['Guides/templates/How to.md', 'index.md'])
    expect(leftOut).toBe(
      "left out: 2 notes and 1 file in Templates/ (the vault's template folder, .obsidian/templates.json), 1 note in private/ (kept private by default)",
    )
  })

  it('Templater’s templates_folder, when the core plugin names none', async () => {
    const { notes } = await built({
      ...showcase,
      '.obsidian/plugins/templater-obsidian/data.json': '{"templates_folder": "/Guides/templates/"}',
    })
    expect(notes).toEqual(['Templates/Weekly review.md', 'index.md'])
  })
})

describe('hyphae.json "ignore": root-relative paths and globs', () => {
  const cases: [string, string[], string[]][] = [
    // entries, notes published (of a fixed vault), attachments published
    [
      '["journal"]',
      ['Private/Diary.md', 'docs/journal/Ideas.md', 'docs/x.draft.md', 'index.md'],
      ['docs/plan.pdf', 'journal.png'],
    ],
    [
      '["journal/"]',
      ['Private/Diary.md', 'docs/journal/Ideas.md', 'docs/x.draft.md', 'index.md'],
      ['docs/plan.pdf', 'journal.png'],
    ],
    ['["**/journal"]', ['Private/Diary.md', 'docs/x.draft.md', 'index.md'], ['docs/plan.pdf', 'journal.png']],
    [
      '["**/*.draft.md", "*.png"]',
      ['Private/Diary.md', 'docs/journal/Ideas.md', 'index.md', 'journal/2026-01-01.md'],
      ['docs/plan.pdf'],
    ],
    [
      '["docs/*.pdf", "journal/2026-??-??.md"]',
      ['Private/Diary.md', 'docs/journal/Ideas.md', 'docs/x.draft.md', 'index.md'],
      ['journal.png'],
    ],
    [
      '[]',
      ['Private/Diary.md', 'docs/journal/Ideas.md', 'docs/x.draft.md', 'index.md', 'journal/2026-01-01.md'],
      ['docs/plan.pdf', 'journal.png'],
    ],
  ]
  const files = {
    'index.md': 'Home',
    'Private/Diary.md': 'published once hyphae.json says what to ignore',
    'journal/2026-01-01.md': 'day',
    'docs/journal/Ideas.md': 'deep',
    'docs/x.draft.md': 'x',
    'docs/plan.pdf': 'pdf',
    'journal.png': 'png',
  }
  for (const [ignore, notes, attachments] of cases) {
    it(ignore, async () => {
      const result = await built({ ...files, 'hyphae.json': `{"ignore": ${ignore}}` })
      expect(result.notes).toEqual(notes)
      expect(result.attachments).toEqual(attachments)
    })
  }

  it('the build names the entry that left each file out, and counts drafts', async () => {
    const { leftOut } = await built({
      ...files,
      'Draft.md': '---\ndraft: true\n---\nnot yet',
      'hyphae.json': '{"ignore": ["journal", "*.png"]}',
    })
    expect(leftOut).toBe(
      'left out: 1 note matching "journal" (hyphae.json "ignore"), 1 file matching "*.png" (hyphae.json "ignore"), 1 draft',
    )
  })
})
