/**
 * Mermaid nodes marked `class A,B internal-link;` link to the note their text names (OFM-SPEC L11).
 * The build finds them; the page carries the resolved links as `data-links` and the browser
 * script wraps each drawn node in a link. Links from diagrams are not backlinks, as in Obsidian.
 */

/** 1: the node ids of a `class … internal-link` statement. */
const CLASS_RE = /^\s*class\s+([\w-]+(?:\s*,\s*[\w-]+)*)\s+internal-link\s*;?\s*$/gm

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Node id → the note name in its label, for every node a diagram marks as an internal link. */
export function internalLinkNodes(source: string): Map<string, string> {
  const nodes = new Map<string, string>()
  for (const match of source.matchAll(CLASS_RE)) {
    for (const id of match[1]!.split(',').map((part) => part.trim())) {
      // `A[Text]`, `A("Text")`, `A{Text}`, `A>Text]`…: the label of node A (quoted when it has special characters).
      const label = new RegExp(
        `(?:^|[\\s;&>-])${escapeRegExp(id)}\\s*[[({>]+\\s*(?:"([^"\\n]+)"|([^\\])}\\n]+))`,
        'm',
      ).exec(source)
      const text = (label?.[1] ?? label?.[2])?.trim()
      if (text) nodes.set(id, text)
    }
  }
  return nodes
}
