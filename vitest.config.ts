/**
 * Two projects: `worker` runs inside workerd (real KV, real requests through the app); `node`
 * runs the build scripts' tests. The fixture vault is built here, on the Node side, before either
 * starts: its records reach the worker tests through `provide`, its assets through miniflare.
 */
import { cloudflareTest } from '@cloudflare/vitest-plugin'
import { join } from 'node:path'
import { defineConfig } from 'vitest/config'
import { buildToDisk, ROOT } from './scripts/build.ts'
import { asText } from './scripts/kv-dir.ts'

const fixtureOut = join(ROOT, 'test/.out/fixture')
const fixture = await buildToDisk(join(ROOT, 'test/fixtures/vault'), fixtureOut)
/** One note per OFM-SPEC behaviour (test/fixtures/ofm/cases/), with the notes they link to. */
const ofm = await buildToDisk(join(ROOT, 'test/fixtures/ofm'), join(ROOT, 'test/.out/ofm'))
/** A vault with no index.md and no home setting: `/` is the generated home page. */
const noHome = await buildToDisk(join(ROOT, 'test/fixtures/no-home'), join(ROOT, 'test/.out/no-home'))
/** Bases (BASES-SPEC): .base files, embeds of their views, a ```base block, a base in the template folder. */
const bases = await buildToDisk(join(ROOT, 'test/fixtures/bases'), join(ROOT, 'test/.out/bases'))
/** JSON Canvas (CANVAS-SPEC): every node and edge kind, an embed, a loop, files that cannot be read. */
const canvas = await buildToDisk(join(ROOT, 'test/fixtures/canvas'), join(ROOT, 'test/.out/canvas'))
/** A vault published with Obsidian Publish: site-options.json, publish.css, publish.js (not opted in). */
const publish = await buildToDisk(join(ROOT, 'test/fixtures/publish'), join(ROOT, 'test/.out/publish'))
/** Search: prefixes, ranking by field, words in several scripts. */
const search = await buildToDisk(join(ROOT, 'test/fixtures/search'), join(ROOT, 'test/.out/search'))
/** Protected notes: a folder and a frontmatter group, links and embeds into them from public notes. */
const guarded = await buildToDisk(join(ROOT, 'test/fixtures/protected'), join(ROOT, 'test/.out/protected'))

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              assets: { directory: join(fixtureOut, 'public'), binding: 'ASSETS' },
              bindings: {
                PURGE_TOKEN: 'test-purge-token',
                // Protected notes (test/worker/access.test.ts): the groups' passwords and the session key.
                HYPHAE_ACCESS_FAMILY: 'correct horse battery staple',
                HYPHAE_ACCESS_WORK: 'work-password',
                HYPHAE_SESSION_KEY: 'test-session-key-0123456789abcdef',
              },
              r2Buckets: ['ATTACHMENTS'],
            },
          }),
        ],
        test: {
          name: 'worker',
          include: ['test/worker/**/*.test.ts'],
          provide: {
            fixtureKv: asText(fixture.entries),
            fixtureProblems: fixture.site.problems,
            ofmKv: asText(ofm.entries),
            ofmProblems: ofm.site.problems,
            noHomeKv: asText(noHome.entries),
            basesKv: asText(bases.entries),
            basesProblems: bases.site.problems,
            canvasKv: asText(canvas.entries),
            canvasProblems: canvas.site.problems,
            publishKv: asText(publish.entries),
            searchKv: asText(search.entries),
            protectedKv: asText(guarded.entries),
            protectedProblems: guarded.site.problems,
          },
        },
      },
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/node/**/*.test.ts'],
          testTimeout: 120_000,
          // dev.test.ts serves dist/public while deploy.test.ts rebuilds it: one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
})
