/**
 * The one ordered list of markdown extensions. The build lexes with it (to find links) and the
 * worker renders with it, so both always agree on what a link is. A new Marked per document:
 * no state is shared between renders.
 */
import { Marked } from 'marked'
import type { Token, Tokens, TokensList } from 'marked'
import markedFootnote from 'marked-footnote'
import type { RenderContext } from './context.ts'
import { hrefFor } from './context.ts'
import { attachBlockIds, blockIdExtensions } from './blockid.ts'
import { calloutExtension } from './callout.ts'
import { commentExtensions } from './comment.ts'
import { embedExtensions, parseSize } from './embed.ts'
import { headingRenderer, HeadingIds } from './heading.ts'
import { widenFootnoteIndents } from './footnote-indent.ts'
import { highlightExtension } from './highlight.ts'
import { inlineFootnoteExtension } from './inline-footnote.ts'
import { isSafeUrl, sanitizeHtml } from '../sanitize.ts'
import { mathExtensions } from './math.ts'
import { tagExtension } from './tag.ts'
import { codeKey } from '../hash.ts'
import { plainBody } from '../search.ts'
import { wikilinkExtension } from './wikilink.ts'
import { attrs, escapeHtml } from '../html.ts'

/** Link-table key of a markdown link or image destination that may point into the vault; undefined for URLs and `#anchors`. */
export function markdownLinkKey(href: string): string | undefined {
  if (href === '' || href.startsWith('#') || href.startsWith('//') || /^[a-z][a-z0-9+.-]*:/i.test(href))
    return undefined
  return `md:${href}`
}

/** A context for lexing only (the build): nothing resolves, nothing transcludes. */
export function lexContext(): RenderContext {
  return {
    links: {},
    transclude: () => undefined,
    headingIds: new HeadingIds(),
    footnotePrefix: 'footnote-',
    fragment: () => undefined,
    breaks: false,
  }
}

/**
 * An external destination as the page may use it: unsafe schemes (`javascript:`, `data:` for
 * links…) are dropped (OFM-SPEC W01), and characters a URL cannot hold are percent-encoded, as
 * CommonMark renderers do for `<angle bracket>` destinations (L04).
 */
function safeHref(href: string, attr: 'href' | 'src'): string | undefined {
  if (!isSafeUrl(href, attr)) return undefined
  return href.replace(/[\s"<>\\^`{|}]/g, (ch) => encodeURIComponent(ch))
}

function decodePath(href: string): string {
  try {
    return decodeURIComponent(href)
  } catch {
    return href
  }
}

/** `https://www.youtube.com/watch?v=ID` or `https://youtu.be/ID`: 1 or 2 = the video id. */
const YOUTUBE_RE =
  /^https?:\/\/(?:(?:www\.|m\.)?youtube\.com\/watch\?(?:[^#]*&)?v=([\w-]{6,20})|youtu\.be\/([\w-]{6,20}))/

/** `https://twitter.com/<user>/status/<id>` or x.com: 1 = the account. */
const POST_RE = /^https?:\/\/(?:www\.|mobile\.)?(?:twitter|x)\.com\/(\w{1,15})\/status\/\d+/

/**
 * `![](youtube link)` embeds the video, as Obsidian does (OFM-SPEC X05). `![](post link)` becomes a
 * quoted link to the post: Obsidian draws it with the network's own script, which this site never loads.
 */
function webEmbed(href: string): string | undefined {
  const post = POST_RE.exec(href)
  if (post)
    return `<blockquote class="post-embed"><a${attrs({ class: 'external', href })}>Post by @${escapeHtml(post[1]!)}</a></blockquote>`
  const match = YOUTUBE_RE.exec(href)
  const id = match?.[1] ?? match?.[2]
  if (!id) return undefined
  return `<iframe${attrs({ class: 'video', src: `https://www.youtube-nocookie.com/embed/${id}`, title: 'YouTube video', loading: 'lazy', allow: 'encrypted-media; picture-in-picture', allowfullscreen: true })}></iframe>`
}

/** Task markers other than a space count as done (OFM-SPEC F04): `- [?]`, `- [-]`, `- [/]`. */
const OTHER_TASK_RE = /^\[([^\]\s])\][ \t]+/

function markOtherTasks(token: Token): void {
  if (token.type !== 'list_item' || token.task) return
  const first = token.tokens?.[0]
  if (!first || (first.type !== 'text' && first.type !== 'paragraph') || !('tokens' in first) || !first.tokens) return
  const match = OTHER_TASK_RE.exec(first.text)
  if (!match) return
  // The marker may have been lexed as several text tokens (`[` stops marked's text rule).
  let rest = match[0].length
  const inline = first.tokens
  while (rest > 0) {
    const head = inline[0]
    if (head?.type !== 'text') return
    if (head.raw.length <= rest) {
      rest -= head.raw.length
      inline.shift()
    } else {
      head.raw = head.raw.slice(rest)
      head.text = head.text.slice(rest)
      rest = 0
    }
  }
  token.task = true
  token.checked = true
  const checkbox: Tokens.Checkbox = { type: 'checkbox', raw: match[0], checked: true }
  if (token.loose) inline.unshift(checkbox)
  else token.tokens?.unshift(checkbox)
}

export function createMarked(ctx: RenderContext): Marked {
  return new Marked({ gfm: true, breaks: ctx.breaks }, markedFootnote({ prefixId: ctx.footnotePrefix }), {
    extensions: [
      calloutExtension(),
      ...commentExtensions(),
      ...blockIdExtensions(),
      ...mathExtensions(ctx),
      ...embedExtensions(ctx),
      wikilinkExtension(ctx),
      highlightExtension(),
      tagExtension(),
      inlineFootnoteExtension(),
    ],
    walkTokens: markOtherTasks,
    renderer: {
      ...headingRenderer(ctx),
      listitem(item) {
        if (!item.task) return false
        // A task's checkbox is named by the task's text, so a screen reader says what is (not) done.
        const name = plainBody(item.text.split('\n')[0]!.replace(OTHER_TASK_RE, '')).slice(0, 200)
        const html = this.parser.parse(item.tokens)
        return `<li>${html.replace('<input ', () => `<input aria-label="${escapeHtml(name)}" `)}</li>\n`
      },
      code({ text, lang }) {
        const language = (lang ?? '').trim().split(/\s/)[0]!.toLowerCase()
        // Mermaid diagrams are drawn in the browser by /_hyphae/diagrams.js (OFM-SPEC Q03); nodes
        // the build resolved as internal links (L11) travel as JSON in data-links.
        // A ```base block: its views, evaluated by the build (BASES B02).
        if (language === 'base') {
          const views = ctx.fragment(codeKey('base', text))
          if (views !== undefined) return `<div class="base-embed">${views}</div>\n`
        }
        if (language === 'mermaid') {
          const links = ctx.fragment(codeKey('mermaid', text))
          return `<pre class="mermaid"${links ? ` data-links="${escapeHtml(links)}"` : ''}>${escapeHtml(text)}</pre>\n`
        }
        const highlighted = ctx.fragment(codeKey(language, text))
        const cls = language ? ` class="hljs language-${escapeHtml(language)}"` : ' class="hljs"'
        // A long line scrolls the block sideways: tabindex lets a keyboard reach it to scroll (WCAG 2.1.1).
        return `<pre tabindex="0"><code${cls}>${highlighted ?? escapeHtml(text)}</code></pre>\n`
      },
      paragraph({ tokens }) {
        // A paragraph holding only a web embed (a video frame, a quoted post) is that block alone.
        const only =
          tokens.length === 1 && tokens[0]!.type === 'image' ? webEmbed((tokens[0] as Tokens.Image).href) : undefined
        return only ? `${only}\n` : `<p>${this.parser.parseInline(tokens)}</p>\n`
      },
      html({ text }) {
        return sanitizeHtml(text)
      },
      link({ href, title, tokens }) {
        const text = this.parser.parseInline(tokens)
        const key = markdownLinkKey(href)
        const target = key === undefined ? undefined : ctx.links[key]
        if (target === null)
          return `<a class="internal broken" title="${escapeHtml(`Not published: ${decodePath(href)}`)}">${text}</a>`
        if (target)
          return `<a${attrs({ class: target.locked ? 'internal locked' : 'internal', href: hrefFor(target), title: title ?? undefined })}>${text}</a>`
        return `<a${attrs({ class: 'external', href: safeHref(href, 'href'), title: title ?? undefined })}>${text}</a>`
      },
      image({ href, title, text }) {
        // `![250](url)`, `![alt|100x145](url)`: Obsidian's sizes on markdown images (I04).
        const pipe = text.lastIndexOf('|')
        const size = parseSize(pipe === -1 ? text : text.slice(pipe + 1))
        const alt = size ? (pipe === -1 ? '' : text.slice(0, pipe)) : text
        const video = webEmbed(href)
        if (video) return video
        const key = markdownLinkKey(href)
        const target = key === undefined ? undefined : ctx.links[key]
        if (target === null) return `<span class="embed broken">${escapeHtml(alt || href)}</span>`
        const src = target ? hrefFor(target) : safeHref(href, 'src')
        return `<img${attrs({ src, alt, title: title ?? undefined, width: size?.width, height: size?.height, loading: 'lazy' })}>`
      },
    },
  })
}

/**
 * Lexes a document: tokens, block ids attached, footnotes gathered at the end. Build and worker
 * both go through here (and then `marked.parser`), never through `marked.parse`.
 *
 * marked recurses once per level of quote or list nesting; a note nested thousands of levels deep
 * would overflow the stack. Such a note is shown as plain text instead, and `onTooDeep` is told.
 */
export function lexMarkdown(marked: Marked, markdown: string, onTooDeep?: () => void): TokensList | Token[] {
  let tokens: TokensList | Token[]
  try {
    // The leading newline makes marked-footnote's block tokenizer run before any other block
    // (it sets up the footnote list there); a note that is one callout would otherwise reach a
    // footnote reference first and crash it. A leading blank line renders as nothing.
    tokens = attachBlockIds(marked.lexer(`\n${widenFootnoteIndents(markdown)}`))
  } catch (error) {
    if (!(error instanceof RangeError)) throw error
    onTooDeep?.()
    return [{ type: 'code', raw: markdown, text: markdown, codeBlockStyle: 'indented' }]
  }
  const walk = marked.defaults.walkTokens
  if (walk) marked.walkTokens(tokens, walk)
  return tokens
}
