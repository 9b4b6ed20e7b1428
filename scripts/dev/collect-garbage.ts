/**
 * A full garbage collection, on demand, for `npm run dev`: V8 collects when it must, and after the
 * first build of a large vault that is in the middle of the writer's first save (about half a second of
 * a 10,000-note vault's first rebuild). dev calls this once, while it waits for that save.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

export function collectGarbage(): void {
  // `gc` is V8's own, exposed to a fresh context only once the flag is set (node has no API for it).
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as (() => void) | undefined
  gc?.()
}
