/**
 * `![[target#anchor|size or alt]]`: Obsidian embeds (OFM-SPEC E01–E06, I01–I07, M01–M02, P01–P03), and
 * Quartz's `![[note#{collapsed: true}]]`, a transclusion that starts folded (U09).
 * Images, audio, video and PDFs render as media elements; notes are transcluded.
 * On its own line an embed is a block (no `<p>` around a transcluded note); inside text it is inline.
 */
import { indexOf, windowed } from './start.ts'
import type { TokenizerAndRendererExtension, Tokens } from 'marked'
import type { RenderContext } from './context.ts'
import { hrefFor } from './context.ts'
import { baseKey, canvasKey } from '../hash.ts'
import { attrs, escapeHtml } from '../html.ts'
import type { WikilinkParts } from './wikilink.ts'
import { defaultLinkText, parseWikilink, renderLink } from './wikilink.ts'

/**
 * 1: everything between `![[` and `]]`, up to Quartz's options; 2: the options, `{collapsed: true}`
 * (Quartz's transclusion syntax, written in the seed's own garden: the note starts folded).
 */
const EMBED_RE = /^!\[\[([^[\]\n#]*(?:#(?!\s*\{)[^[\]\n#]*)*?)(?:#\s*(\{[^[\]\n{}]*\}))?\]\]/
/** The same embed alone on its line: 1 = inner text, 2 = Quartz's options. */
const EMBED_LINE_RE = /^ {0,3}!\[\[([^[\]\n#]*(?:#(?!\s*\{)[^[\]\n#]*)*?)(?:#\s*(\{[^[\]\n{}]*\}))?\]\][ \t]*(?:\n+|$)/

/** Quartz's `{collapsed: true}` / `{collapsed: false}`: the transclusion starts folded or open. */
function foldOf(options: string | undefined): 'closed' | 'open' | undefined {
  const collapsed = options === undefined ? undefined : /\bcollapsed\s*:\s*(true|false)\b/.exec(options)?.[1]
  return collapsed === undefined ? undefined : collapsed === 'true' ? 'closed' : 'open'
}

const IMAGE_EXT = new Set(['avif', 'bmp', 'gif', 'jpeg', 'jpg', 'png', 'svg', 'webp'])
const AUDIO_EXT = new Set(['flac', 'm4a', 'mp3', 'ogg', 'wav', 'webm', '3gp'])
const VIDEO_EXT = new Set(['mkv', 'mov', 'mp4', 'ogv'])

type MediaKind = 'image' | 'audio' | 'video' | 'pdf' | 'other'

/** What player an attachment gets, from its extension (I07, M02). `.webm` plays as audio, as Obsidian does. */
function mediaKind(path: string): MediaKind {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase()
  if (IMAGE_EXT.has(ext)) return 'image'
  if (AUDIO_EXT.has(ext)) return 'audio'
  if (VIDEO_EXT.has(ext)) return 'video'
  if (ext === 'pdf') return 'pdf'
  return 'other'
}

/** `300` → width 300; `100x145` → width and height (I02, I03). */
export function parseSize(text: string | undefined): { width?: number; height?: number } | undefined {
  const match = text === undefined ? null : /^(\d{1,5})(?:x(\d{1,5}))?$/.exec(text.trim())
  if (!match) return undefined
  return match[2] === undefined ? { width: Number(match[1]) } : { width: Number(match[1]), height: Number(match[2]) }
}

interface EmbedToken extends Tokens.Generic {
  type: 'embed' | 'embedBlock'
  raw: string
  parts: WikilinkParts
  /** Quartz's options asked for a foldable transclusion. */
  fold?: 'open' | 'closed'
}

function renderEmbed(ctx: RenderContext, parts: WikilinkParts, fold?: 'open' | 'closed'): string {
  const target = ctx.links[parts.key]
  const size = parseSize(parts.alias)
  const name = parts.alias !== undefined && !size ? parts.alias : defaultLinkText(parts)
  if (!target) {
    return `<span class="embed broken" title="${escapeHtml(`Not published: ${parts.key}`)}">${escapeHtml(name)}</span>`
  }
  if (target.locked) return renderLink(ctx, parts.key, escapeHtml(name))
  if (target.kind === 'note' && /\.base$/i.test(target.to)) {
    // A base's view, evaluated by the build with this note as `this` (BASES B03, B04, B153).
    const view = ctx.fragment(baseKey(target.to, target.anchor))
    if (view === undefined) return renderLink(ctx, parts.key, escapeHtml(name))
    const source =
      target.to === ctx.slug
        ? ''
        : `<p class="base-source"><a class="internal" href="${escapeHtml(hrefFor({ to: target.to, kind: 'note' }))}">${escapeHtml(name)}</a></p>`
    return `<div class="base-embed">${view}${source}</div>`
  }
  if (target.kind === 'note' && /\.canvas$/i.test(target.to)) {
    // The canvas's drawing, scaled to the column by the build (CANVAS C72); a loop shows a link (C74).
    return ctx.fragment(canvasKey(target.to)) ?? renderLink(ctx, parts.key, escapeHtml(name))
  }
  if (target.kind === 'note') {
    return ctx.transclude(target, fold) ?? renderLink(ctx, parts.key, escapeHtml(name))
  }
  const src = hrefFor(target)
  const label = parts.alias !== undefined && !size ? parts.alias : parts.path.slice(parts.path.lastIndexOf('/') + 1)
  switch (mediaKind(target.to)) {
    case 'image':
      return `<img${attrs({ src, alt: label, width: size?.width, height: size?.height, loading: 'lazy' })}>`
    case 'audio':
      return `<audio${attrs({ src, controls: true, preload: 'metadata', title: label })}></audio>`
    case 'video':
      return `<video${attrs({ src, controls: true, preload: 'metadata', title: label, width: size?.width })}></video>`
    case 'pdf': {
      // `#page=3` is kept for the browser's viewer; `#height=400` sets the frame's height (P02, P03).
      const height = /(?:^|&)height=(\d{1,5})/.exec(target.anchor ?? '')?.[1]
      return `<iframe${attrs({ class: 'pdf', src, title: label, height, loading: 'lazy' })}></iframe>`
    }
    default:
      return renderLink(ctx, parts.key, escapeHtml(name))
  }
}

export function embedExtensions(ctx: RenderContext): TokenizerAndRendererExtension[] {
  const render = (token: Tokens.Generic) => renderEmbed(ctx, (token as EmbedToken).parts, (token as EmbedToken).fold)
  return [
    {
      name: 'embedBlock',
      level: 'block',
      // No start(): an embed line inside a paragraph stays in the paragraph, inline, as in Obsidian.
      tokenizer(src) {
        const match = EMBED_LINE_RE.exec(src)
        if (!match?.[1]?.trim()) return undefined
        const fold = foldOf(match[2])
        const token: EmbedToken = {
          type: 'embedBlock',
          raw: match[0],
          parts: parseWikilink(match[1]),
          ...(fold ? { fold } : {}),
        }
        return token
      },
      renderer(token) {
        const html = render(token)
        return /^<(?:div|details)\b/.test(html) ? html : `<p class="embed">${html}</p>\n`
      },
    },
    {
      name: 'embed',
      level: 'inline',
      start: windowed(indexOf('![[')),
      tokenizer(src) {
        const match = EMBED_RE.exec(src)
        if (!match?.[1]?.trim()) return undefined
        const fold = foldOf(match[2])
        const token: EmbedToken = {
          type: 'embed',
          raw: match[0],
          parts: parseWikilink(match[1]),
          ...(fold ? { fold } : {}),
        }
        return token
      },
      renderer: render,
    },
  ]
}
