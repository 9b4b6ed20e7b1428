/**
 * Uploads, as far as an offline machine allows: the exact wrangler commands run against real local
 * KV storage, and `wrangler deploy --dry-run` bundling the worker.
 */
import { spawnSync } from 'node:child_process'
import { mkdtemp, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildToDisk, ROOT } from '../../scripts/build.ts'
import { BINDING, bulkPutCommand, keyListCommand, run, syncKv, WRANGLER } from '../../scripts/kv.ts'

const fixtureVault = join(ROOT, 'test/fixtures/vault')

describe('upload commands', () => {
  it('always name their target explicitly', () => {
    expect(bulkPutCommand('dist/kv.json', 'remote')).toEqual([WRANGLER, 'kv', 'bulk', 'put', 'dist/kv.json', '--binding', BINDING, '--remote'])
    expect(bulkPutCommand('dist/kv.json', 'local')).toEqual([WRANGLER, 'kv', 'bulk', 'put', 'dist/kv.json', '--binding', BINDING, '--local'])
    expect(keyListCommand('local', { persistTo: '/tmp/x' })).toEqual([WRANGLER, 'kv', 'key', 'list', '--binding', BINDING, '--local', '--persist-to', '/tmp/x'])
  })

  it('sync to local KV writes every record, then removes the ones the vault no longer has', async () => {
    const persistTo = await mkdtemp(join(tmpdir(), 'hyphae-kv-'))
    const out = await mkdtemp(join(tmpdir(), 'hyphae-out-'))
    const first = await buildToDisk(fixtureVault, out)
    expect(await syncKv(first.entries, first.kvFile, out, 'local', { persistTo })).toEqual({ put: first.entries.length, deleted: 0 })
    const keys = () => (JSON.parse(run(keyListCommand('local', { persistTo }), { capture: true })) as { name: string }[]).map((key) => key.name).sort()
    expect(keys()).toEqual(first.entries.map((entry) => entry.key).sort())
    const stored = run([WRANGLER, 'kv', 'key', 'get', 'note:thoughts/alignment', '--binding', BINDING, '--local', '--persist-to', persistTo], { capture: true })
    expect(stored).toBe(first.entries.find((entry) => entry.key === 'note:thoughts/alignment')!.value)

    // The same vault without one note: its record is deleted, the rest stay.
    const smaller = { ...first, entries: first.entries.filter((entry) => entry.key !== 'note:thoughts/existentialism') }
    const { writeFile } = await import('node:fs/promises')
    await writeFile(smaller.kvFile, JSON.stringify(smaller.entries))
    expect(await syncKv(smaller.entries, smaller.kvFile, out, 'local', { persistTo })).toEqual({ put: smaller.entries.length, deleted: 1 })
    expect(keys()).toEqual(smaller.entries.map((entry) => entry.key).sort())
  })
})

describe('npm run deploy -- --dry-run', () => {
  it('prints the exact commands a deploy runs, with --remote, and bundles the worker offline', async () => {
    const result = spawnSync(process.execPath, ['scripts/deploy.ts', 'test/fixtures/vault', '--dry-run'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    })
    expect(result.status).toBe(0)
    const kvFile = join(ROOT, 'dist/kv.json')
    expect(result.stdout).toContain(
      [
        'dry run: a deploy would run',
        `  ${WRANGLER} kv bulk put ${kvFile} --binding NOTES --remote`,
        `  ${WRANGLER} kv key list --binding NOTES --remote`,
        `  ${WRANGLER} kv bulk delete ${join(ROOT, 'dist/kv-delete.json')} --binding NOTES --remote --force`,
        `  ${WRANGLER} deploy`,
      ].join('\n'),
    )
    expect(result.stdout).toContain('--dry-run: exiting now.')
    expect((await stat(join(ROOT, 'dist/worker/index.js'))).size).toBeGreaterThan(10_000)
  })
})
