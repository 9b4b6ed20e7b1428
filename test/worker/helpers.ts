/** Loads the fixture vault's records (built by vitest.config.ts) into this test file's KV. */
import { env, exports } from 'cloudflare:workers'
import { inject } from 'vitest'
import { encodePack, Pack } from '../../src/core/pack.ts'
import type { NoteRecord } from '../../src/core/records.ts'
import { RECORD_VERSION } from '../../src/core/records.ts'
import { decodeRoot, packKey, packNameOf, ROOT_KEY } from '../../src/core/root.ts'

export async function loadFixture(
  name:
    | 'fixtureKv'
    | 'ofmKv'
    | 'noHomeKv'
    | 'basesKv'
    | 'canvasKv'
    | 'publishKv'
    | 'searchKv'
    | 'protectedKv' = 'fixtureKv',
): Promise<void> {
  await Promise.all(inject(name).map((entry) => env.NOTES.put(entry.key, entry.value)))
}

/** A request through the whole worker, as a visitor's browser would send it. */
export function request(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(`https://garden.example${path}`, { redirect: 'manual', ...init }))
}

/** The `<div class="note-body">` of a page: the rendered note, without the page around it. */
export function noteBody(html: string): string {
  const start = html.indexOf('<div class="note-body">') + '<div class="note-body">'.length
  const after = html.slice(start)
  // The body is followed by the page's own sections, or by the end of the article.
  const end = after.search(/<\/div>(?:<section class="(?:recent|backlinks|graph)"|<\/article>)/)
  return after.slice(0, end)
}

/** A minimal note record holding `body`, for rendering tests that need no vault. */
export function noteRecord(body: string, links: NoteRecord['links'] = {}): NoteRecord {
  return {
    v: RECORD_VERSION,
    slug: 'n' as NoteRecord['slug'],
    path: 'n.md',
    title: 'n',
    tags: [],
    aliases: [],
    frontmatter: {},
    body,
    links,
    embeds: [],
    prerendered: {},
    math: [],
    toc: [],
    hasMath: false,
    hasDiagrams: false,
    backlinks: [],
    outlinks: [],
    words: 0,
  }
}

/** The pack that holds `key` in this test file's KV: its KV key and its contents. */
async function packOf(key: string): Promise<{ kvKey: string; bytes: ArrayBuffer; pack: Pack }> {
  const root = decodeRoot((await env.NOTES.get(ROOT_KEY, 'text'))!)!
  const name = packNameOf(key, root.layout)
  const kvKey = packKey(name, root.packs[name]!)
  const bytes = (await env.NOTES.get(kvKey, 'arrayBuffer'))!
  return { kvKey, bytes, pack: new Pack(new Uint8Array(bytes)) }
}

/** The hash the build gave a record (a note's ETag comes from it). */
export async function recordHash(key: string): Promise<string | undefined> {
  return (await packOf(key)).pack.hash(key)
}

/** A record's JSON text, as its pack holds it; `beside`: a formula, in the pack of the note that shows it. */
export async function recordJson(key: string, beside = key): Promise<string | undefined> {
  return (await packOf(beside)).pack.json(key)
}

/**
 * Puts `json` in place of a record inside its pack, as a corrupt or hand-edited namespace would
 * hold it; returns the function that puts the pack back.
 */
export async function replaceRecord(key: string, json: string): Promise<() => Promise<void>> {
  const { kvKey, bytes, pack } = await packOf(key)
  const entries = pack.keys().map((k) => ({ key: k, json: k === key ? json : pack.json(k)!, hash: pack.hash(k)! }))
  await env.NOTES.put(kvKey, encodePack(entries).value)
  return () => env.NOTES.put(kvKey, bytes)
}
