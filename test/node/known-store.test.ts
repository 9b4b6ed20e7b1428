/**
 * `npm run dev` publishes its rebuilds through scripts/dev/known-store.ts: what it wrote is read back
 * from memory, and the namespace ends exactly as publishing straight to it leaves it.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildToDisk } from '../../scripts/build.ts'
import { knownStore } from '../../scripts/dev/known-store.ts'
import { publish } from '../../scripts/publish.ts'
import { MemoryKv } from './memory-kv.ts'
import { tempCopy } from './temp-vault.ts'

/** A memory namespace that counts the keys read and listed from it. */
class CountingKv extends MemoryKv {
  reads = 0
  lists = 0
  override async get(keys: readonly string[]) {
    this.reads += keys.length
    return super.get(keys)
  }
  override async list(prefix: string) {
    this.lists += 1
    return super.list(prefix)
  }
}

describe('the store npm run dev publishes to', () => {
  it('reads back from memory what it wrote, and leaves the namespace as a direct publish does', async () => {
    const vault = await tempCopy('test/fixtures/vault', 'hyphae-known-')
    const out = await mkdtemp(join(tmpdir(), 'hyphae-known-out-'))
    const direct = new MemoryKv()
    const inner = new CountingKv()
    const known = knownStore(inner)
    const both = async () => {
      const built = await buildToDisk(vault, out)
      const straight = await publish(built.site, direct, { packed: built.packed })
      const remembered = await publish(built.site, known, { packed: built.packed })
      expect(remembered.plan).toEqual(straight.plan)
      return remembered
    }
    await both()
    // The first publish asked for the root (absent) and listed the packs once.
    expect([inner.reads, inner.lists]).toEqual([1, 1])
    for (const text of ['plain words', '## A heading', '#tag and [[LLMs]]']) {
      const note = join(vault, 'thoughts/RAG.md')
      await writeFile(note, `${await readFile(note, 'utf8')}\n\n${text}\n`)
      const { plan } = await both()
      expect(plan.writes.length).toBeGreaterThan(0)
    }
    expect([inner.reads, inner.lists]).toEqual([1, 1])
    expect(inner.deletes).toBeGreaterThan(0)
    expect(Object.fromEntries(inner.values)).toEqual(Object.fromEntries(direct.values))
  })
})
