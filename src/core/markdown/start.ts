/**
 * `start()` helpers for the extensions. marked asks each extension where its syntax might begin,
 * to stop plain text there; it asks again after every token, so a start() that scans all the
 * remaining text makes a long note quadratic. Both helpers bound the scan.
 */

/**
 * Block extensions: marked asks where a block might interrupt the current paragraph, and passes
 * the text *after* the current position's first character, so only a match right after a newline
 * starts a line. Only the current paragraph is searched: a blank line ends it anyway.
 */
export function lineStart(src: string, linePattern: RegExp): number | undefined {
  const blank = src.search(/\n[ \t]*\n/)
  const paragraph = blank === -1 ? src : src.slice(0, blank + 1)
  const match = afterNewline(linePattern).exec(paragraph)
  return match ? match.index + 1 : undefined
}

/** `\n` + pattern, compiled once per pattern (start() runs at every block). */
const compiled = new WeakMap<RegExp, RegExp>()
function afterNewline(linePattern: RegExp): RegExp {
  let re = compiled.get(linePattern)
  if (!re) {
    re = new RegExp(`\\n${linePattern.source}`, linePattern.flags.replace(/[gmy]/g, ''))
    compiled.set(linePattern, re)
  }
  return re
}

/** How far ahead an inline start() looks; an opener is at most this many characters longer than the window's end. */
const WINDOW = 1024
const OPENER = 64

/**
 * Inline extensions: looks for the syntax only in the next WINDOW characters. When none is there,
 * plain text stops at WINDOW anyway; marked joins the two text pieces, so nothing changes but the cost.
 */
export function windowed(find: (src: string) => number | undefined): (src: string) => number | undefined {
  return (src) => {
    if (src.length <= WINDOW + OPENER) return find(src)
    return find(src.slice(0, WINDOW + OPENER)) ?? WINDOW
  }
}

/** The position of `needle`, or undefined. */
export function indexOf(needle: string): (src: string) => number | undefined {
  return (src) => {
    const index = src.indexOf(needle)
    return index === -1 ? undefined : index
  }
}
