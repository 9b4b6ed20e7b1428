import type { FolderRecord } from '../core/records.ts'
import { hrefFromSlug } from '../core/slug.ts'

/** Links to folders, each shown with a trailing `/`: folder pages and the generated home page. */
export function FolderList({ folders }: { folders: FolderRecord['folders'] }) {
  return (
    <ul class="note-list folders">
      {folders.map((child) => (
        <li>
          <a href={hrefFromSlug(child.slug)}>{child.name}/</a>
        </li>
      ))}
    </ul>
  )
}
