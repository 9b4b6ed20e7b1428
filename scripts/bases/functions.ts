/**
 * The functions of the Bases language (BASES §5): globals (`if`, `link`, `list`, `date`…) and the
 * methods each type takes (`contains`, `format`, `round`, `filter`…). Arguments arrive unevaluated:
 * `if` evaluates one branch, `filter`/`map`/`reduce` bind `value`, `index` and `acc` (B48, B104–B105).
 */
import { formatDate, parseDate, parseDuration, relativeDate } from './dates.ts'
import type { Node } from './parse.ts'
import type { FileInfo, Value } from './values.ts'
import {
  compare,
  DateValue,
  DurationValue,
  ErrorValue,
  equals,
  FileValue,
  isObject,
  LinkValue,
  RegexValue,
  RenderValue,
  toText,
  truthy,
  typeOf,
} from './values.ts'

/** What a function needs from the evaluator. */
export interface Evaluator {
  eval(node: Node, bindings?: Record<string, Value>): Value
  /** A link written in the base (or the note holding a code block), resolved by the site's rules (B64). */
  link(target: string, display?: string): LinkValue
  file(path: string): FileInfo | undefined
  now: number
  today: number
  random: number
}

/** A failed call: the message names the function. */
const fail = (message: string) => new ErrorValue(message)

function numbers(values: Value[]): number[] {
  return values
    .flat(Infinity as 1)
    .filter((value): value is number => typeof value === 'number' && !Number.isNaN(value))
}

function asDate(value: Value): DateValue | undefined {
  if (value instanceof DateValue) return value
  if (typeof value === 'string') return parseDate(value)
  return undefined
}

function asDuration(value: Value): DurationValue | undefined {
  if (value instanceof DurationValue) return value
  if (typeof value === 'string') return parseDuration(value)
  if (typeof value === 'number') return new DurationValue(0, value)
  return undefined
}

/** The file a path, link or file value names. */
function fileFrom(value: Value, ev: Evaluator): FileInfo | undefined {
  if (value instanceof FileValue) return value.file
  if (value instanceof LinkValue) return value.file
  if (typeof value === 'string') return ev.link(value).file ?? ev.file(value)
  return undefined
}

export function callGlobal(name: string, args: Node[], ev: Evaluator): Value {
  if (name === 'if') {
    const [condition, then, otherwise] = args
    if (!condition || !then) return fail('if() needs a condition and a value')
    return truthy(ev.eval(condition)) ? ev.eval(then) : otherwise ? ev.eval(otherwise) : null
  }
  const values = args.map((arg) => ev.eval(arg))
  const [first, second] = values
  switch (name) {
    case 'escapeHTML':
      return toText(first ?? null).replace(
        /[&<>"']/g,
        (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
      )
    case 'date': {
      if (first instanceof DateValue) return first
      const date = typeof first === 'string' ? parseDate(first) : undefined
      return date ?? fail(`date(): cannot read "${toText(first ?? null)}" as a date`)
    }
    case 'duration':
      return asDuration(first ?? null) ?? fail(`duration(): cannot read "${toText(first ?? null)}" as a duration`)
    case 'file': {
      const file = fileFrom(first ?? null, ev)
      return file ? new FileValue(file) : null
    }
    case 'html':
      return new RenderValue('html', toText(first ?? null))
    case 'image':
      return new RenderValue('image', first instanceof FileValue ? first.file.href : toText(first ?? null))
    case 'icon':
      return new RenderValue('icon', toText(first ?? null))
    case 'link': {
      const display = second === undefined || second === null ? undefined : toText(second)
      if (first instanceof FileValue) return new LinkValue(first.file.path, display, first.file)
      if (first instanceof LinkValue)
        return display ? new LinkValue(first.target, display, first.file, first.url) : first
      const text = toText(first ?? null)
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return new LinkValue(text, display, undefined, text)
      return ev.link(text, display)
    }
    case 'list':
      return Array.isArray(first) ? first : first === undefined || first === null ? [] : [first]
    case 'max':
    case 'min': {
      const found = numbers(values)
      return found.length ? (name === 'max' ? Math.max(...found) : Math.min(...found)) : null
    }
    case 'now':
      return new DateValue(ev.now, true)
    case 'today':
      return new DateValue(ev.today, false)
    case 'number': {
      if (typeof first === 'number') return first
      if (typeof first === 'boolean') return first ? 1 : 0
      if (first instanceof DateValue) return first.ms
      if (first instanceof DurationValue) return first.total
      if (typeof first === 'string' && first.trim() !== '' && !Number.isNaN(Number(first))) return Number(first)
      return fail(`number(): "${toText(first ?? null)}" is not a number`)
    }
    case 'random':
      return ev.random
    // Old files (B115).
    case 'not':
      return !truthy(first ?? null)
    case 'empty':
      return isEmpty(first ?? null)
    default:
      return fail(`unknown function ${name}()`)
  }
}

function isEmpty(value: Value): boolean {
  if (value === null || value === '') return true
  if (Array.isArray(value)) return value.length === 0
  if (isObject(value)) return Object.keys(value).length === 0
  return false
}

function stringMethod(text: string, name: string, values: Value[]): Value | undefined {
  const [first, second] = values
  const parts = values.map((value) => toText(value))
  switch (name) {
    case 'contains':
      return text.includes(parts[0] ?? '')
    case 'containsAll':
      return parts.every((part) => text.includes(part))
    case 'containsAny':
      return parts.some((part) => text.includes(part))
    case 'startsWith':
      return text.startsWith(parts[0] ?? '')
    case 'endsWith':
      return text.endsWith(parts[0] ?? '')
    case 'lower':
      return text.toLowerCase()
    case 'upper':
      return text.toUpperCase()
    case 'title':
      return text.replace(/(^|\s)(\p{L})/gu, (_, space: string, letter: string) => space + letter.toUpperCase())
    case 'trim':
      return text.trim()
    case 'replace':
      if (first instanceof RegexValue) return text.replace(first.re, toText(second ?? null))
      return text.split(toText(first ?? null)).join(toText(second ?? null))
    case 'repeat':
      return typeof first === 'number' && first >= 0 && first <= 10_000 ? text.repeat(first) : null
    case 'reverse':
      return [...text].reverse().join('')
    case 'slice':
      return text.slice(Number(first ?? 0), second === undefined ? undefined : Number(second))
    case 'split': {
      const pieces = first instanceof RegexValue ? text.split(first.re) : text.split(toText(first ?? null))
      return typeof second === 'number' ? pieces.slice(0, second) : pieces
    }
    case 'isEmpty':
      return text === ''
  }
  return undefined
}

function listMethod(list: Value[], name: string, args: Node[], ev: Evaluator): Value | undefined {
  switch (name) {
    case 'filter':
      return args[0] ? list.filter((value, index) => truthy(ev.eval(args[0]!, { value, index }))) : list
    case 'map':
      return args[0] ? list.map((value, index) => ev.eval(args[0]!, { value, index })) : list
    case 'reduce': {
      if (!args[0]) return null
      let acc = args[1] ? ev.eval(args[1]) : null
      list.forEach((value, index) => {
        acc = ev.eval(args[0]!, { value, index, acc })
      })
      return acc
    }
  }
  const values = args.map((arg) => ev.eval(arg))
  const [first, second] = values
  const has = (wanted: Value) => list.some((item) => equals(item, wanted, true))
  switch (name) {
    case 'contains':
      return has(first ?? null)
    case 'containsAll':
      return values.every(has)
    case 'containsAny':
      return values.some(has)
    case 'flat':
      return list.flat(Infinity as 1) as Value[]
    case 'unique':
      return list.filter((item, i) => list.findIndex((other) => equals(other, item)) === i)
    case 'reverse':
      return [...list].reverse()
    case 'sort':
      return [...list].sort((a, b) => compare(a, b) ?? 0)
    case 'join':
      return list.map(toText).join(first === undefined ? ',' : toText(first))
    case 'slice':
      return list.slice(Number(first ?? 0), second === undefined ? undefined : Number(second))
    case 'isEmpty':
      return list.length === 0
    case 'mean': {
      const found = numbers(list)
      return found.length ? found.reduce((sum, n) => sum + n, 0) / found.length : null
    }
  }
  return undefined
}

function fileMethod(file: FileInfo, name: string, values: Value[], ev: Evaluator): Value | undefined {
  const [first] = values
  switch (name) {
    case 'asLink':
      return new LinkValue(file.path, first === undefined || first === null ? undefined : toText(first), file)
    case 'hasLink': {
      const other = fileFrom(first ?? null, ev)
      return other ? file.links.some((link) => link.file?.path === other.path) : false
    }
    case 'hasProperty':
      return file.properties !== undefined && toText(first ?? null) in file.properties
    case 'hasTag':
      return values.some((tag) => {
        const wanted = toText(tag).replace(/^#/, '').toLowerCase()
        return file.tags.some((have) => {
          const lower = have.toLowerCase()
          return lower === wanted || lower.startsWith(`${wanted}/`)
        })
      })
    case 'inFolder': {
      const folder = toText(first ?? null).replace(/^\/+|\/+$/g, '')
      return folder === '' || file.path.startsWith(`${folder}/`)
    }
  }
  return undefined
}

export function callMethod(target: Value, name: string, args: Node[], ev: Evaluator): Value {
  if (target instanceof ErrorValue) return target
  // Any type (B83–B85).
  if (name === 'isTruthy') return truthy(target)
  if (name === 'isType') return typeOf(target) === toText(ev.eval(args[0] ?? { t: 'lit', v: null }))
  if (name === 'toString') return toText(target)
  if (target === null) return name === 'isEmpty' ? true : null
  if (Array.isArray(target)) {
    const result = listMethod(target, name, args, ev)
    if (result !== undefined) return result
    return fail(`unknown list function ${name}()`)
  }
  const values = args.map((arg) => ev.eval(arg))
  const [first] = values
  if (typeof target === 'string') return stringMethod(target, name, values) ?? fail(`unknown text function ${name}()`)
  if (typeof target === 'number') {
    switch (name) {
      case 'abs':
        return Math.abs(target)
      case 'ceil':
        return Math.ceil(target)
      case 'floor':
        return Math.floor(target)
      case 'round': {
        const digits = typeof first === 'number' ? first : 0
        return Number(`${Math.round(Number(`${target}e${digits}`))}e-${digits}`)
      }
      case 'toFixed':
        return typeof first === 'number' && first >= 0 && first <= 100
          ? target.toFixed(first)
          : fail('toFixed() needs 0 to 100 places')
      case 'isEmpty':
        return false
    }
    return fail(`unknown number function ${name}()`)
  }
  if (target instanceof DateValue) {
    switch (name) {
      case 'date':
        return new DateValue(Math.floor(target.ms / 86_400_000) * 86_400_000, false)
      case 'format':
        return formatDate(target, toText(first ?? 'YYYY-MM-DD'))
      case 'time':
        return formatDate(target, 'HH:mm:ss')
      case 'relative':
        return relativeDate(target, ev.now)
      case 'isEmpty':
        return false
    }
    return fail(`unknown date function ${name}()`)
  }
  if (target instanceof LinkValue) {
    if (name === 'asFile') return target.file ? new FileValue(target.file) : null
    if (name === 'linksTo') {
      const other = fileFrom(first ?? null, ev)
      return Boolean(target.file && other && target.file.links.some((link) => link.file?.path === other.path))
    }
    // A link takes the string functions on its text (B65).
    return stringMethod(target.target, name, values) ?? fail(`unknown link function ${name}()`)
  }
  if (target instanceof FileValue)
    return fileMethod(target.file, name, values, ev) ?? fail(`unknown file function ${name}()`)
  if (target instanceof RegexValue && name === 'matches')
    return new RegExp(target.re.source, target.re.flags.replace('g', '')).test(toText(first ?? null))
  if (target instanceof DurationValue && name === 'isEmpty') return false
  if (isObject(target)) {
    if (name === 'isEmpty') return Object.keys(target).length === 0
    if (name === 'keys') return Object.keys(target)
    if (name === 'values') return Object.values(target)
  }
  return fail(`${typeOf(target)} has no function ${name}()`)
}

export { asDate, asDuration }
