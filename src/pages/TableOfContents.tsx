import type { TocEntry } from '../core/records.ts'

/** The note's sections, when it has at least three; folded on small screens by <details>. */
export function TableOfContents({ entries }: { entries: TocEntry[] }) {
  if (entries.length < 3) return null
  return (
    <details class="toc" open>
      <summary>Contents</summary>
      <ol>
        {entries.map((entry) => (
          <li class={`toc-${entry.depth}`}>
            <a href={`#${entry.id}`}>{entry.text}</a>
          </li>
        ))}
      </ol>
    </details>
  )
}
