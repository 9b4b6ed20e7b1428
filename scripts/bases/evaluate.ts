/**
 * Evaluates a Bases expression for one file (BASES §4): bare names are note properties (B37),
 * `file` the file under test (B41), `this` the context file (§8), `formula.x` another formula of
 * the base (B40, B13). Errors are values (B68), never exceptions.
 */
import { addDuration, dateField, durationField, parseDate } from './dates.ts'
import type { Evaluator } from './functions.ts'
import { asDate, asDuration, callGlobal, callMethod } from './functions.ts'
import type { Node } from './parse.ts'
import type { FileInfo, Value } from './values.ts'
import {
  baseName,
  compare,
  DateValue,
  DurationValue,
  ErrorValue,
  equals,
  FileValue,
  isObject,
  LinkValue,
  RegexValue,
  toText,
  truthy,
} from './values.ts'

/** The vault a base is evaluated over: its published files, and links resolved by the site's rules. */
export interface Vault {
  files: readonly FileInfo[]
  byPath(path: string): FileInfo | undefined
  /** The file a link text written in the file at `from` points at (B64). */
  resolve(from: string, target: string): FileInfo | undefined
  /** `now()`, `today()` and `random()`, fixed once a build (B82). */
  now: number
  random: number
}

export interface Context {
  vault: Vault
  /** The base file, or the note holding a ```base block: links in the base resolve from here. */
  basePath: string
  /** `this` (§8); undefined on a base's own page for views that need a note (B158). */
  thisFile: FileInfo | undefined
  formulas: ReadonlyMap<string, Node>
  /** Messages of the errors met, for the build's one warning per base (B25, B68). */
  errors: Set<string>
}

/** A frontmatter value as a base value: wikilinks become links (B51), ISO dates dates (B50). */
function fromYaml(value: unknown, file: FileInfo, vault: Vault): Value {
  if (value === null || value === undefined) return null
  if (typeof value === 'string') {
    const link = /^\s*!?\[\[([^[\]\n]+)\]\]\s*$/.exec(value)?.[1]
    if (link !== undefined) {
      const [target = '', display] = link.split('|')
      const path = target.split('#')[0]!.trim()
      return new LinkValue(path, display?.trim(), vault.resolve(file.path, path))
    }
    return parseDate(value) ?? value
  }
  if (typeof value === 'number' || typeof value === 'boolean') return value
  if (Array.isArray(value)) return value.map((item) => fromYaml(item, file, vault))
  if (typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, fromYaml(inner, file, vault)]))
  return null
}

/** A file field (B43), or undefined when `name` is not one. */
function fileField(file: FileInfo, name: string, vault: Vault): Value | undefined {
  const base = baseName(file.path)
  const dot = base.lastIndexOf('.')
  const isNote = file.path.toLowerCase().endsWith('.md')
  switch (name) {
    case 'name':
      // A note's name has no `.md` (B44); other files keep their extension.
      return isNote ? base.slice(0, -3) : base
    case 'basename':
      return dot > 0 ? base.slice(0, dot) : base
    case 'ext':
      return dot > 0 ? base.slice(dot + 1) : ''
    case 'path':
      return file.path
    case 'folder':
      return file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : ''
    case 'size':
      return file.size
    case 'ctime':
      return new DateValue(file.ctime, true)
    case 'mtime':
      return new DateValue(file.mtime, true)
    case 'tags':
      return file.tags
    case 'links':
      return file.links
    case 'embeds':
      return file.embeds
    case 'backlinks':
      return file.backlinks.flatMap((path) => {
        const from = vault.byPath(path)
        return from ? [new LinkValue(path, undefined, from)] : []
      })
    case 'properties':
      return fromYaml(file.properties ?? {}, file, vault)
    case 'file':
      return new FileValue(file)
  }
  return undefined
}

/** Evaluates expressions for one file of a base. */
export class FileScope implements Evaluator {
  readonly #context: Context
  readonly #file: FileInfo
  readonly #formulas = new Map<string, Value>()
  readonly #computing: string[] = []
  readonly now: number
  readonly today: number
  readonly random: number

  constructor(context: Context, file: FileInfo) {
    this.#context = context
    this.#file = file
    this.now = context.vault.now
    this.today = Math.floor(context.vault.now / 86_400_000) * 86_400_000
    this.random = context.vault.random
  }

  link(target: string, display?: string): LinkValue {
    const text = /^\s*!?\[\[([^[\]\n]+)\]\]\s*$/.exec(target)?.[1] ?? target
    const [path = '', alias] = text.split('|')
    const clean = path.split('#')[0]!.trim()
    return new LinkValue(clean, display ?? alias?.trim(), this.#context.vault.resolve(this.#context.basePath, clean))
  }

  file(path: string): FileInfo | undefined {
    return this.#context.vault.byPath(path)
  }

  /** A formula's value for this file, computed once; one that reaches itself is an error (B13). */
  formula(name: string): Value {
    const known = this.#formulas.get(name)
    if (known !== undefined) return known
    const node = this.#context.formulas.get(name)
    if (!node) return this.#error(`no formula named ${name}`)
    if (this.#computing.includes(name))
      return this.#error(`formula ${[...this.#computing, name].join(' → ')} refers to itself`)
    this.#computing.push(name)
    const value = this.eval(node)
    this.#computing.pop()
    this.#formulas.set(name, value)
    return value
  }

  /** A property by id: `file.name`, `formula.x`, `note.x` or a bare note property (B118). */
  property(id: string): Value {
    if (id.startsWith('formula.')) return this.formula(id.slice('formula.'.length))
    if (id.startsWith('file.')) return fileField(this.#file, id.slice(5), this.#context.vault) ?? null
    return this.#noteProperty(this.#file, id.startsWith('note.') ? id.slice(5) : id)
  }

  #noteProperty(file: FileInfo, name: string): Value {
    return fromYaml(file.properties?.[name], file, this.#context.vault)
  }

  #error(message: string): ErrorValue {
    this.#context.errors.add(message)
    return new ErrorValue(message)
  }

  eval(node: Node, bindings: Record<string, Value> = {}): Value {
    return this.#eval(node, bindings)
  }

  #eval(node: Node, bindings: Record<string, Value>): Value {
    const ev: Evaluator = Object.keys(bindings).length
      ? {
          eval: (inner, more) => this.#eval(inner, { ...bindings, ...more }),
          link: (target, display) => this.link(target, display),
          file: (path) => this.file(path),
          now: this.now,
          today: this.today,
          random: this.random,
        }
      : this
    switch (node.t) {
      case 'lit':
        return node.v
      case 'regex':
        try {
          return new RegexValue(new RegExp(node.source, node.flags))
        } catch {
          return this.#error(`/${node.source}/ is not a valid regular expression`)
        }
      case 'list':
        return node.items.map((item) => ev.eval(item))
      case 'object':
        return Object.fromEntries(node.entries.map(([key, value]) => [key, ev.eval(value)]))
      case 'name':
        if (node.name in bindings) return bindings[node.name]!
        if (node.name === 'file') return new FileValue(this.#file)
        if (node.name === 'this') return this.#context.thisFile ? new FileValue(this.#context.thisFile) : null
        if (node.name === 'note') return fromYaml(this.#file.properties ?? {}, this.#file, this.#context.vault)
        return this.#noteProperty(this.#file, node.name)
      case 'member':
        return this.#member(node, ev)
      case 'index': {
        const object = ev.eval(node.object)
        const index = ev.eval(node.index)
        if (Array.isArray(object) && typeof index === 'number') {
          const at = index < 0 ? object.length + index : index
          return object[at] ?? null
        }
        if (typeof index === 'string') return this.#memberOf(object, index)
        return null
      }
      case 'call': {
        if (node.callee.t === 'name') {
          const result = callGlobal(node.callee.name, node.args, ev)
          if (result instanceof ErrorValue) this.#context.errors.add(result.message)
          return result
        }
        if (node.callee.t === 'member') {
          const target = ev.eval(node.callee.object)
          const result = callMethod(target, node.callee.name, node.args, ev)
          if (result instanceof ErrorValue && !(target instanceof ErrorValue)) this.#context.errors.add(result.message)
          return result
        }
        return this.#error('only functions can be called')
      }
      case 'unary': {
        const value = ev.eval(node.arg)
        if (node.op === '!') return !truthy(value)
        return typeof value === 'number' ? -value : this.#error(`cannot negate ${toText(value)}`)
      }
      case 'binary':
        return this.#binary(node.op, node.left, node.right, ev)
    }
  }

  #member(node: Extract<Node, { t: 'member' }>, ev: Evaluator): Value {
    // `formula.x` names a formula, not a member of a value (B40).
    if (node.object.t === 'name' && node.object.name === 'formula') return this.formula(node.name)
    return this.#memberOf(ev.eval(node.object), node.name)
  }

  #memberOf(object: Value, name: string): Value {
    if (object === null || object instanceof ErrorValue) return object
    if (object instanceof FileValue) {
      // `this.project` reads a note property of the context file (B47).
      return fileField(object.file, name, this.#context.vault) ?? this.#noteProperty(object.file, name)
    }
    if (object instanceof LinkValue) {
      if (name === 'length') return object.target.length
      return object.file ? this.#memberOf(new FileValue(object.file), name) : null
    }
    if (object instanceof DateValue) return dateField(object, name) ?? null
    if (object instanceof DurationValue) return durationField(object, name) ?? null
    if (typeof object === 'string' || Array.isArray(object)) return name === 'length' ? object.length : null
    if (isObject(object)) return object[name] ?? null
    return null
  }

  #binary(op: string, leftNode: Node, rightNode: Node, ev: Evaluator): Value {
    if (op === '&&') return truthy(ev.eval(leftNode)) && truthy(ev.eval(rightNode))
    if (op === '||') return truthy(ev.eval(leftNode)) || truthy(ev.eval(rightNode))
    const left = ev.eval(leftNode)
    const right = ev.eval(rightNode)
    if (left instanceof ErrorValue) return left
    if (right instanceof ErrorValue) return right
    switch (op) {
      case '==':
        return equals(left, right)
      case '!=':
        return !equals(left, right)
      case '<':
      case '<=':
      case '>':
      case '>=': {
        // A date compares with a date written as text: `date > "2024-01-01"`.
        const a = left instanceof DateValue ? left : right instanceof DateValue ? asDate(left) : left
        const b = right instanceof DateValue ? right : left instanceof DateValue ? asDate(right) : right
        const order = compare(a ?? null, b ?? null)
        if (order === undefined) return false
        return op === '<' ? order < 0 : op === '<=' ? order <= 0 : op === '>' ? order > 0 : order >= 0
      }
      case '+': {
        if (left instanceof DateValue) {
          const duration = asDuration(right)
          return duration ? addDuration(left, duration) : this.#error(`cannot add ${toText(right)} to a date`)
        }
        if (left instanceof DurationValue && right instanceof DurationValue)
          return new DurationValue(left.months + right.months, left.ms + right.ms)
        if (typeof left === 'string' || typeof right === 'string') return toText(left) + toText(right)
        if (Array.isArray(left) && Array.isArray(right)) return [...left, ...right]
        if (typeof left === 'number' && typeof right === 'number') return left + right
        return this.#error(`cannot add ${toText(left)} and ${toText(right)}`)
      }
      case '-': {
        if (left instanceof DateValue) {
          const other = right instanceof DateValue ? right : undefined
          if (other) return new DurationValue(0, left.ms - other.ms)
          const duration = asDuration(right)
          return duration
            ? addDuration(left, duration, -1)
            : this.#error(`cannot subtract ${toText(right)} from a date`)
        }
        if (left instanceof DurationValue && right instanceof DurationValue)
          return new DurationValue(left.months - right.months, left.ms - right.ms)
        if (typeof left === 'number' && typeof right === 'number') return left - right
        return this.#error(`cannot subtract ${toText(right)} from ${toText(left)}`)
      }
      case '*':
        // A duration is multiplied with the duration on the left (B58).
        if (left instanceof DurationValue && typeof right === 'number')
          return new DurationValue(left.months * right, left.ms * right)
        if (typeof left === 'number' && typeof right === 'number') return left * right
        return this.#error(`cannot multiply ${toText(left)} by ${toText(right)}`)
      case '/':
        if (typeof left === 'number' && typeof right === 'number')
          return right === 0 ? this.#error('division by zero') : left / right
        return this.#error(`cannot divide ${toText(left)} by ${toText(right)}`)
      case '%':
        if (typeof left === 'number' && typeof right === 'number') return left % right
        return this.#error(`cannot take ${toText(left)} modulo ${toText(right)}`)
    }
    return this.#error(`unknown operator ${op}`)
  }
}
