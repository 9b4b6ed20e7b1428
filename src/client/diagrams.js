// Draws every ```mermaid block on the page (OFM-SPEC Q03) with the copy of Mermaid the site
// serves itself. Loaded only on pages that have a diagram; the diagram source stays readable
// as text where JavaScript does not run. Nodes the build resolved as internal links (L11) are
// wrapped in links after drawing: Mermaid's strict mode, which keeps labels from running code,
// turns its own click handlers off.
const SVG = 'http://www.w3.org/2000/svg'

/** Wraps node `id` of a drawn diagram in a link to `href`. */
function linkNode(svg, id, href) {
  // Mermaid names a drawn node `<diagram>-flowchart-<id>-<n>`.
  const suffix = new RegExp(`(?:^|-)${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d+$`)
  const node = [...svg.querySelectorAll('g.node')].find((g) => suffix.test(g.id))
  if (!node || !href.startsWith('/')) return
  const link = document.createElementNS(SVG, 'a')
  link.setAttribute('href', href)
  link.setAttribute('class', 'internal')
  node.replaceWith(link)
  link.append(node)
}

const blocks = [...document.querySelectorAll('pre.mermaid')]
if (blocks.length) {
  const links = blocks.map((block) => JSON.parse(block.dataset.links || '{}'))
  const script = document.createElement('script')
  // Beside this script, under the same versioned path.
  script.src = new URL('mermaid.min.js', import.meta.url).href
  script.onload = async () => {
    const dark = window.matchMedia('(prefers-color-scheme: dark)').matches
    window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: dark ? 'dark' : 'default' })
    await window.mermaid.run({ nodes: blocks })
    blocks.forEach((block, i) => {
      const svg = block.querySelector('svg')
      if (svg) for (const [id, href] of Object.entries(links[i])) linkNode(svg, id, href)
    })
  }
  document.head.append(script)
}
