/**
 * `npm run deploy [-- <vault>] [--dry-run] [--local] [--strict]` (`--help` for usage)
 *
 *  1. build the vault; bundle the worker (`wrangler deploy --dry-run`) to learn its hash;
 *  2. compare every record with the namespace's manifest (scripts/manifest.ts);
 *  3. write new records, then changed ones, then the manifest; delete removed records last;
 *  4. `wrangler deploy` (worker and static assets);
 *  5. purge the changed pages from Workers Cache (POST /_hyphae/purge, with $HYPHAE_SITE_URL and
 *     $HYPHAE_PURGE_TOKEN; everything when the worker or the site record changed).
 *
 * `--dry-run` prints the plan (counts and keys), the commands and the purge, and changes nothing.
 * `--local` plans against the local namespace that `wrangler dev` reads instead of the real one.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { buildToDisk, DEFAULT_OUT, DEFAULT_VAULT, report } from './build.ts'
import { commandLine } from './cli.ts'
import type { KvTarget } from './kv.ts'
import { applyPlan, bulkDeleteCommand, bulkPutCommand, planFor, run, WRANGLER } from './kv.ts'
import type { SyncPlan } from './manifest.ts'
import { describePlan, planSync, purgeFor } from './manifest.ts'

const USAGE = `Usage: npm run deploy -- [vault] [--dry-run] [--local] [--strict]

Publishes the vault: builds it, writes the records that changed to the KV namespace (new ones, then
changed ones, then the manifest; removed ones are deleted last), deploys the worker and its static
assets with \`wrangler deploy\`, and purges the changed pages from the cache.

Arguments:
  vault       the vault folder (default: content/)

Options:
  --dry-run   print the plan (counts and keys), the commands and the purge; change nothing
  --local     sync the local namespace \`wrangler dev\` reads instead of the real one; deploys no worker
  --strict    treat every warning as an error: exit 1, uploading nothing, if the vault has any problem
  -h, --help  print this help

Environment:
  HYPHAE_SITE_URL, HYPHAE_PURGE_TOKEN
              the site to purge and its token (without them, changed pages refresh within a minute)

Example:
  npm run deploy -- --dry-run`

const { values, vault } = commandLine(
  USAGE,
  {
    'dry-run': { type: 'boolean', default: false },
    local: { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
  },
  DEFAULT_VAULT,
)
const dryRun = values['dry-run']
const target: KvTarget = values.local ? 'local' : 'remote'
const result = await buildToDisk(vault, DEFAULT_OUT)
if (!report(result, vault, values.strict)) process.exit(1)

const bundleDir = join(DEFAULT_OUT, 'worker')
run([WRANGLER, 'deploy', '--dry-run', '--outdir', bundleDir], { capture: true })
const worker = createHash('sha256')
  .update(await readFile(join(bundleDir, 'index.js')))
  .digest('hex')
  .slice(0, 24)

let plan: SyncPlan
try {
  plan = planFor(result.entries, target, { worker })
} catch (error) {
  if (!dryRun) throw error
  // Offline, the real namespace cannot be read: plan as for a first deploy.
  console.log(
    `could not read the ${target} namespace (${error instanceof Error ? error.message : error}); planning a first deploy`,
  )
  plan = planSync(result.entries, undefined, [], worker)
}
const purge = purgeFor(plan)

console.log(`${dryRun ? 'plan' : 'deploying'} (${target}): ${describePlan(plan)}`)
if (dryRun) {
  console.log('commands:')
  for (const [name, entries] of [
    ['kv-added.json', plan.added],
    ['kv-changed.json', plan.changed],
    ['kv-manifest.json', [1]],
  ] as const) {
    if (entries.length) console.log(`  ${bulkPutCommand(join(DEFAULT_OUT, name), target).join(' ')}`)
  }
  if (plan.removed.length) console.log(`  ${bulkDeleteCommand(join(DEFAULT_OUT, 'kv-delete.json'), target).join(' ')}`)
  if (target === 'remote') console.log(`  ${WRANGLER} deploy`)
  console.log(`purge: ${purge ? JSON.stringify(purge) : 'nothing'}`)
} else {
  const writes = await applyPlan(plan, DEFAULT_OUT, target)
  console.log(`${target} KV: ${writes} writes`)
  if (target === 'remote') {
    run([WRANGLER, 'deploy'])
    await purgeCache(purge)
  }
}

async function purgeCache(request: ReturnType<typeof purgeFor>): Promise<void> {
  if (!request) return
  const site = process.env.HYPHAE_SITE_URL
  const token = process.env.HYPHAE_PURGE_TOKEN
  if (!site || !token) {
    console.log('cache not purged (set HYPHAE_SITE_URL and HYPHAE_PURGE_TOKEN): changed pages refresh within a minute')
    return
  }
  const response = await fetch(new URL('/_hyphae/purge', site), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(request),
  })
  console.log(`cache purge: ${response.status} ${await response.text()}`)
}
