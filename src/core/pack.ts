/**
 * A pack: many records in one KV value, so the number of KV keys grows with the vault's bytes and
 * not with its notes (KV's free plan allows 1,000 writes a day, and bills reads per key).
 *
 *   {"v":1,"keys":["n:a","n:b"],"ends":[812,2030],"hashes":["…","…"]}\n<record a><record b>
 *
 * The first line is the offset table: each record's key, the byte offset where it ends (counted
 * from the byte after the newline) and its hash. A reader decodes that line and the bytes of the
 * one record it wants, never the whole value, so a page parses only its own record.
 */

/** One record of a pack: its key (src/core/records.ts), its JSON and the hash of what it shows. */
export interface PackEntry {
  key: string
  json: string
  hash: string
}

interface PackHeader {
  v: 1
  keys: string[]
  ends: number[]
  hashes: string[]
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()
const NEWLINE = 10

/**
 * Entries in key order, so the same records always make the same bytes. `header` is the offset
 * table's line: it names every record with its hash, so a hash of it stands for the whole pack.
 * `byteLength` counts a string's UTF-8 bytes (the build passes Node's Buffer.byteLength); `bytes` is the pack's.
 */
export function encodePack(
  entries: readonly PackEntry[],
  byteLength: (text: string) => number = (text) => encoder.encode(text).length,
): { header: string; value: string; bytes: number } {
  const { header, bytes, sorted } = packHeader(entries, byteLength)
  return { header, value: `${header}\n${sorted.map((entry) => entry.json).join('')}`, bytes }
}

/** The offset table alone (and the pack's size): enough to know a pack is unchanged before joining it. `byteLength` is also told whose JSON it counts. */
export function packHeader(
  entries: readonly PackEntry[],
  byteLength: (text: string, entry?: PackEntry) => number = (text) => encoder.encode(text).length,
): { header: string; bytes: number; sorted: PackEntry[] } {
  const sorted = [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  const ends: number[] = []
  let end = 0
  for (const entry of sorted) {
    end += byteLength(entry.json, entry)
    ends.push(end)
  }
  const table: PackHeader = {
    v: 1,
    keys: sorted.map((entry) => entry.key),
    ends,
    hashes: sorted.map((entry) => entry.hash),
  }
  const header = JSON.stringify(table)
  return { header, bytes: byteLength(header) + 1 + end, sorted }
}

/** A pack as read from KV: its offset table, decoded once; records sliced out on demand. */
export class Pack {
  readonly #bytes: Uint8Array
  readonly #header: PackHeader
  readonly #start: number
  readonly #index: Map<string, number>

  /** Throws when the value is not a pack this code can read (the caller reports the key). */
  constructor(bytes: Uint8Array) {
    const newline = bytes.indexOf(NEWLINE)
    if (newline === -1) throw new Error('no offset table')
    const header: unknown = JSON.parse(decoder.decode(bytes.subarray(0, newline)))
    if (!isHeader(header)) throw new Error('not a version 1 pack')
    this.#bytes = bytes
    this.#header = header
    this.#start = newline + 1
    this.#index = new Map(header.keys.map((key, i) => [key, i]))
  }

  has(key: string): boolean {
    return this.#index.has(key)
  }

  /** The hash the build gave a record: enough to answer a conditional request without parsing it. */
  hash(key: string): string | undefined {
    const i = this.#index.get(key)
    return i === undefined ? undefined : this.#header.hashes[i]
  }

  /** The record's JSON text, or undefined when the pack does not hold it. */
  json(key: string): string | undefined {
    const bytes = this.bytes(key)
    return bytes && decoder.decode(bytes)
  }

  /** The record's UTF-8 bytes, a view of the pack's (nothing copied, nothing decoded). */
  bytes(key: string): Uint8Array | undefined {
    const i = this.#index.get(key)
    if (i === undefined) return undefined
    const from = this.#start + (i === 0 ? 0 : this.#header.ends[i - 1]!)
    return this.#bytes.subarray(from, this.#start + this.#header.ends[i]!)
  }

  keys(): readonly string[] {
    return this.#header.keys
  }
}

function isHeader(value: unknown): value is PackHeader {
  if (typeof value !== 'object' || value === null) return false
  const header = value as Record<string, unknown>
  return (
    header.v === 1 &&
    Array.isArray(header.keys) &&
    Array.isArray(header.ends) &&
    Array.isArray(header.hashes) &&
    header.keys.length === header.ends.length &&
    header.keys.length === header.hashes.length &&
    header.keys.every((key) => typeof key === 'string') &&
    header.ends.every((end, i, ends) => Number.isInteger(end) && end >= (i ? (ends[i - 1] as number) : 0)) &&
    header.hashes.every((hash) => typeof hash === 'string')
  )
}
