// Draws every ```mermaid block on the page (OFM-SPEC Q03) with the copy of Mermaid the site
// serves itself. Loaded only on pages that have a diagram; the diagram source stays readable
// as text where JavaScript does not run.
const blocks = document.querySelectorAll('pre.mermaid')
if (blocks.length) {
  const script = document.createElement('script')
  script.src = '/_hyphae/mermaid.min.js'
  script.onload = () => {
    const dark = window.matchMedia('(prefers-color-scheme: dark)').matches
    window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: dark ? 'dark' : 'default' })
    window.mermaid.run({ nodes: blocks })
  }
  document.head.append(script)
}
