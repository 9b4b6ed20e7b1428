import type { Backlink } from '../core/records.ts'
import { hrefFromSlug } from '../core/slug.ts'
import { uiStrings } from './strings.ts'

/** The notes that link here, each with the line that links. */
export function Backlinks({ links, lang }: { links: Backlink[]; lang?: string | undefined }) {
  if (!links.length) return null
  return (
    <section class="backlinks" aria-labelledby="backlinks-title">
      <h2 id="backlinks-title">{uiStrings(lang).linkedFrom}</h2>
      <ul>
        {links.map((link) => (
          <li>
            <a class="internal" href={hrefFromSlug(link.slug)}>
              {link.title}
            </a>
            {link.context ? <span class="backlink-context">{link.context}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  )
}
