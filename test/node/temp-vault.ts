/** A vault written to a temporary folder from `path → content`, for build tests. */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export async function tempVault(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hyphae-vault-'))
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true })
    await writeFile(join(dir, path), content)
  }
  return dir
}
