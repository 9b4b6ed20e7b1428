/**
 * `npm test`'s first step: make sure the browser tests have a Chromium. When there is none, install
 * Debian's package where the machine can (apt-get, as root or with passwordless sudo); elsewhere say
 * what to install and fail, so a missing browser is never a silent skip.
 */
import { spawnSync } from 'node:child_process'
import { findChromium } from './chromium.ts'

/** Runs a command quietly; its stderr is shown only when it fails (apt's notices are not news). */
function succeeds(command: string, args: string[]): boolean {
  const run = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
  if (run.status !== 0 && run.stderr) process.stderr.write(run.stderr)
  return run.status === 0
}

/** apt-get as root, or through `sudo -n`; false when neither is possible or the install fails. */
function installDebianChromium(): boolean {
  const asRoot = process.getuid?.() === 0 ? [] : succeeds('sudo', ['-n', 'true']) ? ['sudo', '-n'] : undefined
  if (!asRoot) return false
  console.error("hyphae: installing Debian's chromium for the browser tests")
  // `env` carries DEBIAN_FRONTEND through sudo, which resets the environment.
  const [command, ...prefix] = [...asRoot, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get']
  const apt = (...args: string[]) => succeeds(command!, [...prefix, ...args])
  return apt('update', '-qq') && apt('install', '-y', '-qq', 'chromium')
}

/** What to install, by this machine's OS and package manager. */
function installCommand(hasApt: boolean): string {
  if (process.platform === 'darwin') return 'brew install --cask chromium (or Google Chrome)'
  if (hasApt) return 'sudo apt-get install chromium'
  if (succeeds('dnf', ['--version'])) return 'sudo dnf install chromium'
  return (
    'on macOS brew install --cask chromium; on Debian/Ubuntu sudo apt-get install chromium; ' +
    'on Fedora sudo dnf install chromium'
  )
}

try {
  const hasApt = process.platform === 'linux' && succeeds('apt-get', ['--version'])
  if (!findChromium() && !(hasApt && installDebianChromium() && findChromium())) {
    console.error(
      [
        'hyphae: the browser tests need Chromium or Google Chrome and found neither (looked at chromium,',
        'chromium-browser, google-chrome and google-chrome-stable on PATH, and in /Applications).',
        `To install it: ${installCommand(hasApt)}. Or set HYPHAE_CHROMIUM=/path/to/chrome.`,
      ].join('\n'),
    )
    process.exit(1)
  }
} catch (error) {
  // findChromium's only error: a $HYPHAE_CHROMIUM that is not an executable.
  console.error(`hyphae: ${error instanceof Error ? error.message : error}`)
  process.exit(1)
}
