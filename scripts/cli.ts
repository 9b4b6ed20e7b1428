/**
 * The command line every script shares (node:util `parseArgs`, strict): `-h`/`--help` prints the
 * script's usage and exits 0; an unknown flag, a value given to a flag that takes none, a stray
 * argument, or a vault folder that is not there is reported in one line and exits 2, before the
 * script does any work.
 */
import { statSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import type { ParseArgsOptionsConfig } from 'node:util'
import { parseArgs } from 'node:util'

/**
 * A mistake in the vault that stops a build before anything is written (an unreadable hyphae.json
 * that names protected folders): the command prints its message, naming the file, and exits 1,
 * without a stack trace.
 */
export class VaultError extends Error {}

/** The flags as parsed: a boolean flag with `default: false` is a plain boolean. */
type Values<T extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ options: T; strict: true; allowPositionals: true }>
>['values']

/** Parses a script that takes no vault (bench): flags only, no positional argument. */
export function commandLine<T extends ParseArgsOptionsConfig>(usage: string, options: T): { values: Values<T> }
/** Parses a script that takes one optional vault folder, `defaultVault` when none is given. */
export function commandLine<T extends ParseArgsOptionsConfig>(
  usage: string,
  options: T,
  defaultVault: string,
): { values: Values<T>; vault: string }
export function commandLine<T extends ParseArgsOptionsConfig>(usage: string, options: T, defaultVault?: string) {
  const script = basename(process.argv[1] ?? 'hyphae', '.ts')
  // A VaultError is the writer's to fix: its message alone. Any other error is a bug: printed whole.
  process.on('uncaughtException', (error) => {
    console.error(error instanceof VaultError ? `error: ${error.message}` : error)
    process.exit(1)
  })
  const fail = (message: string): never => {
    console.error(`${script}: ${message}\nrun with --help for usage`)
    process.exit(2)
  }
  let parsed: { values: Values<T> & { help?: boolean }; positionals: string[] }
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: defaultVault !== undefined,
      strict: true,
    })
  } catch (error) {
    // parseArgs' messages name the argument ("Unknown option '--bogus'", "Option '--strict' does not take an
    // argument"); the advice it appends to an unknown option, on passing a vault named like a flag after `--`,
    // is for the rare case and would crowd the common one.
    const message = error instanceof Error ? error.message : String(error)
    return fail(message.replace(/\. To specify a positional argument .*/s, ''))
  }
  const { values, positionals } = parsed
  if (values.help) {
    console.log(usage)
    process.exit(0)
  }
  if (defaultVault === undefined) return { values }
  if (positionals.length > 1) fail(`Unexpected argument '${positionals[1]}'. This command takes one vault folder`)
  const given = positionals[0]
  const vault = given ? resolve(given) : defaultVault
  if (!statSync(vault, { throwIfNoEntry: false })?.isDirectory()) fail(`No vault folder at '${given || vault}'`)
  return { values, vault }
}
