/** Vaults in temporary folders, for build tests: written from `path → content`, or copied from a fixture. */
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from '../../scripts/build.ts'

export async function tempVault(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hyphae-vault-'))
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true })
    await writeFile(join(dir, path), content)
  }
  return dir
}

/** A copy of the fixture vault at `fixture` (a path from the repository's root), in a temporary folder named `prefix…`. */
export async function tempCopy(fixture: string, prefix = 'hyphae-vault-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  await cp(join(ROOT, fixture), dir, { recursive: true })
  return dir
}
