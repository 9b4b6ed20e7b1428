/**
 * `npm run dev -- test/fixtures/vault` (or another vault) for the node tests that need the site running: starts it on
 * `port`, waits until it answers, and launches Chromium (playwright-core, the browser scripts/chromium.ts finds)
 * beside it.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { Browser } from 'playwright-core'
import { ROOT } from '../../scripts/build.ts'
import { findChromium } from '../../scripts/chromium.ts'

export interface DevSite {
  base: string
  browser: Browser
  /** Everything `npm run dev` printed so far (build warnings, wrangler's log). */
  output: () => string
  stop: () => Promise<void>
}

export async function startSite(
  port: number,
  vault = join('test', 'fixtures', 'vault'),
  env: Record<string, string> = {},
): Promise<DevSite> {
  const executablePath = findChromium()
  if (!executablePath)
    throw new Error('no Chromium: `sh scripts/node.sh scripts/ensure-chromium.ts` says what to install')
  const base = `http://127.0.0.1:${port}`
  let output = ''
  const dev = spawn(process.execPath, ['scripts/dev.ts', vault], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), WRANGLER_SEND_METRICS: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  dev.stdout!.on('data', (chunk) => (output += chunk))
  dev.stderr!.on('data', (chunk) => (output += chunk))
  for (const deadline = Date.now() + 90_000; ; ) {
    if (Date.now() > deadline) throw new Error(`wrangler dev did not start:\n${output}`)
    // npm run dev's proxy answers 503 until the first build is in local KV, 502 until wrangler dev behind it is ready.
    const up = await fetch(`${base}/`, { redirect: 'manual' }).then(
      (res) => res.status !== 502 && res.status !== 503,
      () => false,
    )
    if (up) break
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  return {
    base,
    browser,
    output: () => output,
    // Waits for npm run dev to exit, so the next test file's site never shares its local storage with this one.
    stop: async () => {
      await browser.close()
      if (dev.exitCode !== null || dev.signalCode !== null || !dev.pid) return
      const exited = new Promise((resolve) => dev.once('exit', resolve))
      process.kill(-dev.pid, 'SIGTERM')
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))])
    },
  }
}
