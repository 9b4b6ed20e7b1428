/**
 * `npm run dev [-- <vault>]`: builds the vault (default content/) into local KV (only what
 * changed since the last run) and static assets, then starts `wrangler dev` on
 * http://localhost:8787 (or $PORT).
 */
import { spawn } from 'node:child_process'
import { buildToDisk, DEFAULT_OUT, report, ROOT, vaultArgument } from './build.ts'
import { applyPlan, planFor, WRANGLER } from './kv.ts'

const args = process.argv.slice(2)
const vaultDir = vaultArgument(args)
const result = await buildToDisk(vaultDir, DEFAULT_OUT)
if (!report(result, vaultDir, args.includes('--strict'))) process.exit(1)
const plan = planFor(result.entries, 'local')
const writes = await applyPlan(plan, DEFAULT_OUT, 'local')
console.log(
  `local KV: ${plan.added.length} added, ${plan.changed.length} changed, ${plan.removed.length} deleted (${writes} writes)`,
)

const port = process.env.PORT ?? '8787'
const child = spawn(WRANGLER, ['dev', '--port', port, '--ip', '127.0.0.1'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
child.on('exit', (code) => process.exit(code ?? 0))
