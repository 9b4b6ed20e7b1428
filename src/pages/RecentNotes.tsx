import type { SiteRecord } from '../core/records.ts'
import { hrefFromSlug } from '../core/slug.ts'
import { uiStrings } from './strings.ts'

/** The newest notes with their dates: on the home page, whether a note or generated. */
export function RecentNotes({ recent, lang }: { recent: SiteRecord['recent']; lang?: string | undefined }) {
  if (!recent.length) return null
  return (
    <section class="recent" aria-labelledby="recent-title">
      <h2 id="recent-title">{uiStrings(lang).recent}</h2>
      <ul class="note-list">
        {recent.map((entry) => (
          <li>
            <a class="internal" href={hrefFromSlug(entry.slug)}>
              {entry.title}
            </a>{' '}
            {entry.date ? <time datetime={entry.date}>{entry.date.slice(0, 10)}</time> : null}
          </li>
        ))}
      </ul>
    </section>
  )
}
