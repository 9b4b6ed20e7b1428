/**
 * Attachments past Workers Static Assets' limits: the build leaves them out of dist/public/ and
 * says why, their links stay as they were, and the sync uploads them to a real local R2 bucket
 * (wrangler's, in a temporary --persist-to) only when they changed.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { buildToDisk, report, ROOT } from '../../scripts/build.ts'
import { r2Command, syncAttachments, wranglerBucket } from '../../scripts/r2.ts'
import { chooseR2 } from '../../scripts/stages/attachments.ts'
import { WRANGLER } from '../../scripts/upload.ts'
import { parseNoteRecord } from '../../src/core/records.ts'
import { renderNote } from '../../src/core/render.ts'
import { unpack } from './records.ts'

const MIB = 1024 * 1024

describe('which attachments go to R2', () => {
  const files = [
    { path: 'a.png', size: 3 },
    { path: 'big.mp4', size: 26 * MIB },
    { path: 'b.png', size: 9 },
    { path: 'c.png', size: 9 },
    { path: 'd.png', size: 1 },
  ]
  const reasons = (siteFiles: number, budget: number) =>
    Object.fromEntries([...chooseR2(files, siteFiles, budget)].map(([file, reason]) => [file.path, reason]))

  it.each([
    ['every file fits', 10, 100, { 'big.mp4': 'size' }],
    ['one file too many', 97, 100, { 'big.mp4': 'size', 'b.png': 'count' }],
    ['two too many: the largest, ties by path', 98, 100, { 'big.mp4': 'size', 'b.png': 'count', 'c.png': 'count' }],
    [
      'the site alone fills static assets',
      100,
      100,
      { 'big.mp4': 'size', 'a.png': 'count', 'b.png': 'count', 'c.png': 'count', 'd.png': 'count' },
    ],
  ])('%s', (_, siteFiles, budget, expected) => {
    expect(reasons(siteFiles, budget)).toEqual(expected)
  })

  it('exactly 25 MiB still fits', () => {
    expect(chooseR2([{ path: 'x.mp4', size: 25 * MIB }], 0).size).toBe(0)
  })
})

describe('R2 commands', () => {
  it('always name their target, and store the file’s type', () => {
    expect(r2Command('put', 'remote', 'b/talks/a.mp4', { file: '/v/a.mp4' })).toEqual([
      WRANGLER,
      'r2',
      'object',
      'put',
      'b/talks/a.mp4',
      '--file',
      '/v/a.mp4',
      '--content-type',
      'video/mp4',
      '--remote',
    ])
    expect(r2Command('get', 'local', 'b/_hyphae/r2-manifest.json', { persistTo: '/tmp/x' })).toEqual([
      WRANGLER,
      'r2',
      'object',
      'get',
      'b/_hyphae/r2-manifest.json',
      '--pipe',
      '--local',
      '--persist-to',
      '/tmp/x',
    ])
  })
})

/** Every file under `dir` with its size. */
async function filesUnder(dir: string): Promise<Map<string, number>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
  return new Map(
    await Promise.all(files.map(async (file) => [file.slice(dir.length + 1), (await stat(file)).size] as const)),
  )
}

/** The object's bytes in the local bucket, through wrangler; undefined when it holds none. */
function getObject(persistTo: string, key: string): Buffer | undefined {
  const [command, ...args] = r2Command('get', 'local', `hyphae-attachments/${key}`, { persistTo })
  const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' }
  const result = spawnSync(command!, args, { cwd: ROOT, maxBuffer: 1 << 30, env })
  return result.status === 0 ? result.stdout : undefined
}

const sha256 = (bytes: Buffer | undefined) => bytes && createHash('sha256').update(bytes).digest('hex')

describe('a vault with a 26 MiB PDF', () => {
  it('builds without it in static assets, links to it as before, and uploads it once', {
    timeout: 240_000,
  }, async () => {
    const vault = await mkdtemp(join(tmpdir(), 'hyphae-vault-'))
    await mkdir(join(vault, 'Lectures'))
    await mkdir(join(vault, 'Pics'))
    await writeFile(join(vault, 'index.md'), '![[Lectures/Big Talk.pdf]]\n\n![[Pics/small.png]]\n')
    await writeFile(join(vault, 'Pics/small.png'), 'png bytes')
    // Sparse: 26 MiB on paper, written in an instant; one byte at the end so it is not all zeros.
    const big = await open(join(vault, 'Lectures/Big Talk.pdf'), 'w')
    await big.write('%', 26 * MIB - 1)
    await big.close()

    const out = await mkdtemp(join(tmpdir(), 'hyphae-out-'))
    const result = await buildToDisk(vault, out)
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    let printed: unknown[]
    try {
      expect(report(result, vault)).toBe(true)
      printed = log.mock.calls.map(([line]) => line)
    } finally {
      log.mockRestore()
    }
    const published = await filesUnder(join(out, 'public'))
    expect(printed).toEqual([
      "attachment to R2: Lectures/Big Talk.pdf (26.0 MiB, over Workers Static Assets' 25 MiB a file)",
      `1 attachment (26.0 MiB) served from the R2 bucket at their usual paths; ${published.size - 1} files in static assets`,
      expect.stringMatching(/^built 1 notes, 2 attachments, 0 warnings → /),
    ])
    expect(published.get('pics/small.png')).toBe('png bytes'.length)
    expect(published.has('lectures/big-talk.pdf')).toBe(false)
    expect(Math.max(...published.values())).toBeLessThanOrEqual(25 * MIB)

    // The link is the same whichever store serves the file.
    const note = parseNoteRecord(unpack(result.entries).records.get('n:index'))!
    expect(renderNote(note, new Map(), { breaks: false })).toContain(
      '<iframe class="pdf" src="/lectures/big-talk.pdf" title="Big Talk.pdf" loading="lazy"></iframe>',
    )

    const persistTo = await mkdtemp(join(tmpdir(), 'hyphae-r2-'))
    const bucket = await wranglerBucket('local', { persistTo })
    const first = await syncAttachments(result.placement.r2, bucket)
    expect([first.uploaded, first.stale]).toEqual([['lectures/big-talk.pdf'], []])
    await first.prune()
    const source = sha256(await readFile(join(vault, 'Lectures/Big Talk.pdf')))
    expect(sha256(getObject(persistTo, 'lectures/big-talk.pdf'))).toBe(source)
    expect(JSON.parse(String(getObject(persistTo, '_hyphae/r2-manifest.json')))).toEqual({
      v: 1,
      files: { 'lectures/big-talk.pdf': source },
    })

    const again = await syncAttachments((await buildToDisk(vault, out)).placement.r2, bucket)
    expect([again.uploaded, again.stale]).toEqual([[], []])

    // Gone from the vault: its object is deleted by prune(), which a deploy runs after the root switch.
    await rm(join(vault, 'Lectures/Big Talk.pdf'))
    const removed = await syncAttachments((await buildToDisk(vault, out)).placement.r2, bucket)
    expect([removed.uploaded, removed.stale]).toEqual([[], ['lectures/big-talk.pdf']])
    expect(sha256(getObject(persistTo, 'lectures/big-talk.pdf'))).toBe(source)
    await removed.prune()
    expect(getObject(persistTo, 'lectures/big-talk.pdf')).toBeUndefined()
  })
})
