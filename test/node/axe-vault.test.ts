/**
 * axe-core over every page of real vaults, in both themes (issue: accessible on real notes, not
 * only on ours): hyphae's own documentation (content/, every feature) and the OFM fixture (one
 * note per behaviour of OFM-SPEC, ~170 notes). Each is served by `npm run dev`; its pages are found
 * by following every link from `/` (notes, folder and tag pages, /tags, /graph) plus a search and a
 * missing page, and each is checked in Chromium with the light and the dark theme. Text coloured by
 * the note itself (an inline `style="color: …"`) is the writer's choice and is not counted.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AxeResults } from 'axe-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../../scripts/build.ts'
import type { DevSite } from './site.ts'
import { startSite } from './site.ts'

const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8')
/** More pages than either vault has: a crawl that runs away is a failure, not a hang. */
const MAX_PAGES = 600

/** Every page of the site reachable by links from `/`, and a search and a missing page. */
async function crawl(base: string): Promise<string[]> {
  const seen = new Set<string>(['/'])
  const queue = ['/']
  while (queue.length) {
    const path = queue.shift()!
    const res = await fetch(base + path)
    if (!(res.headers.get('content-type') ?? '').startsWith('text/html')) continue
    for (const [, href] of (await res.text()).matchAll(/href="(\/[^"#?]*)"/g)) {
      const target = href!.replace(/&amp;/g, '&')
      // Notes, folders, tags: paths without a file extension (attachments and the site's assets have one).
      if (target.startsWith('/_hyphae/') || /\.[a-z0-9]{1,5}$/i.test(target) || seen.has(target)) continue
      seen.add(target)
      queue.push(target)
      if (seen.size > MAX_PAGES) throw new Error(`more than ${MAX_PAGES} pages from ${base}`)
    }
  }
  return [...seen, '/search?q=note', '/no-such-note'].sort()
}

interface Found {
  path: string
  scheme: string
  id: string
  impact: string | null
  targets: string[]
}

function auditVault(name: string, vault: string, port: number) {
  describe(`${name}: every page`, () => {
    let site: DevSite
    beforeAll(async () => {
      site = await startSite(port, vault)
    }, 120_000)
    afterAll(() => site?.stop())

    it('has no serious or critical axe-core violation, light or dark', async () => {
      const paths = await crawl(site.base)
      expect(paths.length).toBeGreaterThan(20)
      // The two themes in two tabs at once: the browser's and the server's work overlap.
      const audit = async (scheme: 'light' | 'dark'): Promise<Found[]> => {
        // bypassCSP: the site's policy (rightly) refuses the script that injects axe-core.
        const context = await site.browser.newContext({
          colorScheme: scheme,
          viewport: { width: 1280, height: 900 },
          bypassCSP: true,
        })
        await context.addInitScript({ content: AXE })
        const page = await context.newPage()
        const found: Found[] = []
        for (const path of paths) {
          await page.goto(site.base + path)
          const violations = await page.evaluate(async () => {
            const { axe } = globalThis as unknown as {
              axe: { run: (options: { resultTypes: string[] }) => Promise<AxeResults> }
            }
            // Only violations are wanted: axe then keeps one node of each pass, not every one.
            const results = await axe.run({ resultTypes: ['violations'] })
            // Colours a note sets itself (`<span style="color: red">`) are the writer's choice, not hyphae's.
            const authored = (target: string) =>
              Boolean(document.querySelector(target)?.closest('.note-body [style*="color"]'))
            return results.violations.flatMap((violation) => {
              const nodes = violation.nodes
                .map((node) => node.target.join(' '))
                .filter((target) => violation.id !== 'color-contrast' || !authored(target))
              return nodes.length
                ? [{ id: violation.id, impact: violation.impact ?? null, targets: nodes.slice(0, 3) }]
                : []
            })
          })
          for (const violation of violations) found.push({ path, scheme, ...violation })
        }
        await context.close()
        return found
      }
      const found = (await Promise.all([audit('light'), audit('dark')])).flat()
      const serious = found.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      const minor = found.filter((violation) => !serious.includes(violation))
      if (minor.length)
        console.log(`axe ${name}, ${paths.length} pages × 2 themes, minor/moderate:`, JSON.stringify(minor))
      console.log(`axe ${name}: ${paths.length} pages × 2 themes, ${serious.length} serious or critical`)
      expect(serious.map((v) => `${v.path} (${v.scheme}): ${v.id} [${v.impact}] ${v.targets.join(' | ')}`)).toEqual([])
    }, 600_000)
  })
}

auditVault('hyphae’s documentation (content/)', 'content', 8805)
auditVault('the OFM fixture vault', join('test', 'fixtures', 'ofm'), 8807)
