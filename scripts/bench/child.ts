/**
 * Runs a script of the repository in a process of its own, bounded in time, so each measurement's
 * time and memory are its own and a hang or a crash becomes a row ("failed: …"), not a stuck bench.
 */
import { spawnSync } from 'node:child_process'
import { stripVTControlCharacters } from 'node:util'
import { ROOT } from '../build.ts'

export type ChildResult = { ok: true; stdout: string } | { ok: false; error: string }

export interface ChildOptions {
  timeoutMs: number
  /** Run under `ulimit -n` this low (a laptop's open-file limit): sh sets the soft and hard limits. */
  openFiles?: number
  env?: NodeJS.ProcessEnv
}

/** `node <args>` in the repository; on failure, the first line of its error. */
export function runNode(args: readonly string[], options: ChildOptions): ChildResult {
  const node = [process.execPath, ...args]
  const [command, ...argv] =
    options.openFiles === undefined ? node : ['sh', '-c', `ulimit -n ${options.openFiles} && exec "$0" "$@"`, ...node]
  const result = spawnSync(command!, argv, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', ...options.env },
    maxBuffer: 1 << 28,
    timeout: options.timeoutMs,
  })
  if (result.status === 0) return { ok: true, stdout: result.stdout }
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT')
    return { ok: false, error: `timed out after ${options.timeoutMs / 1000} s` }
  // Without colours (vitest paints its errors), one trimmed line each.
  const lines = stripVTControlCharacters(`${result.stderr}\n${result.stdout}`)
    .split('\n')
    .map((text) => text.trim())
  // Node prints the throwing source line first; the error itself is the first line naming one.
  const error = lines.find((text) => /\b(\w*Error|FATAL ERROR)\b/.test(text)) ?? lines.find(Boolean)
  return { ok: false, error: error ?? `exit ${result.status ?? result.signal}` }
}

/** The JSON a child printed on its last line. */
export function lastJson(stdout: string): unknown {
  return JSON.parse(stdout.trim().split('\n').pop()!)
}
