/**
 * `npm run dev [-- <vault>] [--strict]` (`--help` for usage): builds the vault (default content/)
 * into local KV (only what changed since the last run) and static assets, then starts `wrangler dev`
 * on http://localhost:8787 (or $PORT).
 */
import { spawn } from 'node:child_process'
import { buildToDisk, DEFAULT_OUT, DEFAULT_VAULT, report, ROOT } from './build.ts'
import { commandLine } from './cli.ts'
import { publish } from './publish.ts'
import { syncAttachments } from './r2.ts'
import { localStore } from './local-kv.ts'
import { WRANGLER } from './upload.ts'

const USAGE = `Usage: npm run dev -- [vault] [--strict]

Builds the vault into the local KV namespace (writing only the packs that changed since the last
run) and dist/public/, then serves the site with \`wrangler dev\` on http://127.0.0.1:8787.
Rerun it after editing notes.

Arguments:
  vault       the vault folder (default: content/)

Options:
  --strict    treat every warning as an error: exit 1 before serving if the vault has any problem
  -h, --help  print this help

Environment:
  PORT        the port to serve on (default: 8787)

Example:
  PORT=8080 npm run dev -- test/fixtures/vault`

const { values, vault } = commandLine(USAGE, { strict: { type: 'boolean', default: false } }, DEFAULT_VAULT)
const result = await buildToDisk(vault, DEFAULT_OUT)
if (!report(result, vault, values.strict)) process.exit(1)
// Attachments too large for static assets go to the local R2 bucket first, so no page links to a missing one.
const attachments = await syncAttachments(result.placement.r2, 'local')
// Local KV in-process (scripts/local-kv.ts): the storage wrangler dev reads, without a process per command.
const store = await localStore(ROOT)
const { writes, deletes } = await publish(result.site, store, { packed: result.packed }).finally(() => store.close())
await attachments.prune()
console.log(`local KV: ${writes} writes, ${deletes} deletes`)
if (attachments.uploaded.length || attachments.stale.length)
  console.log(`local R2: ${attachments.uploaded.length} uploads, ${attachments.stale.length} deletes`)

const port = process.env.PORT ?? '8787'
const child = spawn(WRANGLER, ['dev', '--port', port, '--ip', '127.0.0.1'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
child.on('exit', (code) => process.exit(code ?? 0))
