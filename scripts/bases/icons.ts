/** `icon("name")` in a base (BASES B76, B167): the Lucide icon of that name as inline SVG, from lucide-static. */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const ICONS = fileURLToPath(new URL('../../node_modules/lucide-static/icons/', import.meta.url))
const cache = new Map<string, string | undefined>()

/** The icon's SVG, without its licence comment; undefined for a name Lucide does not have. */
export function iconSvg(name: string): string | undefined {
  if (!/^[a-z0-9-]{1,64}$/.test(name)) return undefined
  if (!cache.has(name)) {
    let svg: string | undefined
    try {
      svg = readFileSync(`${ICONS}${name}.svg`, 'utf8')
        .replace(/<!--[\s\S]*?-->/g, '')
        .replace(/\s*\n\s*/g, ' ')
        .replace('<svg ', '<svg aria-hidden="true" ')
        .trim()
    } catch {
      svg = undefined
    }
    cache.set(name, svg)
  }
  return cache.get(name)
}
