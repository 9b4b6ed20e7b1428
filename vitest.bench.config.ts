/**
 * `npm run bench` runs test/bench/*.bench.test.ts inside workerd with this config: the notes to
 * render come from dist/bench/render-input.json, which scripts/bench.ts writes first. The KV
 * values reach the tests through a service binding (BENCH_KV: GET /<key>), the rest by `provide`.
 */
import { cloudflareTest } from '@cloudflare/vitest-plugin'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { defineConfig } from 'vitest/config'
import type { ProvidedInput, RenderInput } from './scripts/bench/render-input.ts'
import { ROOT } from './scripts/build.ts'

const BENCH = join(ROOT, 'dist/bench')
// Written by scripts/bench/render-input.ts just before.
const { entries, ...input } = JSON.parse(await readFile(join(BENCH, 'render-input.json'), 'utf8')) as RenderInput
const values = new Map(entries.map((entry) => [entry.key, entry.value]))
const provided: ProvidedInput = { ...input, keys: [...values.keys()] }

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        // The 10,000-note build's assets, not dist/public (which `npm run dev` rewrites).
        assets: { directory: join(BENCH, 'out-10000/public'), binding: 'ASSETS' },
        serviceBindings: {
          BENCH_KV: async (request: Request) => {
            const value = values.get(decodeURIComponent(new URL(request.url).pathname.slice(1)))
            return value === undefined ? new Response(null, { status: 404 }) : new Response(value)
          },
        },
      },
    }),
  ],
  test: {
    include: ['test/bench/*.bench.test.ts'],
    provide: { renderInput: provided },
    testTimeout: 300_000,
    // beforeAll moves some tens of MB of packs into KV: slow on a busy machine.
    hookTimeout: 120_000,
    // One file at a time: two timing each other's work would measure the machine, not the worker.
    fileParallelism: false,
  },
})
