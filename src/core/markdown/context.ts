/** What a render needs beyond the markdown: the record's link table and the notes it transcludes. */
import type { LinkTarget } from '../records.ts'
import { hrefFromSlug } from '../slug.ts'
import type { HeadingIds } from './heading.ts'

export interface RenderContext {
  /** Link table of the note being rendered (see NoteRecord.links). */
  links: Record<string, LinkTarget | null>
  /**
   * Renders the note or section `target` points at; undefined when it cannot be shown (depth,
   * missing). `fold`: a `<details>` that starts closed or open (Quartz's `{collapsed: …}`).
   */
  transclude: (target: LinkTarget, fold?: 'open' | 'closed') => string | undefined
  /** Per-document heading id allocator. */
  headingIds: HeadingIds
  /** Prefix for footnote ids, so a transcluded note's footnotes do not collide with the page's. */
  footnotePrefix: string
  /** HTML the build made for a math or code key (src/core/hash.ts): NoteRecord.prerendered, then math records. */
  fragment: (key: string) => string | undefined
  /** Single newlines become `<br>` (Obsidian with "Strict line breaks" off; OFM-SPEC F07). */
  breaks: boolean
  /** The slug of the note being rendered: a base's own page shows its views without a link to itself. */
  slug?: string
}

/** The URL of a resolved link: `/thoughts/alignment#ablation`, `/images/a.webp`. */
export function hrefFor(target: LinkTarget): string {
  const path =
    target.kind === 'note' ? hrefFromSlug(target.to) : `/${target.to.split('/').map(encodeURIComponent).join('/')}`
  return target.anchor ? `${path}#${encodeURI(target.anchor).replace(/#/g, '%23').replace(/%5E/g, '^')}` : path
}
