/**
 * Frontmatter: YAML only (OFM-SPEC Y01). gray-matter would evaluate `---js` blocks, so every
 * engine but YAML is replaced by one that refuses; the note keeps its body and loses its frontmatter.
 */
import matter from 'gray-matter'

export interface ParsedNote {
  data: Record<string, unknown>
  body: string
  /** Lines taken by the frontmatter block: add to a body line number to get the file's line. */
  bodyLine: number
  /** Why the frontmatter was dropped, with its line in the file, if it was. */
  problem?: { line: number; message: string }
}

function refuse(language: string) {
  return () => {
    throw new Error(`${language} frontmatter is not supported (only YAML is read; nothing was executed)`)
  }
}

const ENGINES = {
  js: refuse('JavaScript'),
  javascript: refuse('JavaScript'),
  coffee: refuse('CoffeeScript'),
  coffeescript: refuse('CoffeeScript'),
  toml: refuse('TOML'),
}

/** Turns YAML values into JSON: dates become ISO strings (`2024-03-05` when there is no time). */
function toJson(value: unknown): unknown {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null
    const iso = value.toISOString()
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso
  }
  if (Array.isArray(value)) return value.map(toJson)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toJson(inner)]))
  }
  return typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint' ? null : value
}

function countLines(text: string): number {
  let lines = 0
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines += 1
  return lines
}

/** The body after a frontmatter block that could not be read: everything after its closing fence. */
function stripBlock(source: string): { body: string; bodyLine: number } {
  const match = /^---[^\n]*\n[\s\S]*?\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(source)
  if (!match) return { body: source, bodyLine: 0 }
  return { body: source.slice(match[0].length), bodyLine: countLines(match[0]) }
}

export function parseFrontmatter(source: string): ParsedNote {
  const text = source.replace(/^\uFEFF/, '')
  try {
    // An options object also turns off gray-matter's cache, which would keep every note in memory.
    const parsed = matter(text, { engines: ENGINES })
    const data = toJson(parsed.data)
    const body = parsed.content
    const bodyLine = countLines(text.slice(0, text.length - body.length))
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      return {
        data: {},
        body,
        bodyLine,
        problem: { line: 1, message: 'frontmatter is not a map of properties; ignored' },
      }
    }
    return { data: data as Record<string, unknown>, body, bodyLine }
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark
    const rest = stripBlock(text)
    // js-yaml counts from 0 inside the block; the block starts on line 2. An error found at the
    // end of the YAML is reported on the closing fence.
    const line = typeof mark?.line === 'number' ? Math.min(mark.line + 2, Math.max(rest.bodyLine, 1)) : 1
    // js-yaml's `reason` is the message without its position and code excerpt.
    const reason =
      (error as { reason?: unknown }).reason ?? (error instanceof Error ? error.message.split('\n')[0] : String(error))
    return { data: {}, ...rest, problem: { line, message: `frontmatter ignored: ${reason}` } }
  }
}
