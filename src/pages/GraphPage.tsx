import { raw } from 'hono/html'
import type { GraphRecord } from '../core/graph.ts'
import { graphHtml } from './graph-drawing.ts'
import { Layout } from './Layout.tsx'
import type { SiteView } from './Layout.tsx'
import { uiStrings } from './strings.ts'

/**
 * `/graph`: every published note and its links, as the build laid them out (scripts/graph/) and
 * graph-drawing.ts draws them: a scrolling frame without JavaScript, zoom and pan with it (src/client/canvas.ts).
 */
export function GraphPage({ site, graph }: { site: SiteView; graph: GraphRecord }) {
  const words = uiStrings(site.lang)
  return (
    <Layout site={site} title={words.graph}>
      <article class="note graph-page">
        <h1 class="note-title">{words.graph}</h1>
        {raw(graphHtml(graph, words))}
      </article>
    </Layout>
  )
}
