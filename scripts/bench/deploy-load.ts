/**
 * A deploy under load (issue: trust at the edge): 16 connections on loopback keep asking
 * `npm run dev` of the 10,000-note vault for pages, for a fixed time; a few seconds in, a batch of
 * edits is deployed to the local KV it serves, as `npm run deploy -- --local` does after its build
 * (scripts/publish.ts: the new packs, then the root in one write). The batch is built before the
 * load starts, from a copy of the vault, as a writer's laptop builds it before it uploads: the
 * build's CPU is not the edge's. Counted: answers of 500 and above, and pages that mix the two
 * builds. For that a note that transcludes another is in the batch with the note it transcludes,
 * each edited with a marker of its own, and is asked for all along: every answer must show both
 * markers or neither.
 */
import { cp, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { buildToDisk } from '../build.ts'
import { localStore } from '../local-kv.ts'
import { publish } from '../publish.ts'
import { hrefFromSlug, slugFromPath } from '../../src/core/slug.ts'
import type { DevServer } from './dev-server.ts'
import type { GeneratedNote } from './generate-vault.ts'
import { generateVault } from './generate-vault.ts'
import type { Row } from './table.ts'
import { ms } from './table.ts'

const CONNECTIONS = 16
const DURATION_S = 40
/** When the batch is deployed, after the load starts. */
const SAVE_AT_MS = 5000
const BATCH = 20

/** A note of ordinary size that transcludes a section of another ordinary note, and that note. */
function transcludingPair(notes: readonly GeneratedNote[]): { from: GeneratedNote; to: GeneratedNote } {
  const byName = new Map(notes.map((note) => [note.path.slice(note.path.lastIndexOf('/') + 1, -3), note]))
  for (const from of notes.slice(1)) {
    if (from.source.length > 8000) continue
    for (const [, name] of from.source.matchAll(/!\[\[([^\]#|]+)#Section 1\]\]/g)) {
      const to = byName.get(name!)
      if (to && to !== from && to.source.length < 8000) return { from, to }
    }
  }
  throw new Error('the bench vault has no note transcluding another')
}

/** `checkout`: the folder `npm run dev` runs in (its wrangler.toml and .wrangler/state); `work`: room for the batch's vault and build. */
export async function deployLoadRows(server: DevServer, vault: string, checkout: string, work: string): Promise<Row[]> {
  const notes = generateVault(10_000)
  const { from, to } = transcludingPair(notes)
  const others = notes.filter((note, i) => i > 1 && note !== from && note !== to && i % 487 === 0).slice(0, BATCH - 2)
  const stamp = Date.now().toString(36)
  const fromMark = `batchfrom${stamp}`
  const toMark = `batchto${stamp}`
  const page = `${server.base}${hrefFromSlug(slugFromPath(from.path))}`
  const copy = join(work, 'vault-batch')
  await rm(copy, { recursive: true, force: true })
  await cp(vault, copy, { recursive: true })
  const edit = async (note: GeneratedNote, change: (text: string) => string) =>
    writeFile(join(copy, note.path), change(await readFile(join(copy, note.path), 'utf8')))
  await edit(from, (text) => `${text}\n\n${fromMark}\n`)
  // Inside the section the other note transcludes.
  await edit(to, (text) => text.replace('## Section 1\n\n', `## Section 1\n\n${toMark}\n\n`))
  for (const note of others) await edit(note, (text) => `${text}\n\nEdited in the batch.\n`)
  const built = await buildToDisk(copy, join(work, 'out-batch'))
  const store = await localStore(checkout)

  const pages = [from, to, ...others].map((note) => ({
    method: 'GET' as const,
    path: hrefFromSlug(slugFromPath(note.path)),
  }))
  const load = autocannon({ url: server.base, connections: CONNECTIONS, duration: DURATION_S, requests: pages })
  const started = performance.now()
  let deployedAt = 0
  let deployMs = 0
  let writes = 0
  let liveAt = 0
  const seen = { old: 0, fresh: 0, mixed: 0, failed: 0 }
  const deploy = (async () => {
    await new Promise((resolve) => setTimeout(resolve, SAVE_AT_MS))
    deployedAt = performance.now()
    const done = await publish(built.site, store, { packed: built.packed })
    deployMs = performance.now() - deployedAt
    writes = done.writes
  })()
  // The page that would show a mix, asked for all along beside the load.
  const check = (async () => {
    while (performance.now() - started < DURATION_S * 1000) {
      const res = await fetch(page).catch(() => undefined)
      const html = res?.ok ? await res.text() : undefined
      if (html === undefined) seen.failed += 1
      else {
        const a = html.includes(fromMark)
        const b = html.includes(toMark)
        if (a && b) {
          seen.fresh += 1
          if (!liveAt) liveAt = performance.now()
        } else if (a || b) seen.mixed += 1
        else seen.old += 1
      }
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  })()
  const [result] = await Promise.all([load, deploy, check])
  await store.close()
  await rm(copy, { recursive: true, force: true })

  const errors = result.errors + result.timeouts
  const live = liveAt ? ms(liveAt - deployedAt) : `not within ${DURATION_S} s`
  return [
    {
      name: `deploy under load (${CONNECTIONS} connections, ${DURATION_S} s; ${BATCH} notes deployed at ${SAVE_AT_MS / 1000} s): requests / 5xx / errors`,
      value: `${result.requests.total} / ${result['5xx']} / ${errors}`,
      target: '0 5xx, 0 errors',
      ok: result['5xx'] === 0 && errors === 0,
    },
    {
      name: 'deploy under load: a transcluding page asked all along: old / new / mixed / failed',
      value: `${seen.old} / ${seen.fresh} / ${seen.mixed} / ${seen.failed}`,
      target: '0 mixed, 0 failed, new seen',
      ok: seen.mixed === 0 && seen.failed === 0 && seen.fresh > 0,
    },
    {
      name: 'deploy under load: KV writes of the batch / upload time / upload → the batch served',
      value: `${writes} / ${ms(deployMs)} / ${live}`,
    },
  ]
}
