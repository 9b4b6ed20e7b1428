/**
 * A writer's laptop allows few open files (macOS: 256 by default). The build reads and copies a
 * bounded number of files at a time, so a vault with many more notes than that still builds.
 * (`npm run bench` builds the 10,000-note vault under the same limit.)
 */
import { spawnSync } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { writeVault } from '../../scripts/bench/generate-vault.ts'
import { ROOT } from '../../scripts/build.ts'

it('a 2,000-note vault with 300 more attachments builds under ulimit -n 256', async () => {
  const vault = await mkdtemp(join(tmpdir(), 'hyphae-files-'))
  await writeVault(vault, 2000)
  for (let i = 0; i < 300; i += 1) await writeFile(join(vault, `file-${i}.txt`), `attachment ${i}`)
  const build = spawnSync('sh', ['-c', `ulimit -n 256 && exec "${process.execPath}" scripts/build.ts "${vault}"`], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  })
  expect(build.stderr).not.toMatch(/EMFILE|too many open files/i)
  expect(build.status).toBe(0)
  expect(build.stdout).toMatch(/^built 2000 notes, 310 attachments, /m)
}, 180_000)
