/** `npm run check:vault`: the fidelity report counts syntax and finds what leaked, with file and line. */
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../../scripts/build.ts'
import { assembleVaultOf, checkVault } from '../../scripts/check-vault.ts'

function check(files: Record<string, string>) {
  const notes = Object.entries(files).map(([path, source]) => ({ path, source }))
  const vault = assembleVaultOf(notes, [])
  return checkVault(vault, new Map(notes.map((note) => [note.path, note.source])))
}

describe('checkVault', () => {
  it('counts each syntax and the links that resolved or broke', () => {
    const report = check({
      'a.md': '> [!note] T\n> body\n\n[[b]] [[missing]] ==hi== #tag $x$ %%c%%\n\n- [ ] task',
      'b.md': 'B',
    })
    expect(Object.fromEntries(report.counts)).toEqual({
      callouts: 1,
      wikilinks: 2,
      highlights: 1,
      'tags (inline)': 1,
      'math (inline)': 1,
      'comments (inline)': 1,
      'task items': 1,
    })
    expect(report.links).toEqual({ resolved: 1, broken: 1 })
    expect(report.leaks).toEqual([])
  })

  it('reports math KaTeX cannot typeset, and ignores characters the writer escaped', () => {
    const report = check({
      'a.md': 'Escaped \\[\\[not a link\\]\\] and \\=\\=not marked\\=\\=.\n\nBad $\\frac{1}{$ math.',
    })
    expect(report.leaks.map((leak) => [leak.file, leak.syntax])).toEqual([['a.md', 'math error']])
  })
})

describe('npm run check:vault', () => {
  it('prints the report for the fixture vault and exits 0 when nothing leaked', () => {
    const result = spawnSync(process.execPath, ['scripts/check-vault.ts', 'test/fixtures/vault'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/^raw syntax left in pages +0$/m)
    expect(result.stdout).toContain('warning: thoughts/Alignment.md:33: broken link: [[thoughts/moral|morally]]')
  })
})
