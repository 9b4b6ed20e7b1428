/** HTML escaping helpers: every string an extension puts into markup goes through one of these. */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes text for use in element content and in double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!)
}

/** Builds ` name="value"` pairs, escaping every value; `undefined` and `false` values are left out. */
export function attrs(pairs: Record<string, string | number | boolean | undefined>): string {
  let out = ''
  for (const [name, value] of Object.entries(pairs)) {
    if (value === undefined || value === false) continue
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`
  }
  return out
}
