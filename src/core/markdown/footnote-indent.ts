/**
 * Obsidian continues a footnote on lines indented by at least 2 spaces (OFM-SPEC N03);
 * marked-footnote wants 4. This widens such continuation lines to 4 spaces before lexing, and
 * leaves fenced code alone.
 */

/** 1: fence characters of a line that opens or closes a fenced code block. */
const FENCE_RE = /^ {0,3}(`{3,}|~{3,})/
const DEFINITION_RE = /^\[\^[^\]\n]+\]:/
/** A continuation line Obsidian accepts but marked-footnote does not: 2 or 3 spaces, then text. */
const SHORT_INDENT_RE = /^ {2,3}(?=\S)/
const SHORT_INDENT_LINE_RE = /^ {2,3}\S/m

export function widenFootnoteIndents(markdown: string): string {
  // Only a line indented by 2 or 3 spaces can change: without one, nothing to do.
  if (!markdown.includes('[^') || !SHORT_INDENT_LINE_RE.test(markdown)) return markdown
  const lines = markdown.split('\n')
  let fence: string | undefined
  let inFootnote = false
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const marker = FENCE_RE.exec(line)?.[1]
    if (fence !== undefined) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined
      continue
    }
    if (DEFINITION_RE.test(line)) inFootnote = true
    else if (inFootnote && SHORT_INDENT_RE.test(line)) lines[i] = `  ${line}`
    else if (inFootnote && line.trim() !== '' && !/^ {4}|^\t/.test(line)) inFootnote = false
    if (marker && !inFootnote) fence = marker
  }
  return lines.join('\n')
}
