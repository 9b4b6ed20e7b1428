/** A heading of the rendered body: level, id and text. */
export interface TocEntry {
  depth: number
  id: string
  text: string
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" }

/** `<h2 id="…">…</h2>` and `<h3>` of the rendered body, as plain text (the page escapes it again). */
export function headingsOf(bodyHtml: string): TocEntry[] {
  return [...bodyHtml.matchAll(/<h([23]) id="([^"]+)">([\s\S]*?)<\/h\1>/g)].map((match) => ({
    depth: Number(match[1]),
    id: match[2]!,
    text: match[3]!.replace(/<[^>]+>/g, '').replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]!),
  }))
}

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
