/**
 * Bases and deploys (BASES B156): a view's result is stored in the record of the note that shows it,
 * so when a note changes, the pages whose base results change are rewritten on the next deploy,
 * within the storage targets, and the others are not.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildToDisk } from '../../scripts/build.ts'
import { publish } from '../../scripts/publish.ts'
import type { Slug } from '../../src/core/slug.ts'
import { gardenOver, MemoryKv } from './memory-kv.ts'
import { tempCopy } from './temp-vault.ts'

const garden = gardenOver

describe('a note edit that changes a base’s results', () => {
  it('rewrites the pages showing that base, at most 4 writes, and purges exactly them', async () => {
    const vault = await tempCopy('test/fixtures/bases', 'hyphae-bases-')
    const out = await mkdtemp(join(tmpdir(), 'hyphae-out-'))
    const kv = new MemoryKv()
    await publish((await buildToDisk(vault, out)).site, kv)
    const dune = join(vault, 'Books/Dune.md')
    await writeFile(dune, (await readFile(dune, 'utf8')).replace('year: 1965', 'year: 1966'))
    const result = await publish((await buildToDisk(vault, out)).site, kv)
    expect(result.writes).toBeLessThanOrEqual(4)
    const herbert = await garden(kv).note('authors/frank-herbert' as Slug)
    expect(Object.values(herbert!.prerendered).join('')).toContain('<td>1966</td>')
    // Dune's own page, the base's page and the writer's page show the year; the other writer's does not.
    const purge = result.plan.purge
    const tags = purge && 'tags' in purge ? purge.tags : []
    expect(tags).toEqual(expect.arrayContaining(['n:books%2Fdune', 'n:library.base', 'n:authors%2Ffrank-herbert']))
    expect(tags).not.toContain('n:authors%2Fursula-k.-le-guin')
  })
})
