/**
 * Watches a vault for `npm run dev`: every save, rename, new file or deletion of a note, an
 * attachment, a `.base` or `.canvas`, and of the settings the build reads (hyphae.json,
 * site-options.json, publish.css, `.obsidian/app.json`, the template settings). Saves that come
 * together (an editor writes a file in steps, a sync tool many files) make one rebuild.
 */
import { watch } from 'node:fs'

/** Quiet time after the last event before a rebuild starts. */
const SETTLE_MS = 30

/** Hidden paths that still change the site: Obsidian's settings the build reads. */
const SETTINGS = new Set([
  '.obsidian/app.json',
  '.obsidian/templates.json',
  '.obsidian/plugins/templater-obsidian/data.json',
])

/** Whether a changed path can change the site (hidden files, editors' swap files cannot). */
function mattersToSite(path: string): boolean {
  const clean = path.split('\\').join('/')
  if (SETTINGS.has(clean)) return true
  if (clean.split('/').some((segment) => segment.startsWith('.'))) return false
  return !/(?:~|\.swp|\.tmp|\.crswap)$/.test(clean)
}

/** Calls `changed` with the paths that changed, once they settle; returns a function that stops watching. */
export function watchVault(vaultDir: string, changed: (paths: string[]) => void): () => void {
  const pending = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  const watcher = watch(vaultDir, { recursive: true }, (_event, name) => {
    const path = name?.toString().split('\\').join('/')
    if (path !== undefined && !mattersToSite(path)) return
    // '': a change the watcher could not name (the build lists the whole vault again).
    pending.add(path ?? '')
    clearTimeout(timer)
    timer = setTimeout(() => {
      const paths = [...pending]
      pending.clear()
      changed(paths)
    }, SETTLE_MS)
  })
  return () => {
    clearTimeout(timer)
    watcher.close()
  }
}
