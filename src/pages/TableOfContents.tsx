import type { TocEntry } from '../core/records.ts'
import { uiStrings } from './strings.ts'

/** The note's sections, when it has at least three; folded on small screens by <details>. */
export function TableOfContents({ entries, lang }: { entries: TocEntry[]; lang?: string | undefined }) {
  if (entries.length < 3) return null
  return (
    <details class="toc" open>
      <summary>{uiStrings(lang).contents}</summary>
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
