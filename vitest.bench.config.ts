/**
 * `npm run bench` runs test/bench/render.bench.test.ts inside workerd with this config: the notes
 * to render come from dist/bench/render-input.json, which scripts/bench.ts writes first.
 */
import { cloudflareTest } from '@cloudflare/vitest-plugin'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { defineConfig } from 'vitest/config'
import { ROOT } from './scripts/build.ts'

// Shaped as test/bench/render.bench.test.ts declares it (RenderInput).
const input = JSON.parse(await readFile(join(ROOT, 'dist/bench/render-input.json'), 'utf8'))

export default defineConfig({
  plugins: [cloudflareTest({ wrangler: { configPath: './wrangler.toml' } })],
  test: {
    include: ['test/bench/*.bench.test.ts'],
    provide: { renderInput: input },
    testTimeout: 300_000,
  },
})
