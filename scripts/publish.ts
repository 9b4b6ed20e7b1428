/**
 * Stages 5 to 7 against a namespace: pack the assembled site with the layout the namespace
 * already uses (so membership stays stable), read what it holds, plan, and carry the plan out.
 * `npm run dev` publishes to local KV, `npm run deploy` to the real namespace; tests to memory.
 */
import { RECORDS } from '../src/core/records.ts'
import { decodeRoot } from '../src/core/root.ts'
import type { AssembledSite } from './stages/assemble.ts'
import type { PackedSite } from './stages/pack.ts'
import { packSite } from './stages/pack.ts'
import type { DeployPlan } from './stages/plan.ts'
import { DAILY_WRITES, planDeploy, sameLayout } from './stages/plan.ts'
import type { ApplyHooks, KvStore } from './upload.ts'
import { applyPlan, readLive, readRootText } from './upload.ts'

export interface Published {
  plan: DeployPlan
  packed: PackedSite
  writes: number
  deletes: number
}

/**
 * Packs and plans `site` against `store`; carries the plan out unless `dryRun`. `packed` is the
 * build's own packing (scripts/build.ts): reused when the namespace has no layout yet or the same one.
 */
export async function publish(
  site: AssembledSite,
  store: KvStore,
  options: ApplyHooks & { worker?: string; dryRun?: boolean; packed?: PackedSite } = {},
): Promise<Published> {
  // One read of the root serves both the layout and the plan (each wrangler call starts a process).
  const rootText = await readRootText(store)
  const layout = rootText === undefined ? undefined : decodeRoot(rootText)?.layout
  const reuse = options.packed && (!layout || sameLayout(layout, options.packed.root.layout))
  const paths = new Map(site.notes.map((note) => [RECORDS.note.key(note.slug), note.path]))
  const packed = reuse
    ? options.packed!
    : packSite(site.entries, site.formulas, site, site.problems, (key) => paths.get(key) ?? key, {
        previous: layout,
      })
  const plan = planDeploy(packed, await readLive(store, packed, rootText), options.worker)
  if (options.dryRun) return { plan, packed, writes: 0, deletes: 0 }
  const done = await applyPlan(plan, store, options)
  return { plan, packed, ...done }
}

/** The plan in a few lines: writes and deletes beside the free plan's daily allowance. */
export function describePlan(plan: DeployPlan): string {
  const writes = plan.writes.length + (plan.root ? 1 : 0)
  const lines = [
    `${writes} KV writes (${plan.writes.length} packs${plan.root ? ' and the root' : ''}), ${plan.deletes.length} deletes; the free plan allows ${DAILY_WRITES} of each a day`,
  ]
  if (writes > DAILY_WRITES) {
    const days = Math.ceil(writes / DAILY_WRITES)
    lines.push(
      `over the daily limit: this deploy finishes over ${days} days. Run it again each day; each run writes only what is still missing, and the site switches to the new build when the last pack is written.`,
    )
  }
  for (const entry of plan.writes) lines.push(`  + ${entry.key}`)
  if (plan.root) lines.push(`  + ${plan.root.key}`)
  for (const key of plan.deletes) lines.push(`  - ${key}`)
  return lines.join('\n')
}
