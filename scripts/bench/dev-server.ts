/**
 * `npm run dev` as a person on a fresh clone runs it: in a copy of the repository's code (its own
 * dist/ and an empty `.wrangler/state`, the local KV wrangler keeps beside wrangler.toml), so the
 * bench neither reads nor clobbers the local site of the working tree.
 */
import type { ChildProcess } from 'node:child_process'
import { spawn, spawnSync } from 'node:child_process'
import { cp, mkdir, rm, symlink } from 'node:fs/promises'
import { join } from 'node:path'
import { ROOT } from '../build.ts'

/** What a fresh clone needs to run `npm run dev`; node_modules is linked, not copied. */
const CHECKOUT = ['src', 'scripts', 'package.json', 'tsconfig.json', 'wrangler.toml']

export async function freshCheckout(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  await Promise.all(CHECKOUT.map((name) => cp(join(ROOT, name), join(dir, name), { recursive: true })))
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
}

export interface DevServer {
  base: string
  /** The process running scripts/dev.ts (the watcher). */
  pid: number
  /** From the start of `npm run dev` to the first page answered 200. */
  readyMs: number
  /** Resident memory of this server's workerd processes, in MB (Linux `ps`). */
  workerdMb: () => number
  stop: () => Promise<void>
}

/** Starts `scripts/dev.ts <vault>` in `checkout` and waits, at most `timeoutMs`, for `/` to answer 200. */
export async function startDev(checkout: string, vault: string, port: number, timeoutMs: number): Promise<DevServer> {
  const start = performance.now()
  let output = ''
  const dev: ChildProcess = spawn(process.execPath, ['scripts/dev.ts', vault], {
    cwd: checkout,
    env: { ...process.env, PORT: String(port), WRANGLER_SEND_METRICS: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: wrangler and workerd are stopped with it, and counted by it.
    detached: true,
  })
  const keep = (chunk: Buffer) => (output = (output + chunk).slice(-4000))
  dev.stdout!.on('data', keep)
  dev.stderr!.on('data', keep)
  let exited = false
  dev.once('exit', () => (exited = true))
  const group = dev.pid!
  const server: DevServer = {
    base: `http://127.0.0.1:${port}`,
    pid: group,
    readyMs: 0,
    workerdMb: () => {
      const ps = spawnSync('ps', ['-o', 'rss=,comm=', '-g', String(group)], { encoding: 'utf8' })
      const kb = ps.stdout
        .split('\n')
        .filter((line) => line.trim().endsWith('workerd'))
        .reduce((sum, line) => sum + Number.parseInt(line, 10), 0)
      return Math.round(kb / 1024)
    },
    stop: async () => {
      if (exited) return
      process.kill(-group, 'SIGTERM')
      for (let waited = 0; !exited && waited < 10_000; waited += 100) await new Promise((r) => setTimeout(r, 100))
      if (!exited) process.kill(-group, 'SIGKILL')
    },
  }
  for (;;) {
    const status = await fetch(`${server.base}/`, { signal: AbortSignal.timeout(5000) }).then(
      (res) => res.status,
      () => 0,
    )
    if (status === 200) return { ...server, readyMs: performance.now() - start }
    if (exited || performance.now() - start > timeoutMs) {
      await server.stop()
      throw new Error(
        `npm run dev ${exited ? 'exited' : 'did not answer 200 in time'}: ${output.trim().split('\n').pop()}`,
      )
    }
    await new Promise((r) => setTimeout(r, 200))
  }
}
