import type { FolderRecord, SiteRecord, TagIndexRecord } from '../core/records.ts'
import { FolderList } from './FolderList.tsx'
import { Layout } from './Layout.tsx'
import { NoteList } from './NoteList.tsx'
import { RecentNotes } from './RecentNotes.tsx'
import { uiStrings } from './strings.ts'
import { TagList } from './TagList.tsx'

/** At most this many tags on the home page, the most used first; /tags lists them all. */
const TAGS_SHOWN = 30

/**
 * `/` of a vault with no home note (no `index.md`, none named in its settings): the site's title,
 * its top folders, the notes at its top level, the newest notes and the most used tags.
 */
export function HomePage({ site, root, tags }: { site: SiteRecord; root: FolderRecord; tags: TagIndexRecord['tags'] }) {
  const words = uiStrings(site.lang)
  const top = [...tags].sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : 1)).slice(0, TAGS_SHOWN)
  return (
    <Layout site={site} title={site.title} description={`${site.title}: ${site.notes} notes`}>
      <article class="note home">
        <h1 class="note-title">{site.title}</h1>
        <p class="note-meta">{words.noteCount(site.notes)}</p>
        {root.folders.length ? (
          <section aria-labelledby="folders-title">
            <h2 id="folders-title">{words.folders}</h2>
            <FolderList folders={root.folders} />
          </section>
        ) : null}
        {root.notes.length ? (
          <section aria-labelledby="notes-title">
            <h2 id="notes-title">{words.notes}</h2>
            <NoteList notes={root.notes} />
          </section>
        ) : null}
        <RecentNotes recent={site.recent} lang={site.lang} />
        {top.length ? (
          <section aria-labelledby="tags-title">
            <h2 id="tags-title">{words.tags}</h2>
            <TagList tags={top} />
            {tags.length > top.length ? <a href="/tags">All {tags.length} tags</a> : null}
          </section>
        ) : null}
      </article>
    </Layout>
  )
}
