/**
 * A `.base` file or ```base block (BASES §1–§2, §6) → a checked configuration: filters, formulas,
 * display names, summaries and views, every expression parsed once. What cannot be read is a
 * problem with its line (B08, B68); an unknown key is ignored (B09).
 */
import { parseFrontmatter } from '../frontmatter.ts'
import type { Node } from './parse.ts'
import { ExpressionError, parseExpression } from './parse.ts'

export type Filter = { expr: Node; source: string } | { op: 'and' | 'or' | 'not'; items: Filter[] }

export interface SortKey {
  property: string
  direction: 'ASC' | 'DESC'
}

export interface ViewConfig {
  type: 'table' | 'cards' | 'list' | 'map'
  name: string
  filters?: Filter
  order: string[]
  sort: SortKey[]
  groupBy?: SortKey
  limit?: number
  /** Property id → summary name (built-in or the base's own). */
  summaries: Record<string, string>
  /** Layout keys (B129–B139). */
  image?: string
  imageFit: 'cover' | 'contain'
  columnSize: Record<string, number>
  markers: 'bullet' | 'number' | 'none'
  indentProperties: boolean
  separator: string
}

export interface BaseConfig {
  filters?: Filter
  formulas: Map<string, Node>
  /** Property id → its display name (B15; old files' `display`, B09). */
  displayNames: Record<string, string>
  /** The base's own summaries: name → expression over `values` (B150). */
  summaries: Map<string, Node>
  views: ViewConfig[]
}

export interface BaseProblem {
  line?: number
  message: string
}

/** `note.year` and `year` name one property (B118). */
function propertyId(id: string): string {
  return id.startsWith('note.') ? id.slice(5) : id
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export function readBase(source: string, lineOffset = 0): { config?: BaseConfig; problems: BaseProblem[] } {
  const problems: BaseProblem[] = []
  // The base's YAML read as frontmatter is read: the same parser, the same messages (js-yaml, via gray-matter).
  const yaml = parseFrontmatter(`---\n${source.replace(/\n?$/, '\n')}---\n`)
  if (yaml.problem) {
    problems.push({
      line: yaml.problem.line - 1 + lineOffset,
      message: `base could not be read: ${yaml.problem.message.replace(/^frontmatter ignored: /, '')}`,
    })
    return { problems }
  }
  const data = yaml.data
  const lineOf = (text: string) => {
    const index = source.indexOf(text)
    return (index === -1 ? 1 : source.slice(0, index).split('\n').length) + lineOffset
  }
  const expression = (text: unknown, where: string): Node | undefined => {
    const written = typeof text === 'number' || typeof text === 'boolean' ? String(text) : text
    if (typeof written !== 'string' || written.trim() === '') {
      problems.push({ message: `${where}: expected an expression` })
      return undefined
    }
    try {
      return parseExpression(written)
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error
      problems.push({ line: lineOf(written), message: `${where}: cannot read \`${written}\`: ${error.message}` })
      return undefined
    }
  }
  const filter = (value: unknown, where: string): Filter | undefined => {
    if (value === undefined || value === null) return undefined
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      const expr = expression(value, where)
      return expr ? { expr, source: String(value) } : undefined
    }
    if (isRecord(value)) {
      const keys = Object.keys(value)
      const op = keys[0]
      if (keys.length === 1 && (op === 'and' || op === 'or' || op === 'not')) {
        const items = Array.isArray(value[op]) ? (value[op] as unknown[]) : [value[op]]
        return { op, items: items.flatMap((item) => filter(item, where) ?? []) }
      }
    }
    problems.push({ message: `${where}: a filter is an expression or one of and / or / not with a list` })
    return undefined
  }
  const formulas = new Map<string, Node>()
  for (const [name, text] of Object.entries(isRecord(data.formulas) ? data.formulas : {})) {
    const expr = expression(text, `formula ${name}`)
    if (expr) formulas.set(name, expr)
  }
  const displayNames: Record<string, string> = {}
  for (const [id, label] of Object.entries(isRecord(data.display) ? data.display : {}))
    if (typeof label === 'string') displayNames[propertyId(id)] = label
  for (const [id, settings] of Object.entries(isRecord(data.properties) ? data.properties : {}))
    if (isRecord(settings) && typeof settings.displayName === 'string')
      displayNames[propertyId(id)] = settings.displayName
  const summaries = new Map<string, Node>()
  for (const [name, text] of Object.entries(isRecord(data.summaries) ? data.summaries : {})) {
    const expr = expression(text, `summary ${name}`)
    if (expr) summaries.set(name, expr)
  }
  const sortKey = (value: unknown): SortKey | undefined => {
    if (!isRecord(value)) return undefined
    // Old files write `column:` for `property:` (B120).
    const property =
      typeof value.property === 'string' ? value.property : typeof value.column === 'string' ? value.column : undefined
    if (!property) return undefined
    return {
      property: propertyId(property),
      direction: String(value.direction).toUpperCase() === 'DESC' ? 'DESC' : 'ASC',
    }
  }
  const views: ViewConfig[] = (Array.isArray(data.views) ? data.views : []).flatMap((view: unknown, i: number) => {
    if (!isRecord(view)) return []
    const name = typeof view.name === 'string' && view.name.trim() ? view.name.trim() : `View ${i + 1}`
    const type = view.type === 'cards' || view.type === 'list' || view.type === 'map' ? view.type : 'table'
    const viewFilter = filter(view.filters, `view ${name}`)
    const order = Array.isArray(view.order)
      ? view.order.filter((id): id is string => typeof id === 'string').map(propertyId)
      : []
    const columnSize: Record<string, number> = {}
    for (const [id, px] of Object.entries(isRecord(view.columnSize) ? view.columnSize : {}))
      if (typeof px === 'number' && px > 0) columnSize[propertyId(id)] = px
    const viewSummaries: Record<string, string> = {}
    for (const [id, summary] of Object.entries(isRecord(view.summaries) ? view.summaries : {}))
      if (typeof summary === 'string') viewSummaries[propertyId(id)] = summary
    const config: ViewConfig = {
      type,
      name,
      ...(viewFilter ? { filters: viewFilter } : {}),
      order: order.length ? order : ['file.name'],
      sort: (Array.isArray(view.sort) ? view.sort : []).flatMap((key: unknown) => sortKey(key) ?? []),
      ...(sortKey(view.groupBy) ? { groupBy: sortKey(view.groupBy)! } : {}),
      ...(typeof view.limit === 'number' && view.limit > 0 ? { limit: Math.floor(view.limit) } : {}),
      summaries: viewSummaries,
      ...(typeof view.image === 'string' ? { image: view.image } : {}),
      imageFit: view.imageFit === 'contain' ? 'contain' : 'cover',
      columnSize,
      markers: view.markers === 'number' ? 'number' : view.markers === 'none' ? 'none' : 'bullet',
      indentProperties: view.indentProperties === true,
      separator: typeof view.separator === 'string' ? view.separator : ', ',
    }
    return [config]
  })
  const baseFilter = filter(data.filters, 'filters')
  return {
    config: {
      ...(baseFilter ? { filters: baseFilter } : {}),
      formulas,
      displayNames,
      summaries,
      // A base with no views is one table of file names (B18).
      views: views.length
        ? views
        : [
            {
              type: 'table',
              name: 'Table',
              order: ['file.name'],
              sort: [],
              summaries: {},
              imageFit: 'cover',
              columnSize: {},
              markers: 'bullet',
              indentProperties: false,
              separator: ', ',
            },
          ],
    },
    problems,
  }
}
