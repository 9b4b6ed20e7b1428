import type { Backlink } from '../core/records.ts'
import { hrefFromSlug } from '../core/slug.ts'
import { uiStrings } from './strings.ts'

/**
 * The note and its neighbours (notes it links to and notes that link to it), drawn on the server
 * as an SVG: a ring around the note, every node a link. No JavaScript, no layout shift.
 */
export function LocalGraph({
  title,
  neighbours,
  lang,
}: {
  title: string
  neighbours: Backlink[]
  lang?: string | undefined
}) {
  if (!neighbours.length) return null
  const words = uiStrings(lang)
  const shown = neighbours.slice(0, 24)
  const size = 320
  const centre = size / 2
  const radius = 115
  const points = shown.map((note, i) => {
    const angle = (2 * Math.PI * i) / shown.length - Math.PI / 2
    return { note, x: centre + radius * Math.cos(angle), y: centre + radius * Math.sin(angle) }
  })
  const short = (text: string) => (text.length > 16 ? `${text.slice(0, 15)}…` : text)
  // Room on every side for labels centred on the outermost nodes.
  const margin = 70
  return (
    <section class="graph" aria-labelledby="graph-title">
      <h2 id="graph-title" class="sr-only">
        {words.localGraph}
      </h2>
      {/* biome-ignore lint/a11y/useSemanticElements: the graph is a group of links, drawn as SVG */}
      <svg
        viewBox={`${-margin} -10 ${size + 2 * margin} ${size + 20}`}
        role="group"
        aria-label={words.localGraphLabel(title, shown.length)}
      >
        {points.map(({ x, y }) => (
          <line x1={centre} y1={centre} x2={x.toFixed(1)} y2={y.toFixed(1)} />
        ))}
        <circle class="self" cx={centre} cy={centre} r="7" />
        {points.map(({ note, x, y }) => (
          <a href={hrefFromSlug(note.slug)}>
            <title>{note.title}</title>
            <circle cx={x.toFixed(1)} cy={y.toFixed(1)} r="5" />
            <text x={x.toFixed(1)} y={(y + (y < centre ? -9 : 16)).toFixed(1)} text-anchor="middle">
              {short(note.title)}
            </text>
          </a>
        ))}
      </svg>
      <p class="graph-all">
        <a href="/graph">{words.graph} →</a>
      </p>
    </section>
  )
}
