/**
 * The values of the Bases expression language (BASES B49): null, string, number, boolean, list and
 * object are plain JavaScript values; the rest are small classes. Dates are UTC instants, so a
 * build gives the same result on every machine (BASES B45).
 */

/** A file of the vault as a base sees it (BASES B43). */
export interface FileInfo {
  /** Path from the vault root: `Books/Dune.md`. */
  path: string
  /** Note properties (frontmatter); undefined for other files (B39). */
  properties: Record<string, unknown> | undefined
  size: number
  ctime: number
  mtime: number
  tags: string[]
  /** Link texts as written, resolved from this file: `[[Dune]]` → its target's path, or undefined. */
  links: LinkValue[]
  embeds: LinkValue[]
  /** Paths of the files linking here. */
  backlinks: string[]
  /** Where a reader goes: the note's page or the attachment's URL. */
  href: string
  /** The note's title (its `title`, else its name). */
  title: string
}

export class DateValue {
  readonly ms: number
  /** The value carries a time of day (`2024-05-17T09:15:00`), not just a day. */
  readonly time: boolean
  constructor(ms: number, time: boolean) {
    this.ms = ms
    this.time = time
  }
}

/** Calendar months (`1M`, `1y`) apart from exact milliseconds, so `+ "1M"` lands on the same day next month (B56). */
export class DurationValue {
  readonly months: number
  readonly ms: number
  constructor(months: number, ms: number) {
    this.months = months
    this.ms = ms
  }
  /** As milliseconds: a month counts 30.4375 days, a year 365.25 (B57, B60). */
  get total(): number {
    return this.ms + this.months * 30.4375 * 86_400_000
  }
}

/** A link (B51, B77): its text as written, and the file it resolves to (or an external URL). */
export class LinkValue {
  readonly target: string
  readonly display: string | undefined
  readonly file: FileInfo | undefined
  readonly url: string | undefined
  constructor(target: string, display: string | undefined, file: FileInfo | undefined, url?: string) {
    this.target = target
    this.display = display
    this.file = file
    this.url = url
  }
}

export class FileValue {
  readonly file: FileInfo
  constructor(file: FileInfo) {
    this.file = file
  }
}

export class RegexValue {
  readonly re: RegExp
  constructor(re: RegExp) {
    this.re = re
  }
}

/** Values that only render (B49): `html()`, `image()`, `icon()`. */
export class RenderValue {
  readonly kind: 'html' | 'image' | 'icon'
  readonly text: string
  constructor(kind: 'html' | 'image' | 'icon', text: string) {
    this.kind = kind
    this.text = text
  }
}

/** An evaluation error (B68): the cell shows it, the build reports it. */
export class ErrorValue {
  readonly message: string
  constructor(message: string) {
    this.message = message
  }
}

export type Value =
  | null
  | string
  | number
  | boolean
  | Value[]
  | { [key: string]: Value }
  | DateValue
  | DurationValue
  | LinkValue
  | FileValue
  | RegexValue
  | RenderValue
  | ErrorValue

export function isObject(value: Value): value is { [key: string]: Value } {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
}

/** The type name `isType()` tests (B84). */
export function typeOf(value: Value): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'list'
  if (value instanceof DateValue) return 'date'
  if (value instanceof DurationValue) return 'duration'
  if (value instanceof LinkValue) return 'link'
  if (value instanceof FileValue) return 'file'
  if (value instanceof RegexValue) return 'regexp'
  if (value instanceof RenderValue) return value.kind
  if (value instanceof ErrorValue) return 'error'
  if (isObject(value)) return 'object'
  return typeof value
}

/** Falsy: null, false, 0, "", an empty list (B66); an error too. */
export function truthy(value: Value): boolean {
  if (value === null || value === false || value === 0 || value === '' || value instanceof ErrorValue) return false
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'number') return !Number.isNaN(value)
  return true
}

/** A tag as compared: no `#`, any case (B46). */
function tagName(text: string): string {
  return text.replace(/^#/, '').toLowerCase()
}

/** The file a link or file value stands for, if any. */
function fileOf(value: Value): FileInfo | undefined {
  if (value instanceof FileValue) return value.file
  if (value instanceof LinkValue) return value.file
  return undefined
}

/** `==` (B36, B61–B63): same type and value; links and files by the file they resolve to. */
export function equals(a: Value, b: Value, tags = false): boolean {
  const fa = fileOf(a)
  const fb = fileOf(b)
  if (fa || fb) {
    if (fa && fb) return fa.path === fb.path
    if (a instanceof LinkValue && b instanceof LinkValue) return a.target === b.target
    // A link equals a string naming the same target (`categories.contains("[[Films]]")` reads as a link).
    if (typeof b === 'string' && a instanceof LinkValue)
      return a.target.toLowerCase() === stripBrackets(b).toLowerCase()
    if (typeof a === 'string' && b instanceof LinkValue)
      return b.target.toLowerCase() === stripBrackets(a).toLowerCase()
    return false
  }
  if (a instanceof LinkValue && b instanceof LinkValue) return a.target === b.target
  if (tags && typeof a === 'string' && typeof b === 'string') return tagName(a) === tagName(b)
  if (a instanceof DateValue && b instanceof DateValue) return a.ms === b.ms
  if (a instanceof DurationValue && b instanceof DurationValue) return a.total === b.total
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => equals(item, b[i]!))
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a)
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && equals(a[key]!, b[key]!))
  }
  if (a instanceof ErrorValue || b instanceof ErrorValue) return false
  return a === b
}

function stripBrackets(text: string): string {
  const inner = /^\s*!?\[\[([^\]]*)\]\]\s*$/.exec(text)?.[1] ?? text
  return inner.split('|')[0]!.split('#')[0]!.trim()
}

/** Numbers, dates and text in order; undefined when the two cannot be ordered (B33, B121). */
export function compare(a: Value, b: Value): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (a instanceof DateValue && b instanceof DateValue) return a.ms - b.ms
  if (a instanceof DurationValue && b instanceof DurationValue) return a.total - b.total
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b)
  const ta = sortText(a)
  const tb = sortText(b)
  if (ta !== undefined && tb !== undefined) return TEXT_ORDER.compare(ta, tb)
  return undefined
}

/** Text compares ignoring case, with runs of digits as numbers (B121). */
const TEXT_ORDER = new Intl.Collator('en', { sensitivity: 'base', numeric: true })

function sortText(value: Value): string | undefined {
  if (typeof value === 'string') return value
  if (value instanceof LinkValue) return value.display ?? value.file?.title ?? value.target
  if (value instanceof FileValue) return value.file.path
  return undefined
}

/** A value as text: what `toString()` and `+` with a string give (B32, B85). */
export function toText(value: Value): string {
  if (value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)))
  if (typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return value.map(toText).join(', ')
  if (value instanceof DateValue) return formatIso(value)
  if (value instanceof DurationValue) return String(value.total)
  if (value instanceof LinkValue) return value.display ?? value.target
  if (value instanceof FileValue) return baseName(value.file.path)
  if (value instanceof RegexValue) return String(value.re)
  if (value instanceof RenderValue) return value.text
  if (value instanceof ErrorValue) return `error: ${value.message}`
  return Object.entries(value)
    .map(([key, inner]) => `${key}: ${toText(inner)}`)
    .join(', ')
}

/** `YYYY-MM-DD`, or `YYYY-MM-DD HH:mm:ss` for a value with a time (B53). */
export function formatIso(date: DateValue): string {
  const iso = new Date(date.ms).toISOString()
  return date.time ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : iso.slice(0, 10)
}

/** `Books/Dune.md` → `Dune.md`. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}
