/**
 * One measured build, in its own process so its peak memory is its own:
 * `node scripts/bench/build-once.ts <vault> <out> [store]` prints `{"ms":…,"rssMb":…,"notes":…}`.
 * With `store`, the parse store in that folder is used and kept (stages/parse-store.ts), as
 * `npm run build` does; without, every note is parsed.
 */
import { buildToDisk, parseStored } from '../build.ts'

const [vault, out, store] = process.argv.slice(2)
const start = performance.now()
const result = await buildToDisk(vault!, out!, store ? { parse: parseStored(store) } : {})
const ms = performance.now() - start
console.log(
  JSON.stringify({
    ms,
    rssMb: process.resourceUsage().maxRSS / 1024,
    notes: result.site.notes.length,
    warnings: result.site.problems.length,
  }),
)
