/**
 * Raw HTML in notes, rendered the way Obsidian does: allowed, but sanitised (OFM-SPEC W01, W04;
 * Obsidian help "HTML content"). Every tag is rebuilt from an allowlist: no script, style or
 * object elements, no event handlers, no `javascript:` URLs, no style that escapes its block.
 * Comments are hidden (K03). Text between tags is kept, with stray `<` escaped.
 */
import { escapeHtml } from './html.ts'

/** Elements dropped together with their content. */
const DROP_WITH_CONTENT = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'textarea',
  'title',
  'xmp',
  'plaintext',
  'noembed',
  'noframes',
])

const ALLOWED_TAGS = new Set(
  (
    'a abbr b bdi bdo blockquote br caption center cite code col colgroup dd del details dfn div dl dt em figcaption figure ' +
    'h1 h2 h3 h4 h5 h6 hr i iframe img ins kbd li mark ol optgroup option p picture pre q rp rt ruby s samp select small source span strong sub ' +
    'summary sup table tbody td tfoot th thead time tr track u ul var video audio wbr'
  ).split(' '),
)

const GLOBAL_ATTRS = new Set(['class', 'id', 'title', 'lang', 'dir', 'style', 'role', 'align'])
const TAG_ATTRS: Record<string, Set<string>> = {
  a: new Set(['href', 'name']),
  img: new Set(['src', 'alt', 'width', 'height', 'loading']),
  iframe: new Set(['src', 'width', 'height', 'allow', 'allowfullscreen', 'loading', 'referrerpolicy']),
  video: new Set(['src', 'width', 'height', 'controls', 'poster', 'loop', 'muted', 'playsinline', 'preload']),
  audio: new Set(['src', 'controls', 'loop', 'muted', 'preload']),
  source: new Set(['src', 'type', 'srcset', 'media']),
  track: new Set(['src', 'kind', 'srclang', 'label', 'default']),
  td: new Set(['colspan', 'rowspan']),
  th: new Set(['colspan', 'rowspan', 'scope']),
  col: new Set(['span']),
  colgroup: new Set(['span']),
  ol: new Set(['start', 'type', 'reversed']),
  li: new Set(['value']),
  details: new Set(['open']),
  select: new Set(['name', 'disabled', 'multiple', 'size']),
  option: new Set(['value', 'selected', 'disabled', 'label']),
  optgroup: new Set(['label', 'disabled']),
  time: new Set(['datetime']),
  q: new Set(['cite']),
  blockquote: new Set(['cite']),
}
const URL_ATTRS = new Set(['href', 'src', 'poster', 'cite', 'srcset'])

/** A URL a reader's browser may follow: http(s), mailto, tel, obsidian:// (L10), relative, or an inline raster image. */
export function isSafeUrl(value: string, attr: string): boolean {
  // Browsers ignore whitespace and control characters inside a scheme: `java\tscript:`.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const compact = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase()
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(compact)?.[1]
  if (scheme === undefined) return !compact.startsWith('//') || attr !== 'srcset'
  if (scheme === 'data') return attr === 'src' && /^data:image\/(png|gif|jpeg|webp|avif);/.test(compact)
  return ['http', 'https', 'mailto', 'tel', 'obsidian'].includes(scheme)
}

/** Declarations that could cover the page, load resources or run code are removed. */
function sanitizeStyle(style: string): string {
  return style
    .split(';')
    .map((declaration) => declaration.trim())
    .filter((declaration) => {
      const lower = declaration.toLowerCase().replace(/\s+/g, '')
      if (!/^[a-z-]+:/.test(lower)) return false
      if (/url\(|expression|javascript:|@import|behavior|-moz-binding|\\/.test(lower)) return false
      if (/^position:(fixed|sticky|absolute)/.test(lower)) return false
      return !/^(z-index|inset|top|left|right|bottom):/.test(lower)
    })
    .join('; ')
}

/** 1: name, then 2/3/4: a double-quoted, single-quoted or bare value. */
const ATTR_RE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g
/** A tag: 1 = `/` when closing, 2 = name, 3 = attributes. */
const TAG_RE = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/

/** An image's file name without its extension: what a screen reader would say for an image with no alt. */
function fileLabel(src: string): string {
  const file = src.split(/[?#]/)[0]!.split('/').pop() ?? ''
  let name = file
  try {
    name = decodeURIComponent(file)
  } catch {
    // Kept as written.
  }
  return name
    .replace(/\.[a-z0-9]{1,5}$/i, '')
    .replace(/[-_]+/g, ' ')
    .trim()
}

/** The host an embedded page comes from, its frame's title when the note gave none. */
function hostLabel(src: string): string {
  try {
    return new URL(src).host || 'Embedded page'
  } catch {
    return 'Embedded page'
  }
}

function rebuildTag(name: string, attributes: string): string {
  let out = `<${name}`
  let src = ''
  const allowed = TAG_ATTRS[name]
  for (const match of attributes.matchAll(ATTR_RE)) {
    const attr = match[1]!.toLowerCase()
    const value = match[2] ?? match[3] ?? match[4]
    if (!(GLOBAL_ATTRS.has(attr) || allowed?.has(attr) || attr.startsWith('aria-') || attr.startsWith('data-')))
      continue
    if (value === undefined) {
      out += ` ${attr}`
      continue
    }
    const decoded = value.replace(/&(#x?[0-9a-f]+|[a-z]+);?/gi, (entity, body: string) => decodeEntity(entity, body))
    if (URL_ATTRS.has(attr) && !isSafeUrl(decoded, attr)) continue
    const clean = attr === 'style' ? sanitizeStyle(decoded) : decoded
    if (attr === 'style' && clean === '') continue
    if (attr === 'src') src = clean
    out += ` ${attr}="${escapeHtml(clean)}"`
  }
  if (name === 'a' && /\shref=/.test(out)) out += ' rel="noopener nofollow"'
  // Every image and frame gets a name (WCAG 1.1.1, 4.1.2): an image its file's, a frame its host's.
  if (name === 'img' && !/\salt=/.test(out)) out += ` alt="${escapeHtml(fileLabel(src))}"`
  if (name === 'iframe' && !/\stitle=/.test(out)) out += ` title="${escapeHtml(hostLabel(src))}"`
  if (name === 'iframe')
    out += ' sandbox="allow-scripts allow-same-origin allow-popups allow-presentation" loading="lazy"'
  return `${out}>`
}

/** Enough entity decoding to see through `&#106;avascript:`. */
function decodeEntity(entity: string, body: string): string {
  if (body[0] !== '#')
    return (
      { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", colon: ':', tab: '\t', newline: '\n' }[body.toLowerCase()] ??
      entity
    )
  const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10)
  return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ''
}

export function sanitizeHtml(html: string): string {
  let out = ''
  let i = 0
  while (i < html.length) {
    const lt = html.indexOf('<', i)
    if (lt === -1) {
      out += html.slice(i)
      break
    }
    out += html.slice(i, lt)
    const rest = html.slice(lt)
    if (rest.startsWith('<!--')) {
      const end = html.indexOf('-->', lt + 4)
      i = end === -1 ? html.length : end + 3
      continue
    }
    const tag = TAG_RE.exec(rest)
    if (!tag) {
      out += '&lt;'
      i = lt + 1
      continue
    }
    const closing = tag[1] === '/'
    const name = tag[2]!.toLowerCase()
    i = lt + tag[0].length
    if (DROP_WITH_CONTENT.has(name)) {
      if (!closing) {
        const end = html.toLowerCase().indexOf(`</${name}`, i)
        i = end === -1 ? html.length : html.indexOf('>', end) + 1 || html.length
      }
      continue
    }
    if (!ALLOWED_TAGS.has(name)) continue
    out += closing ? `</${name}>` : rebuildTag(name, tag[3] ?? '')
  }
  return out
}

/**
 * A `<select>` the note did not label is named by its first option (`Select language…`), once the
 * whole body is rendered (its tags reach the sanitizer one by one).
 */
export function labelSelects(html: string): string {
  if (!html.includes('<select')) return html
  return html.replace(
    /<select(?![^>]*\saria-label)([^>]*)>(\s*<option[^>]*>)([^<]+)/g,
    (_, rest: string, option: string, text: string) =>
      `<select${rest} aria-label="${text.trim().replace(/"/g, '&quot;')}">${option}${text}`,
  )
}
