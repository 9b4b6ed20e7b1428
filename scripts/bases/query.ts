/**
 * One view of a base over the vault (BASES §3, §6, §7): filter, sort, limit, group, summarise.
 * Pure: the same vault, base, view and `this` give the same result.
 */
import type { BaseConfig, Filter, SortKey, ViewConfig } from './base-file.ts'
import type { Context } from './evaluate.ts'
import { FileScope } from './evaluate.ts'
import type { FileInfo, Value } from './values.ts'
import { compare, DateValue, equals, ErrorValue, toText, truthy } from './values.ts'

export interface ViewRow {
  file: FileInfo
  /** The value of each shown property, by id. */
  values: Map<string, Value>
}

export interface ViewGroup {
  /** The group's value; undefined for the whole view, or for the rows with none ("None", B123). */
  key?: Value
  rows: ViewRow[]
  /** Property id → its summary's value (B131, B149). */
  summaries: Map<string, Value>
}

export interface ViewResult {
  view: ViewConfig
  /** The shown properties with their labels (B128). */
  columns: { id: string; label: string }[]
  groups: ViewGroup[]
  grouped: boolean
}

function passes(filter: Filter | undefined, scope: FileScope): boolean {
  if (!filter) return true
  if ('expr' in filter) {
    const value = scope.eval(filter.expr)
    // An item that errors counts as false (B25).
    return !(value instanceof ErrorValue) && truthy(value)
  }
  // An empty group imposes nothing (B24).
  if (!filter.items.length) return true
  if (filter.op === 'and') return filter.items.every((item) => passes(item, scope))
  if (filter.op === 'or') return filter.items.some((item) => passes(item, scope))
  return !filter.items.some((item) => passes(item, scope))
}

const isEmptyValue = (value: Value) =>
  value === null || value === '' || (Array.isArray(value) && value.length === 0) || value instanceof ErrorValue

/** Sort order (B121): by each key in turn, empty values last either way, then by path. */
function byKeys(keys: readonly SortKey[], valueAt: (row: ViewRow, id: string) => Value) {
  return (a: ViewRow, b: ViewRow): number => {
    for (const key of keys) {
      const va = valueAt(a, key.property)
      const vb = valueAt(b, key.property)
      const ea = isEmptyValue(va)
      const eb = isEmptyValue(vb)
      if (ea || eb) {
        if (ea !== eb) return ea ? 1 : -1
        continue
      }
      const order = compare(va, vb) ?? compare(toText(va), toText(vb)) ?? 0
      if (order) return key.direction === 'DESC' ? -order : order
    }
    return PATH_ORDER.compare(a.file.path, b.file.path)
  }
}

/** Full ties keep path order, as a reader reads paths: case aside, numbers as numbers (B121). */
const PATH_ORDER = new Intl.Collator('en', { sensitivity: 'base', numeric: true })

/** The label of a property id: its display name, else the id without `note.`/`formula.` (B128). */
function label(config: BaseConfig, id: string): string {
  return config.displayNames[id] ?? id.replace(/^(?:note|formula)\./, '')
}

const numbersOf = (values: Value[]) => values.filter((value): value is number => typeof value === 'number')

/** A built-in summary (B145–B148, B151), or undefined when `name` is not one. */
function builtInSummary(name: string, values: Value[]): Value | undefined {
  const numbers = numbersOf(values)
  const dates = values.filter((value): value is DateValue => value instanceof DateValue)
  const sum = numbers.reduce((total, n) => total + n, 0)
  switch (name) {
    case 'Average':
      return numbers.length ? sum / numbers.length : null
    case 'Sum':
      return sum
    case 'Min':
      return numbers.length ? Math.min(...numbers) : null
    case 'Max':
      return numbers.length ? Math.max(...numbers) : null
    case 'Range':
      if (dates.length && !numbers.length) {
        const ms = dates.map((date) => date.ms)
        // A date range shows in whole days (B151).
        return `${Math.round((Math.max(...ms) - Math.min(...ms)) / 86_400_000)} days`
      }
      return numbers.length ? Math.max(...numbers) - Math.min(...numbers) : null
    case 'Median': {
      if (!numbers.length) return null
      const sorted = [...numbers].sort((a, b) => a - b)
      const mid = Math.floor(sorted.length / 2)
      return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
    }
    case 'Stddev': {
      if (!numbers.length) return null
      const mean = sum / numbers.length
      return Math.sqrt(numbers.reduce((total, n) => total + (n - mean) ** 2, 0) / numbers.length)
    }
    case 'Earliest':
      return dates.length ? dates.reduce((a, b) => (b.ms < a.ms ? b : a)) : null
    case 'Latest':
      return dates.length ? dates.reduce((a, b) => (b.ms > a.ms ? b : a)) : null
    case 'Checked':
      return values.filter((value) => value === true).length
    case 'Unchecked':
      return values.filter((value) => value === false).length
    case 'Empty':
      return values.filter(isEmptyValue).length
    case 'Filled':
      return values.filter((value) => !isEmptyValue(value)).length
    case 'Unique':
      return values.filter(
        (value, i) => !isEmptyValue(value) && values.findIndex((other) => equals(other, value)) === i,
      ).length
  }
  return undefined
}

export function runView(config: BaseConfig, view: ViewConfig, context: Context): ViewResult {
  const scopes = new Map<FileInfo, FileScope>()
  const scopeOf = (file: FileInfo) => {
    let scope = scopes.get(file)
    if (!scope) {
      scope = new FileScope(context, file)
      scopes.set(file, scope)
    }
    return scope
  }
  const valueAt = (row: ViewRow, id: string) => {
    let value = row.values.get(id)
    if (value === undefined) {
      value = scopeOf(row.file).property(id)
      row.values.set(id, value)
    }
    return value
  }
  // The base's filters and the view's are joined with AND (B23).
  let rows: ViewRow[] = context.vault.files
    .filter((file) => passes(config.filters, scopeOf(file)) && passes(view.filters, scopeOf(file)))
    .map((file) => ({ file, values: new Map() }))
  rows.sort(byKeys(view.sort, valueAt))
  // The limit applies after sorting, before grouping (B124).
  if (view.limit !== undefined) rows = rows.slice(0, view.limit)
  // Every shown value, and a card's cover (B133), is computed here: rendering reads, never evaluates.
  const shown = view.image && view.image !== 'file.file' ? [...view.order, view.image] : view.order
  for (const row of rows) for (const id of shown) valueAt(row, id)
  const summarise = (group: ViewRow[]): Map<string, Value> => {
    const out = new Map<string, Value>()
    for (const [id, name] of Object.entries(view.summaries)) {
      const values = group.map((row) => valueAt(row, id))
      const builtIn = builtInSummary(name, values)
      if (builtIn !== undefined) {
        out.set(id, builtIn)
        continue
      }
      const custom = config.summaries.get(name)
      const anchor = context.thisFile ?? group[0]?.file
      if (!custom || !anchor) {
        context.errors.add(`unknown summary ${name}`)
        out.set(id, new ErrorValue(`unknown summary ${name}`))
        continue
      }
      out.set(id, scopeOf(anchor).eval(custom, { values }))
    }
    return out
  }
  const columns = view.order.map((id) => ({ id, label: label(config, id) }))
  if (!view.groupBy) return { view, columns, groups: [{ rows, summaries: summarise(rows) }], grouped: false }
  const by = view.groupBy
  const groups: { key: Value; rows: ViewRow[] }[] = []
  const none: ViewRow[] = []
  for (const row of rows) {
    const key = valueAt(row, by.property)
    if (isEmptyValue(key)) {
      none.push(row)
      continue
    }
    const group = groups.find((candidate) => equals(candidate.key, key))
    if (group) group.rows.push(row)
    else groups.push({ key, rows: [row] })
  }
  groups.sort((a, b) => {
    const order = compare(a.key, b.key) ?? compare(toText(a.key), toText(b.key)) ?? 0
    return by.direction === 'DESC' ? -order : order
  })
  const result: ViewGroup[] = groups.map((group) => ({
    key: group.key,
    rows: group.rows,
    summaries: summarise(group.rows),
  }))
  // Rows with no value form their own group, last, labelled "None" (B123).
  if (none.length) result.push({ rows: none, summaries: summarise(none) })
  return { view, columns, groups: result, grouped: true }
}
