/**
 * Where the browser tests' Chromium is (playwright-core drives a browser it never downloads):
 * $HYPHAE_CHROMIUM when set, else the first of the usual commands on PATH, else a macOS app.
 */
import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'

const COMMANDS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']
const MACOS_APPS = [
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
]

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** The browser's path, or undefined when there is none; a $HYPHAE_CHROMIUM that is not one is an error. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.HYPHAE_CHROMIUM
  if (chosen) {
    if (!isExecutable(chosen)) throw new Error(`HYPHAE_CHROMIUM=${chosen} is not an executable file`)
    return chosen
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean)
  for (const command of COMMANDS) {
    const found = dirs.map((dir) => join(dir, command)).find(isExecutable)
    if (found) return found
  }
  return MACOS_APPS.find(isExecutable)
}
