/**
 * Uploads, as far as an offline machine allows: incremental syncs run with the exact wrangler
 * commands against real local KV storage; `npm run deploy -- --dry-run` plans and bundles offline.
 */
import { spawnSync } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildToDisk, ROOT } from '../../scripts/build.ts'
import { applyPlan, BINDING, bulkPutCommand, keyListCommand, planFor, run, WRANGLER } from '../../scripts/kv.ts'
import { planSync, purgeFor } from '../../scripts/manifest.ts'

const fixtureVault = join(ROOT, 'test/fixtures/vault')

describe('upload commands', () => {
  it('always name their target explicitly', () => {
    expect(bulkPutCommand('dist/kv.json', 'remote')).toEqual([
      WRANGLER,
      'kv',
      'bulk',
      'put',
      'dist/kv.json',
      '--binding',
      BINDING,
      '--remote',
    ])
    expect(bulkPutCommand('dist/kv.json', 'local')).toEqual([
      WRANGLER,
      'kv',
      'bulk',
      'put',
      'dist/kv.json',
      '--binding',
      BINDING,
      '--local',
    ])
    expect(keyListCommand('local', { persistTo: '/tmp/x' })).toEqual([
      WRANGLER,
      'kv',
      'key',
      'list',
      '--binding',
      BINDING,
      '--local',
      '--persist-to',
      '/tmp/x',
    ])
  })
})

/** A copy of the fixture vault to edit, a local KV store, and a build → plan → apply cycle against it. */
async function workspace() {
  const vault = await mkdtemp(join(tmpdir(), 'hyphae-vault-'))
  await cp(fixtureVault, vault, { recursive: true })
  const persistTo = await mkdtemp(join(tmpdir(), 'hyphae-kv-'))
  const out = await mkdtemp(join(tmpdir(), 'hyphae-out-'))
  const deploy = async () => {
    const { entries } = await buildToDisk(vault, out)
    const plan = planFor(entries, 'local', { persistTo, worker: 'w1' })
    const writes = await applyPlan(plan, out, 'local', { persistTo })
    return { plan, writes, entries }
  }
  const keys = () =>
    (JSON.parse(run(keyListCommand('local', { persistTo }), { capture: true })) as { name: string }[])
      .map((key) => key.name)
      .sort()
  const get = (key: string) =>
    run([WRANGLER, 'kv', 'key', 'get', key, '--binding', BINDING, '--local', '--persist-to', persistTo, '--text'], {
      capture: true,
    }).replace(/\n$/, '')
  return { vault, deploy, keys, get }
}

const keysOf = (entries: { key: string }[]) => entries.map((entry) => entry.key).sort()

describe('incremental sync to real local KV', () => {
  it('the first deploy writes everything; an unchanged redeploy writes nothing', async () => {
    const ws = await workspace()
    const first = await ws.deploy()
    expect(first.plan.changed).toEqual([])
    expect(keysOf(first.plan.added)).toEqual(keysOf(first.entries))
    expect(first.writes).toBe(first.entries.length + 1)
    expect(ws.keys()).toEqual([...keysOf(first.entries), 'manifest'].sort())
    expect(ws.get('note:thoughts/alignment')).toBe(
      first.entries.find((entry) => entry.key === 'note:thoughts/alignment')!.value,
    )

    const again = await ws.deploy()
    expect({
      added: again.plan.added.length,
      changed: again.plan.changed.length,
      removed: again.plan.removed.length,
      writes: again.writes,
    }).toEqual({
      added: 0,
      changed: 0,
      removed: 0,
      writes: 0,
    })
  }, 60_000)

  it('a one-note edit uploads only that note (and the manifest)', async () => {
    const ws = await workspace()
    await ws.deploy()
    const path = join(ws.vault, 'thoughts/RAG.md')
    // A new paragraph in words the note already has: the search index does not change either.
    await writeFile(path, `${await readFile(path, 'utf8')}\nGeneration, retrieval-augmented.\n`)
    const edit = await ws.deploy()
    expect(keysOf(edit.plan.changed)).toEqual(['note:thoughts/rag'])
    expect(edit.plan.added).toEqual([])
    expect(edit.plan.removed).toEqual([])
    expect(edit.writes).toBe(2)
    expect(ws.get('note:thoughts/rag')).toContain('Generation, retrieval-augmented.')
    expect(purgeFor(edit.plan)).toEqual({ tags: ['n:thoughts%2Frag'] })
  }, 60_000)

  it('a new link changes only the linking note and the target whose backlinks grew', async () => {
    const ws = await workspace()
    await ws.deploy()
    const path = join(ws.vault, 'thoughts/ethics.md')
    await writeFile(path, `${await readFile(path, 'utf8')}\nSee [[thoughts/RAG]].\n`)
    const edit = await ws.deploy()
    const notes = keysOf(edit.plan.changed).filter((key) => !key.startsWith('search:'))
    expect(notes).toEqual(['note:thoughts/ethics', 'note:thoughts/rag'])
    // Plus the search shards of the words the note gained (see, thoughts, rag): at most one per new word.
    expect(edit.plan.changed.length - notes.length).toBeLessThanOrEqual(3)
    expect(edit.writes).toBe(edit.plan.changed.length + edit.plan.added.length + 1)
  }, 60_000)

  it('a removed note disappears from KV, and the notes that listed it change', async () => {
    const ws = await workspace()
    await ws.deploy()
    await rm(join(ws.vault, 'thoughts/Overton Window.md'))
    const edit = await ws.deploy()
    expect(edit.plan.removed.filter((key) => !key.startsWith('search:'))).toEqual(['note:thoughts/overton-window'])
    // Alignment linked to it (now a broken link) and was listed in its backlinks.
    // (Besides the search shards, the folder page and the list of notes that the sitemap reads.)
    expect(keysOf(edit.plan.changed).filter((key) => /^(note:|site$)/.test(key))).toEqual([
      'note:thoughts/alignment',
      'site',
    ])
    expect(ws.keys()).not.toContain('note:thoughts/overton-window')
    expect(ws.get('note:thoughts/overton-window')).toContain('Value not found')
    expect(JSON.parse(ws.get('note:thoughts/alignment')).links['thoughts/Overton Window']).toBeNull()
  }, 60_000)
})

describe('the plan', () => {
  const entry = (key: string, value: string) => ({ key, value })

  it('orders new before changed, deletes last, and purges by page', () => {
    const previous = planSync(
      [entry('note:a', '1'), entry('note:b', '1'), entry('tag:x', '1')],
      undefined,
      [],
      'w',
    ).manifest
    const plan = planSync([entry('note:a', '2'), entry('note:c', '1'), entry('tag:x', '1')], previous, [], 'w')
    expect(keysOf(plan.added)).toEqual(['note:c'])
    expect(keysOf(plan.changed)).toEqual(['note:a'])
    expect(plan.removed).toEqual(['note:b'])
    expect(purgeFor(plan)).toEqual({ tags: ['n:c', 'n:a', 'n:b'] })
  })

  it('purges everything when the worker or the site record changes', () => {
    const previous = planSync([entry('site', '1'), entry('note:a', '1')], undefined, [], 'w1').manifest
    expect(purgeFor(planSync([entry('site', '1'), entry('note:a', '1')], previous, [], 'w2'))).toEqual({
      everything: true,
    })
    expect(purgeFor(planSync([entry('site', '2'), entry('note:a', '1')], previous, [], 'w1'))).toEqual({
      everything: true,
    })
    expect(purgeFor(planSync([entry('site', '1'), entry('note:a', '1')], previous, [], 'w1'))).toBeUndefined()
  })

  it('without a manifest, a key listing names what to delete', () => {
    const plan = planSync([entry('note:a', '1')], undefined, ['note:a', 'note:old', 'manifest'])
    expect(plan.removed).toEqual(['note:old'])
  })
})

describe('npm run deploy -- --dry-run', () => {
  it('prints the plan, the exact commands (all --remote) and the purge, and bundles the worker offline', async () => {
    const result = spawnSync(process.execPath, ['scripts/deploy.ts', 'test/fixtures/vault', '--dry-run'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    })
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('could not read the remote namespace')
    expect(result.stdout).toMatch(
      /plan \(remote\): \d+ to add, 0 to change, 0 to delete \(and the manifest\)\n {2}\+ note:index\n/,
    )
    expect(result.stdout).toContain(
      [
        'commands:',
        `  ${WRANGLER} kv bulk put ${join(ROOT, 'dist/kv-added.json')} --binding NOTES --remote`,
        `  ${WRANGLER} kv bulk put ${join(ROOT, 'dist/kv-manifest.json')} --binding NOTES --remote`,
        `  ${WRANGLER} deploy`,
        'purge: {"everything":true}',
      ].join('\n'),
    )
    expect((await stat(join(ROOT, 'dist/worker/index.js'))).size).toBeGreaterThan(10_000)
  }, 60_000)
})
