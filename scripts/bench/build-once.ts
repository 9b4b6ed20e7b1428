/**
 * One measured build, in its own process so its peak memory is its own:
 * `node scripts/bench/build-once.ts <vault> <out>` prints `{"ms":…,"rssMb":…,"notes":…}`.
 */
import { buildToDisk } from '../build.ts'

const [vault, out] = process.argv.slice(2)
const start = performance.now()
const result = await buildToDisk(vault!, out!)
const ms = performance.now() - start
console.log(
  JSON.stringify({
    ms,
    rssMb: process.resourceUsage().maxRSS / 1024,
    notes: result.site.notes.length,
    warnings: result.site.problems.length,
  }),
)
