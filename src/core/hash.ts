/**
 * A short, fast, non-cryptographic hash (53-bit, cyrb53-style mixing) used to key prerendered
 * fragments: the build and the worker compute it from the same source text.
 */
export function shortHash(text: string): string {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)
}

/** Key of a typeset formula in NoteRecord.prerendered. */
export function mathKey(tex: string, display: boolean): string {
  return `m:${shortHash((display ? 'D' : 'I') + tex)}`
}

/** Key of a highlighted code block in NoteRecord.prerendered. */
export function codeKey(lang: string, code: string): string {
  return `c:${shortHash(`${lang}\n${code}`)}`
}

/** Key of a base view's HTML in NoteRecord.prerendered: the base page's slug and the view's heading id. */
export function baseKey(slug: string, view: string | undefined): string {
  return `b:${shortHash(`${slug}#${view ?? ''}`)}`
}

/** Key of a canvas's drawing, scaled for an embed, in the NoteRecord.prerendered of a note that embeds it. */
export function canvasKey(slug: string): string {
  return `v:${shortHash(slug)}`
}
