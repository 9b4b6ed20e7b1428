/**
 * JSON in one byte a character. V8 keeps a string holding any character above U+00FF at two bytes
 * a character, and encodes such a string to UTF-8 on a slow path: a note record with one backlink
 * context's `…` or one formula's `∑` was twice its size in memory and three times slower to hash,
 * measure and pack (the 10,000-note bench vault: 9,992 of its 10,000 note records). Written as
 * `\uXXXX` escapes, such characters leave the record one-byte and JSON.parse gives the same record.
 * A text mostly in another script (more than one such character in a hundred) stays as it is:
 * its escapes would take twice its UTF-8 bytes.
 */
const WIDE = /[^\0-\xff]/g

export function oneByteJson(json: string): string {
  WIDE.lastIndex = 0
  if (!WIDE.test(json)) return json
  let wide = 0
  const escaped = json.replace(WIDE, (char) => {
    wide += 1
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
  })
  if (wide * 100 > json.length) return json
  // The replacement is built as a two-byte string however narrow its characters: read back as Latin-1, it is one-byte.
  return Buffer.from(escaped, 'latin1').toString('latin1')
}
