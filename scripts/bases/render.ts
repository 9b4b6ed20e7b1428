/**
 * A view's result as HTML (BASES §6, §9): tables, cards and lists that read without JavaScript.
 * Every text is escaped here; `html()` values pass the site's allow-list (B167).
 */
import { attrs, escapeHtml } from '../../src/core/html.ts'
import { tagHref } from '../../src/core/markdown/tag.ts'
import { isSafeUrl, sanitizeHtml } from '../../src/core/sanitize.ts'
import { iconSvg } from './icons.ts'
import type { ViewGroup, ViewResult, ViewRow } from './query.ts'
import type { Value } from './values.ts'
import {
  baseName,
  DateValue,
  DurationValue,
  ErrorValue,
  FileValue,
  formatIso,
  isObject,
  LinkValue,
  RegexValue,
  RenderValue,
  toText,
} from './values.ts'

/** How a view resolves an image path (a card cover, `image()`) to a URL. */
export type ImageHref = (path: string) => string | undefined

function fileLink(title: string, href: string): string {
  return `<a${attrs({ class: 'internal', href })}>${escapeHtml(title)}</a>`
}

function durationText(duration: DurationValue): string {
  const minutes = Math.round(duration.total / 60_000)
  if (Math.abs(minutes) < 60) return `${minutes} min`
  const hours = minutes / 60
  if (Math.abs(hours) < 48) return `${Number(hours.toFixed(1))} h`
  return `${Number((hours / 24).toFixed(1))} days`
}

/** One value as a reader expects it (B159–B168). `id` is the property shown, for tags and `file.name`. */
function renderValue(value: Value, imageHref: ImageHref, id = ''): string {
  if (value === null || value === '') return ''
  if (Array.isArray(value))
    return value
      .map((item) => renderValue(item, imageHref, id))
      .filter(Boolean)
      .join(', ')
  if (typeof value === 'boolean') return `<input type="checkbox" disabled${value ? ' checked' : ''}>`
  if (typeof value === 'number') return escapeHtml(toText(value))
  if (typeof value === 'string') {
    // Tags link to their tag page (B166), as do `#tag` strings; URLs are external links.
    if (id === 'file.tags' || /^#[^\s#]+$/.test(value)) {
      const tag = value.replace(/^#/, '')
      return `<a${attrs({ class: 'tag', href: tagHref(tag) })}>#${escapeHtml(tag)}</a>`
    }
    if (/^https?:\/\/\S+$/i.test(value) && isSafeUrl(value, 'href'))
      return `<a${attrs({ class: 'external', href: value })}>${escapeHtml(value)}</a>`
    return escapeHtml(value)
  }
  if (value instanceof DateValue) {
    const iso = new Date(value.ms).toISOString()
    const shown = value.time ? formatIso(value).slice(0, 16) : formatIso(value)
    return `<time datetime="${value.time ? iso : iso.slice(0, 10)}">${shown}</time>`
  }
  if (value instanceof DurationValue) return escapeHtml(durationText(value))
  if (value instanceof LinkValue) {
    if (value.url)
      return isSafeUrl(value.url, 'href')
        ? `<a${attrs({ class: 'external', href: value.url })}>${escapeHtml(value.display ?? value.url)}</a>`
        : escapeHtml(value.display ?? value.url)
    if (value.file) return fileLink(value.display ?? value.file.title, value.file.href)
    const text = value.display ?? value.target
    return `<a${attrs({ class: 'internal broken', title: `Not published: ${value.target}` })}>${escapeHtml(text)}</a>`
  }
  if (value instanceof FileValue)
    return fileLink(id === 'file.file' ? baseName(value.file.path) : value.file.title, value.file.href)
  if (value instanceof RenderValue) {
    if (value.kind === 'html') return sanitizeHtml(value.text)
    if (value.kind === 'image') {
      const src = imageHref(value.text)
      return src ? `<img${attrs({ src, alt: '', loading: 'lazy' })}>` : ''
    }
    return `<span class="base-icon">${iconSvg(value.text) ?? ''}</span>`
  }
  if (value instanceof RegexValue) return escapeHtml(String(value.re))
  if (value instanceof ErrorValue) return `<span${attrs({ class: 'base-error', title: value.message })}>error</span>`
  if (isObject(value))
    return Object.entries(value)
      .map(([key, inner]) => `${escapeHtml(key)}: ${renderValue(inner, imageHref)}`)
      .join(', ')
  return ''
}

/** The `file.name` cell links to the file's page (B160). */
function cell(row: ViewRow, id: string, imageHref: ImageHref): string {
  if (id === 'file.name') return fileLink(toText(row.values.get(id) ?? null), row.file.href)
  return renderValue(row.values.get(id) ?? null, imageHref, id)
}

function groupLabel(group: ViewGroup, imageHref: ImageHref): string {
  const label = group.key === undefined ? 'None' : renderValue(group.key, imageHref) || 'None'
  return `${label} <span class="count">${group.rows.length}</span>`
}

/** A summary's number shows at most two decimals (an average of 4, 4.5 and 4.5 is 4.33). */
function rounded(value: Value): Value {
  return typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 100) / 100 : value
}

function table(result: ViewResult, imageHref: ImageHref): string {
  const { columns, view } = result
  const head = columns
    .map(({ id, label }) => {
      const width = view.columnSize[id]
      return `<th${attrs({ scope: 'col', style: width ? `width:${width}px` : undefined })}>${escapeHtml(label)}</th>`
    })
    .join('')
  const summaryRow = (group: ViewGroup) =>
    group.summaries.size
      ? `<tr class="base-summary">${columns.map(({ id }) => `<td>${group.summaries.has(id) ? `<span class="summary-name">${escapeHtml(view.summaries[id]!)}</span> ${renderValue(rounded(group.summaries.get(id)!), imageHref)}` : ''}</td>`).join('')}</tr>`
      : ''
  const rows = (group: ViewGroup) =>
    group.rows
      .map((row) => `<tr>${columns.map(({ id }) => `<td>${cell(row, id, imageHref)}</td>`).join('')}</tr>`)
      .join('')
  const body = result.grouped
    ? result.groups
        .map(
          (group) =>
            `<tbody><tr class="base-group"><th${attrs({ colspan: columns.length, scope: 'rowgroup' })}>${groupLabel(group, imageHref)}</th></tr>${summaryRow(group)}${rows(group)}</tbody>`,
        )
        .join('')
    : `<tbody>${rows(result.groups[0]!)}</tbody>${result.groups[0]!.summaries.size ? `<tfoot>${summaryRow(result.groups[0]!)}</tfoot>` : ''}`
  return `<div class="base-table"><table><thead><tr>${head}</tr></thead>${body}</table></div>`
}

/** A card's cover (B133–B134): a local or external image, or a hex colour. */
function cover(row: ViewRow, result: ViewResult, imageHref: ImageHref): string {
  const id = result.view.image
  if (!id) return ''
  const value = id === 'file.file' ? new FileValue(row.file) : (row.values.get(id) ?? null)
  const fit = result.view.imageFit
  if (typeof value === 'string' && /^#(?:[0-9a-f]{3}){1,2}$/i.test(value))
    return `<div class="base-cover" style="background-color:${value}"></div>`
  const path =
    value instanceof FileValue
      ? value.file.path
      : value instanceof LinkValue
        ? (value.url ?? value.file?.path ?? value.target)
        : typeof value === 'string'
          ? value
          : undefined
  const src = path === undefined ? undefined : imageHref(path)
  return src
    ? `<div class="base-cover"><img${attrs({ src, alt: '', loading: 'lazy', style: `object-fit:${fit}` })}></div>`
    : '<div class="base-cover"></div>'
}

function cards(result: ViewResult, imageHref: ImageHref): string {
  const card = (row: ViewRow) => {
    const [first, ...rest] = result.columns
    const title = first ? cell(row, first.id, imageHref) : fileLink(row.file.title, row.file.href)
    const fields = rest
      .map(({ id, label }) => {
        const shown = cell(row, id, imageHref)
        return shown ? `<dt>${escapeHtml(label)}</dt><dd>${shown}</dd>` : ''
      })
      .join('')
    return `<li class="base-card">${cover(row, result, imageHref)}<p class="base-card-title">${title}</p>${fields ? `<dl>${fields}</dl>` : ''}</li>`
  }
  return grouped(result, imageHref, (group) => `<ul class="base-cards">${group.rows.map(card).join('')}</ul>`)
}

function list(result: ViewResult, imageHref: ImageHref): string {
  const { view, columns } = result
  const tag = view.markers === 'number' ? 'ol' : 'ul'
  const item = (row: ViewRow) => {
    const [first, ...rest] = columns.map(({ id }) => cell(row, id, imageHref))
    const others = rest.filter(Boolean)
    if (view.indentProperties && others.length)
      return `<li>${first}<ul>${others.map((other) => `<li>${other}</li>`).join('')}</ul></li>`
    return `<li>${[first, ...others].join(escapeHtml(view.separator))}</li>`
  }
  const cls = `base-list${view.markers === 'none' ? ' no-markers' : ''}`
  return grouped(result, imageHref, (group) => `<${tag} class="${cls}">${group.rows.map(item).join('')}</${tag}>`)
}

function grouped(result: ViewResult, imageHref: ImageHref, body: (group: ViewGroup) => string): string {
  if (!result.grouped) return body(result.groups[0]!)
  return result.groups
    .map((group) => `<section class="base-group"><h4>${groupLabel(group, imageHref)}</h4>${body(group)}</section>`)
    .join('')
}

/** The view as a block: `data-view` names it; a view with no rows says so (B127). */
export function renderView(result: ViewResult, imageHref: ImageHref): string {
  const rows = result.groups.reduce((count, group) => count + group.rows.length, 0)
  const type = result.view.type === 'map' ? 'table' : result.view.type
  const inner = !rows
    ? '<p class="base-empty">No results</p>'
    : type === 'cards'
      ? cards(result, imageHref)
      : type === 'list'
        ? list(result, imageHref)
        : table(result, imageHref)
  return `<div${attrs({ class: `base-view base-${type}-view`, 'data-view': result.view.name })}>${inner}</div>`
}
