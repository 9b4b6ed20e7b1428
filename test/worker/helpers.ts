/** Loads the fixture vault's records (built by vitest.config.ts) into this test file's KV. */
import { env, exports } from 'cloudflare:workers'
import { inject } from 'vitest'
import type { NoteRecord } from '../../src/core/record.ts'

export async function loadFixture(name: 'fixtureKv' | 'ofmKv' = 'fixtureKv'): Promise<void> {
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
    v: 1,
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
    backlinks: [],
    outlinks: [],
    words: 0,
    hash: '0',
  }
}
