import type { Backlink } from '../core/records.ts'
import { hrefFromSlug } from '../core/slug.ts'

/** A list of links to notes, by title: tag and folder pages. */
export function NoteList({ notes }: { notes: Backlink[] }) {
  return (
    <ul class="note-list">
      {notes.map((note) => (
        <li>
          <a class="internal" href={hrefFromSlug(note.slug)}>
            {note.title}
          </a>
        </li>
      ))}
    </ul>
  )
}
