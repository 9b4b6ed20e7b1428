/**
 * `npm run deploy [-- <vault>] [--dry-run] [--local] [--strict]` (`--help` for usage)
 *
 *  1. build the vault (scripts/build.ts); bundle the worker (`wrangler deploy --dry-run`) to learn its hash;
 *  2. pack and plan against what the namespace holds (scripts/publish.ts, scripts/stages/plan.ts);
 *  3. write the new packs; `wrangler deploy` (worker and static assets); write the root; delete
 *     the packs no reader needs (scripts/upload.ts);
 *  4. purge the changed pages from Workers Cache (POST /_hyphae/purge, with $HYPHAE_SITE_URL and
 *     $HYPHAE_PURGE_TOKEN; everything when the worker or the site record changed).
 *
 * `--dry-run` prints the plan, the commands and the purge, and changes nothing.
 * `--local` plans against the local namespace that `wrangler dev` reads instead of the real one.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { buildToDisk, DEFAULT_OUT, DEFAULT_VAULT, parseStored, report } from './build.ts'
import { commandLine } from './cli.ts'
import { describePlan, publish } from './publish.ts'
import { syncAttachments, wranglerBucket } from './r2.ts'
import type { DeployPlan } from './stages/plan.ts'
import type { KvStore, KvTarget } from './upload.ts'
import { kvCommand, run, WRANGLER, wranglerStore } from './upload.ts'

const USAGE = `Usage: npm run deploy -- [vault] [--dry-run] [--local] [--strict]

Publishes the vault: builds it, writes the packs of records that changed to the KV namespace, deploys
the worker and its static assets with \`wrangler deploy\`, then switches the site to the new build (one
write of the root), purges the changed pages from the cache and deletes packs no reader needs. A deploy
stopped anywhere (or refused at KV's daily write limit) leaves the site as it was; run it again to finish.

Arguments:
  vault       the vault folder (default: content/)

Options:
  --dry-run   print the plan (writes and deletes, keys), the commands and the purge; change nothing
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
const result = await buildToDisk(vault, DEFAULT_OUT, { parse: parseStored() })
if (!report(result, vault, values.strict)) process.exit(1)

const bundleDir = join(DEFAULT_OUT, 'worker')
run([WRANGLER, 'deploy', '--dry-run', '--outdir', bundleDir], { capture: true })
const worker = createHash('sha256')
  .update(await readFile(join(bundleDir, 'index.js')))
  .digest('hex')
  .slice(0, 24)

/** A namespace that holds nothing: what a dry run plans against when the real one cannot be read. */
const EMPTY: KvStore = { get: async () => new Map(), list: async () => [], put: async () => {}, delete: async () => {} }

let store = wranglerStore(target)
if (dryRun) {
  try {
    await store.list('pack:')
  } catch (error) {
    // Offline, the real namespace cannot be read: plan as for a first deploy.
    console.log(
      `could not read the ${target} namespace (${error instanceof Error ? error.message : error}); planning a first deploy`,
    )
    store = EMPTY
  }
}

let published: Awaited<ReturnType<typeof publish>>
let attachments: Awaited<ReturnType<typeof syncAttachments>>
try {
  // Attachments too large for static assets go to R2 before the worker or the root can name them.
  attachments = await syncAttachments(result.placement.r2, await wranglerBucket(target), { dryRun })
  published = await publish(result.site, store, {
    packed: result.packed,
    worker,
    dryRun,
    // The worker and its assets go live before the root names pages that use new attachments.
    beforeRoot: () => {
      if (target === 'remote') run([WRANGLER, 'deploy'])
    },
  })
} catch (error) {
  console.error(
    `deploy stopped: ${error instanceof Error ? error.message : error}\nThe site still serves the build before this one (its root was not switched, or only old packs were left to delete). Run the deploy again to finish: it writes only what is still missing. At KV's daily write limit (1,000 on the free plan) run it tomorrow.`,
  )
  process.exit(1)
}
const { plan } = published
console.log(`${dryRun ? 'plan' : 'deployed'} (${target}): ${describePlan(plan)}`)
if (dryRun) {
  console.log('commands:')
  if (plan.writes.length) console.log(`  ${kvCommand('bulk put', target, { file: 'packs.json' }).join(' ')}`)
  if (target === 'remote') console.log(`  ${WRANGLER} deploy`)
  if (plan.root) console.log(`  ${kvCommand('bulk put', target, { file: 'root.json' }).join(' ')}`)
  if (plan.deletes.length) console.log(`  ${kvCommand('bulk delete', target, { file: 'deletes.json' }).join(' ')}`)
  console.log(`purge: ${plan.purge ? JSON.stringify(plan.purge) : 'nothing'}`)
  console.log(
    `R2: upload ${attachments.uploaded.join(', ') || 'nothing'}; delete ${attachments.stale.join(', ') || 'nothing'}`,
  )
} else {
  console.log(`${target} KV: ${published.writes} writes, ${published.deletes} deletes`)
  if (target === 'remote') await purgeCache(plan.purge)
  // Last: no live or purged page links to these objects any more. A failure leaves them for the next deploy.
  await attachments
    .prune()
    .catch((error) =>
      console.warn(
        `warning: R2 objects of removed files were not deleted (${error instanceof Error ? error.message : error}); the next deploy deletes them`,
      ),
    )
  if (attachments.uploaded.length || attachments.stale.length)
    console.log(`${target} R2: ${attachments.uploaded.length} uploads, ${attachments.stale.length} deletes`)
}

async function purgeCache(request: DeployPlan['purge']): Promise<void> {
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
