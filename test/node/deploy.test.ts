/**
 * Uploads, as far as an offline machine allows: deploys run with the exact wrangler commands
 * against real local KV storage; `npm run deploy -- --dry-run` plans and bundles offline.
 */
import { spawnSync } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildToDisk, ROOT } from '../../scripts/build.ts'
import { publish } from '../../scripts/publish.ts'
import { localStore } from '../../scripts/local-kv.ts'
import { kvCommand, WRANGLER, wranglerStore } from '../../scripts/upload.ts'
import { Pack } from '../../src/core/pack.ts'
import { decodeRoot, packKey, packNameOf, ROOT_KEY } from '../../src/core/root.ts'

const fixtureVault = join(ROOT, 'test/fixtures/vault')

describe('upload commands', () => {
  it('always name their target explicitly', () => {
    expect(kvCommand('bulk put', 'remote', { file: 'packs.json' })).toEqual([
      WRANGLER,
      'kv',
      'bulk',
      'put',
      'packs.json',
      '--binding',
      'NOTES',
      '--remote',
    ])
    expect(kvCommand('bulk delete', 'local', { file: 'old.json' })).toEqual([
      WRANGLER,
      'kv',
      'bulk',
      'delete',
      'old.json',
      '--binding',
      'NOTES',
      '--local',
      '--force',
    ])
    expect(kvCommand('key list', 'local', { persistTo: '/tmp/x', prefix: 'pack:' })).toEqual([
      WRANGLER,
      'kv',
      'key',
      'list',
      '--binding',
      'NOTES',
      '--local',
      '--persist-to',
      '/tmp/x',
      '--prefix',
      'pack:',
    ])
  })
})

/** A copy of the fixture vault to edit, a local KV store, and a build → publish cycle against it. */
async function workspace() {
  const vault = await mkdtemp(join(tmpdir(), 'hyphae-vault-'))
  await cp(fixtureVault, vault, { recursive: true })
  const persistTo = await mkdtemp(join(tmpdir(), 'hyphae-kv-'))
  const out = await mkdtemp(join(tmpdir(), 'hyphae-out-'))
  const store = wranglerStore('local', { persistTo })
  const deploy = async () => publish((await buildToDisk(vault, out)).site, store, { worker: 'w1' })
  /** A record as the worker would read it: through the live root, out of its pack. */
  const record = async (key: string) => {
    const root = decodeRoot((await store.get([ROOT_KEY])).get(ROOT_KEY)!)!
    const name = packNameOf(key, root.layout)
    const pack = (await store.get([packKey(name, root.packs[name]!)])).values().next().value!
    const json = new Pack(Buffer.from(pack)).json(key)
    return json === undefined ? undefined : JSON.parse(json)
  }
  const root = async () => decodeRoot((await store.get([ROOT_KEY])).get(ROOT_KEY)!)!
  return { vault, deploy, store, record, root }
}

const packsOf = (root: { packs: Record<string, string> }) =>
  Object.entries(root.packs).map(([name, hash]) => packKey(name, hash))

describe('deploys to real local KV', () => {
  // One namespace through a writer's week (each step a real deploy through wrangler's local KV).
  it('writes every pack once, then only what each edit changed, and deletes old packs a deploy later', async () => {
    const ws = await workspace()
    const first = await ws.deploy()
    expect(first.writes).toBe(first.packed.packs.size + 1)
    expect(first.deletes).toBe(0)
    const firstKeys = [...first.packed.packs].map(([name, pack]) => packKey(name, pack.hash))
    expect((await ws.store.list('')).sort()).toEqual([ROOT_KEY, ...firstKeys].sort())
    expect((await ws.record('n:thoughts/alignment')).title).toBe('Alignment')
    expect(first.plan.purge).toEqual({ everything: true })

    const again = await ws.deploy()
    expect([again.writes, again.deletes, again.plan.purge]).toEqual([0, 0, undefined])

    // A one-note edit: its pack and the root; the purge names that page only.
    const rag = join(ws.vault, 'thoughts/RAG.md')
    await writeFile(rag, `${await readFile(rag, 'utf8')}\nGeneration, retrieval-augmented, quixotically.\n`)
    const edit = await ws.deploy()
    expect(edit.writes).toBe(2)
    expect((await ws.record('n:thoughts/rag')).body).toContain('quixotically')
    expect(edit.plan.purge).toEqual({ tags: ['n:thoughts%2Frag'] })

    // A new link: the linking note, the target whose backlinks grew, and /graph (its new line is in the root).
    const ethics = join(ws.vault, 'thoughts/ethics.md')
    await writeFile(ethics, `${await readFile(ethics, 'utf8')}\nSee [[thoughts/RAG]].\n`)
    const link = await ws.deploy()
    expect(link.writes).toBeLessThanOrEqual(4)
    expect(link.plan.purge).toEqual({ tags: ['graph', 'n:thoughts%2Fethics', 'n:thoughts%2Frag'] })
    const backlinks = (await ws.record('n:thoughts/rag')).backlinks as { slug: string }[]
    expect(backlinks.map((backlink) => backlink.slug)).toContain('thoughts/ethics')

    // A removed note disappears, and the note that linked to it shows a broken link.
    const beforeRemoval = packsOf(await ws.root())
    await rm(join(ws.vault, 'thoughts/Overton Window.md'))
    const removal = await ws.deploy()
    expect(await ws.record('n:thoughts/overton-window')).toBeUndefined()
    expect((await ws.record('n:thoughts/alignment')).links['thoughts/Overton Window']).toBeNull()

    // The namespace holds exactly the packs of the live root and of the root before it (a reader
    // may still hold that one); everything older was deleted.
    const after = (await ws.store.list('pack:')).sort()
    expect(after).toEqual([...new Set([...packsOf(await ws.root()), ...beforeRemoval])].sort())
    expect(removal.deletes).toBeGreaterThan(0)
  }, 240_000)
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
      /plan \(remote\): (\d+) KV writes \(\d+ packs and the root\), 0 deletes; the free plan allows 1000 of each a day\n {2}\+ pack:index:[0-9a-f]{16}\n/,
    )
    expect(result.stdout).toContain(
      [
        'commands:',
        `  ${WRANGLER} kv bulk put packs.json --binding NOTES --remote`,
        `  ${WRANGLER} deploy`,
        `  ${WRANGLER} kv bulk put root.json --binding NOTES --remote`,
        'purge: {"everything":true}',
      ].join('\n'),
    )
    expect((await stat(join(ROOT, 'dist/worker/index.js'))).size).toBeGreaterThan(10_000)
    // npm run dev's live reload lives in its proxy (scripts/dev/proxy.ts): the deployed worker has none of it.
    const bundle = await readFile(join(ROOT, 'dist/worker/index.js'), 'utf8')
    for (const dev of ['_hyphae-dev', 'EventSource', 'reload.js', 'text/event-stream'])
      expect(bundle).not.toContain(dev)
  }, 60_000)
})

describe('npm run dev’s local namespace (scripts/local-kv.ts)', () => {
  it('is the storage wrangler reads: what the in-process store writes, `wrangler kv --local` lists and gets', async () => {
    const persistTo = await mkdtemp(join(tmpdir(), 'hyphae-kv-'))
    const out = await mkdtemp(join(tmpdir(), 'hyphae-out-'))
    const built = await buildToDisk(fixtureVault, out)
    const local = await localStore(ROOT, { persistTo })
    try {
      const first = await publish(built.site, local, { packed: built.packed })
      expect(first.writes).toBe(built.packed.packs.size + 1)
      const again = await publish(built.site, local, { packed: built.packed })
      expect([again.writes, again.deletes]).toEqual([0, 0])
    } finally {
      await local.close()
    }
    const wrangler = wranglerStore('local', { persistTo })
    const expected = built.entries.map((entry) => entry.key).sort()
    expect((await wrangler.list('')).sort()).toEqual(expected)
    const pack = built.entries.find((entry) => entry.key.startsWith('pack:notes/'))!
    expect((await wrangler.get([pack.key])).get(pack.key)).toBe(pack.value.toString())
  }, 120_000)
})
