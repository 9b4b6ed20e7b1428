/**
 * The command line of every script (scripts/cli.ts), run as a person would: `--help` prints the usage;
 * an unknown flag, a stray argument or a missing vault is an error naming it, exit 2, before any work.
 */
import { execFile } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../../scripts/build.ts'

interface Run {
  status: number | null
  stdout: string
  stderr: string
}

/** Runs `node scripts/<script>.ts ...args` from the repository root. */
function run(script: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [`scripts/${script}.ts`, ...args],
      { cwd: ROOT, encoding: 'utf8' },
      (error, stdout, stderr) =>
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    )
  })
}

const HINT = 'run with --help for usage\n'

/** Each script: its file, the first line of its usage, its flags, whether it takes a vault. */
const SCRIPTS = [
  { script: 'build', usage: 'Usage: npm run build -- [vault] [--strict]', flags: ['--strict'], vault: true },
  { script: 'dev', usage: 'Usage: npm run dev -- [vault] [--strict]', flags: ['--strict'], vault: true },
  {
    script: 'deploy',
    usage: 'Usage: npm run deploy -- [vault] [--dry-run] [--local] [--strict]',
    flags: ['--dry-run', '--local', '--strict'],
    vault: true,
  },
  { script: 'check-vault', usage: 'Usage: npm run check:vault -- [vault]', flags: [], vault: true },
  { script: 'bench', usage: 'Usage: npm run bench', flags: [], vault: false },
]

describe.concurrent.each(SCRIPTS)('the $script script', ({ script, usage, flags, vault }) => {
  it('--help prints the usage: the command line, a description, each argument and flag, an example', async () => {
    const { status, stdout, stderr } = await run(script, '--help')
    expect(status).toBe(0)
    expect(stderr).toBe('')
    expect(stdout.startsWith(`${usage}\n\n`)).toBe(true)
    expect(stdout).toContain('\nOptions:\n')
    for (const flag of flags) expect(stdout).toMatch(new RegExp(`^  ${flag} +\\S`, 'm'))
    expect(stdout).toContain('\n  -h, --help  print this help\n')
    if (vault) {
      expect(stdout).toContain('\nArguments:\n  vault       the vault folder (default: content/)\n')
      expect(stdout).toMatch(/\nExample:\n {2}(PORT=\d+ )?npm run \S+ -- \S.*\n$/)
    }
  })

  it('an unknown flag is an error naming it, exit 2', async () => {
    expect(await run(script, '--bogus')).toEqual({
      status: 2,
      stdout: '',
      stderr: `${script}: Unknown option '--bogus'\n${HINT}`,
    })
  })

  if (vault) {
    it('a vault that does not exist is an error naming it, exit 2, and nothing is built', async () => {
      // No "built …" line, no warning, no wrangler output: the script stopped before reading anything.
      expect(await run(script, 'does/not/exist')).toEqual({
        status: 2,
        stdout: '',
        stderr: `${script}: No vault folder at 'does/not/exist'\n${HINT}`,
      })
    })
  } else {
    it('any argument is an error naming it, exit 2', async () => {
      expect(await run(script, 'content')).toEqual({
        status: 2,
        stdout: '',
        stderr: `${script}: Unexpected argument 'content'. This command does not take positional arguments\n${HINT}`,
      })
    })
  }
})

// The rules every script shares (scripts/cli.ts), run once, on the build.
describe.concurrent('the rules every script shares', () => {
  it('-h is --help', async () => {
    const { status, stdout } = await run('build', '-h')
    expect(status).toBe(0)
    expect(stdout).toBe((await run('build', '--help')).stdout)
  })

  it.each([
    ['a file given as the vault', ['package.json'], "No vault folder at 'package.json'"],
    [
      'a second vault',
      ['test/fixtures/vault', 'content'],
      "Unexpected argument 'content'. This command takes one vault folder",
    ],
    ['a value given to a flag that takes none', ['--strict=yes'], "Option '--strict' does not take an argument"],
    ['an unknown short flag', ['-x'], "Unknown option '-x'"],
  ])('%s is an error naming it, exit 2', async (_, args, message) => {
    expect(await run('build', ...args)).toEqual({ status: 2, stdout: '', stderr: `build: ${message}\n${HINT}` })
  })
})
