/**
 * `npm run dev` following the writer on the 10,000-note bench vault (issue: the writing loop):
 * save → the new page served, save → the open tab showing it by itself (the first SAVES saves), and
 * the watching process's memory over MEMORY_SAVES saves, each waited for until its page is served.
 * The saves append to a median-sized note and are undone afterwards.
 */
import { spawnSync } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { hrefFromSlug, slugFromPath } from '../../src/core/slug.ts'
import { findChromium } from '../chromium.ts'
import type { DevServer } from './dev-server.ts'
import type { Row } from './table.ts'
import { ms } from './table.ts'

/** Saves timed one after the other: each waits for the page to show it. */
const SAVES = 8
/** Saves in all (the issue: memory steady over 200 saves); the watcher's memory is read every MEMORY_EVERY. */
const MEMORY_SAVES = 200
const MEMORY_EVERY = 25

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  for (const deadline = performance.now() + timeoutMs; performance.now() < deadline; ) {
    // A page in the middle of reloading answers nothing: try again.
    if (await check().catch(() => false)) return true
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return false
}

/** Resident memory of the watching process (the node process that runs scripts/dev.ts), in MB. */
function watcherMb(server: DevServer): number {
  const ps = spawnSync('ps', ['-o', 'rss=', '-p', String(server.pid)], { encoding: 'utf8' })
  return Math.round(Number.parseInt(ps.stdout, 10) / 1024)
}

export async function watchRows(server: DevServer, vault: string, notePath: string): Promise<Row[]> {
  const file = join(vault, notePath)
  const original = await readFile(file, 'utf8')
  const url = `${server.base}${hrefFromSlug(slugFromPath(notePath))}`
  const served: number[] = []
  const shown: number[] = []
  const memory: { save: number; mb: number }[] = []
  const executablePath = findChromium()
  const browser = executablePath
    ? await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] })
    : undefined
  try {
    const page = await browser?.newPage()
    await page?.goto(url)
    for (let i = 0; i < MEMORY_SAVES; i++) {
      const marker = `SAVED-${Date.now()}-${i}`
      const saved = performance.now()
      await writeFile(file, `${original}\n\n${marker}\n`)
      const servedOk = await until(async () => (await (await fetch(url)).text()).includes(marker), 120_000)
      if (i < SAVES) {
        if (servedOk) served.push(performance.now() - saved)
        if (page && (await until(async () => (await page.content()).includes(marker), 120_000)))
          shown.push(performance.now() - saved)
      }
      if (i === 0 || (i + 1) % MEMORY_EVERY === 0) memory.push({ save: i + 1, mb: watcherMb(server) })
    }
  } finally {
    await browser?.close()
    await writeFile(file, original)
  }
  // Steady: the second half of the saves stays within 10% (the first fills the caches and the heap).
  const late = memory.filter((sample) => sample.save >= MEMORY_SAVES / 2).map((sample) => sample.mb)
  const spread = late.length > 1 ? (Math.max(...late) - Math.min(...late)) / Math.min(...late) : NaN
  return [
    {
      name: `npm run dev, 10,000 notes: save → new page served (median of ${served.length})`,
      value: served.length ? ms(median(served)) : 'never',
      target: '≤ 500 ms',
      ok: served.length > 0 && median(served) <= 500,
    },
    {
      name: `npm run dev, 10,000 notes: save → open tab shows it by itself (median of ${shown.length})`,
      value: shown.length ? ms(median(shown)) : 'never (no Chromium or no reload)',
      target: '≤ 1500 ms',
      ok: shown.length > 0 && median(shown) <= 1500,
    },
    {
      name: `npm run dev: watching process memory after saves ${memory.map((sample) => sample.save).join(', ')}`,
      value: `${memory.map((sample) => sample.mb).join(' / ')} MB (saves ${MEMORY_SAVES / 2}–${MEMORY_SAVES}: ${Number.isNaN(spread) ? '–' : `${(spread * 100).toFixed(1)}%`} spread)`,
      target: 'steady: ≤ 10%',
      ok: !Number.isNaN(spread) && spread <= 0.1,
    },
  ]
}
