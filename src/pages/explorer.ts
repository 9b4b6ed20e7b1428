/**
 * The explorer on a page: the HTML the build drew (scripts/stages/explorer.ts), with the folders
 * that hold the current page opened and its link marked `aria-current="page"`.
 *
 * It is the same tens of KB on every page, so the isolate encodes it to UTF-8 once per root
 * (`encodeExplorer`) with the place of each tag a page may mark; the page's JSX holds only a slot
 * (`explorerSlot`), and the response joins the page's bytes around the explorer's (`pageBytes`),
 * inserting a few attributes. A page neither copies nor encodes the explorer's text.
 */
import { joinBytes } from '../core/bytes.ts'
import { escapeHtml } from '../core/html.ts'
import { hrefFromSlug } from '../core/slug.ts'

/** The explorer as UTF-8, and the byte offset of the `>` ending each folder's `<details>` and each link's `<a>`. */
export interface EncodedExplorer {
  bytes: Uint8Array
  /** `<details data-folder="…"` or `<a href="…"` (their first appearance) → where its `>` is. */
  tags: ReadonlyMap<string, number>
}

const encoder = new TextEncoder()
const MARKABLE_RE = /<details data-folder="[^"]*"(?=>)|<a href="[^"]*"(?=>)/g

export function encodeExplorer(html: string): EncodedExplorer {
  const tags = new Map<string, number>()
  let bytes = 0
  let from = 0
  for (const match of html.matchAll(MARKABLE_RE)) {
    const end = match.index + match[0].length
    bytes += encoder.encode(html.slice(from, end)).length
    from = end
    if (!tags.has(match[0])) tags.set(match[0], bytes)
  }
  return { bytes: encoder.encode(html), tags }
}

/** The attributes the page of `current` adds to the explorer, by byte offset, in order. */
function marks(explorer: EncodedExplorer, current: string | undefined): [number, Uint8Array][] {
  if (current === undefined) return []
  const found: [number, Uint8Array][] = []
  const segments = current.split('/')
  for (let i = 1; i <= segments.length; i++) {
    const at = explorer.tags.get(`<details data-folder="${escapeHtml(segments.slice(0, i).join('/'))}"`)
    if (at !== undefined) found.push([at, OPEN])
  }
  const at = explorer.tags.get(`<a href="${escapeHtml(hrefFromSlug(current))}"`)
  if (at !== undefined) found.push([at, CURRENT])
  return found.sort((a, b) => a[0] - b[0])
}

const OPEN = encoder.encode(' open')
const CURRENT = encoder.encode(' aria-current="page"')

/** The explorer's bytes as the page of `current` shows them: its folders open, its link marked. */
function markedExplorer(explorer: EncodedExplorer, current: string | undefined): Uint8Array[] {
  const chunks: Uint8Array[] = []
  let from = 0
  for (const [at, attribute] of marks(explorer, current)) {
    chunks.push(explorer.bytes.subarray(from, at), attribute)
    from = at
  }
  chunks.push(explorer.bytes.subarray(from))
  return chunks
}

const SLOT = '<!--hyphae:explorer'
const SLOT_RE = /<!--hyphae:explorer(?::([^>]*))?-->/y

/** Where Layout puts the explorer: a comment naming the current page, replaced by `pageBytes`. */
export function explorerSlot(current: string | undefined): string {
  return current === undefined ? `${SLOT}-->` : `${SLOT}:${encodeURIComponent(current)}-->`
}

/** Where a note's page puts a body it has as bytes (src/notes.ts, ServedNote): `pageBytes` fills it. */
export const BODY_SLOT = '<!--hyphae:body-->'

/**
 * A rendered page as UTF-8, its explorer slot filled, and with `body` its body slot. The explorer's
 * slot is the first one in the page: it comes before the page's own content, and nothing before it
 * is written unescaped; the body's is the first after it (breadcrumbs, title and outline come
 * between, all escaped).
 */
export function pageBytes(
  html: string,
  explorer: EncodedExplorer | undefined,
  body?: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const at = html.indexOf(SLOT)
  SLOT_RE.lastIndex = at
  const slot = at === -1 ? null : SLOT_RE.exec(html)
  if (!slot && !body) return encoder.encode(html)
  const current = slot?.[1] === undefined ? undefined : decodeURIComponent(slot[1])
  const after = slot ? at + slot[0].length : 0
  const chunks: Uint8Array[] = []
  if (slot) chunks.push(encoder.encode(html.slice(0, at)), ...(explorer ? markedExplorer(explorer, current) : []))
  if (body) {
    const bodyAt = html.indexOf(BODY_SLOT, after)
    if (bodyAt === -1) throw new Error('a page given its body as bytes has no body slot')
    chunks.push(encoder.encode(html.slice(after, bodyAt)), body, encoder.encode(html.slice(bodyAt + BODY_SLOT.length)))
  } else chunks.push(encoder.encode(html.slice(after)))
  return joinBytes(chunks)
}
