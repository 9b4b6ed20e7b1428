/**
 * `npm run deploy [-- <vault>] [--dry-run]`: builds, uploads every record to the real KV
 * namespace (`--remote`), deletes records the vault no longer has, then `wrangler deploy`.
 * With `--dry-run` it builds, prints the exact commands it would run, and runs only
 * `wrangler deploy --dry-run`, which bundles the worker without touching Cloudflare.
 */
import { join } from 'node:path'
import { buildToDisk, DEFAULT_OUT, report, vaultArgument } from './build.ts'
import { bulkDeleteCommand, bulkPutCommand, keyListCommand, run, syncKv, WRANGLER } from './kv.ts'

/** What a deploy runs, in order (the delete runs only when stale keys exist). */
export function deployPlan(kvFile: string, outDir: string): string[][] {
  return [
    bulkPutCommand(kvFile, 'remote'),
    keyListCommand('remote'),
    bulkDeleteCommand(join(outDir, 'kv-delete.json'), 'remote'),
    [WRANGLER, 'deploy'],
  ]
}

const args = process.argv.slice(2)
const dryRun = args.includes('--dry-run')
const vaultDir = vaultArgument(args)
const result = await buildToDisk(vaultDir, DEFAULT_OUT)
report(result, vaultDir)
if (dryRun) {
  console.log('dry run: a deploy would run')
  for (const command of deployPlan(result.kvFile, DEFAULT_OUT)) console.log(`  ${command.join(' ')}`)
  run([WRANGLER, 'deploy', '--dry-run', '--outdir', join(DEFAULT_OUT, 'worker')])
} else {
  const { put, deleted } = await syncKv(result.entries, result.kvFile, DEFAULT_OUT, 'remote')
  console.log(`remote KV: ${put} records written, ${deleted} stale records deleted`)
  run([WRANGLER, 'deploy'])
}
