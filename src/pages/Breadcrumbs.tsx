import { slugFromPath } from '../core/slug.ts'
import { hrefFromSlug } from '../core/slug.ts'
import { uiStrings } from './strings.ts'

/** Home › folder › subfolder, from the note's path in the vault; each folder links to its page. */
export function Breadcrumbs({ path, lang }: { path: string; lang?: string | undefined }) {
  const folders = path.split('/').slice(0, -1)
  if (!folders.length) return null
  return (
    <nav class="breadcrumbs" aria-label={uiStrings(lang).breadcrumbs}>
      <a href="/">{uiStrings(lang).home}</a>
      {folders.map((name, i) => (
        <>
          {' › '}
          <a href={hrefFromSlug(slugFromPath(`${folders.slice(0, i + 1).join('/')}/index.md`))}>{name}</a>
        </>
      ))}
    </nav>
  )
}
