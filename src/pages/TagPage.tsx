import type { Backlink } from '../core/records.ts'
import { Layout } from './Layout.tsx'
import { NoteList } from './NoteList.tsx'
import { TagList } from './TagList.tsx'
import type { SiteView } from './Layout.tsx'

export interface TagPageProps {
  site: SiteView
  tag: string
  notes: Backlink[]
}

/** `/tags/<tag>`: the notes with this tag or a tag nested under it. */
export function TagPage({ site, tag, notes }: TagPageProps) {
  return (
    <Layout site={site} title={`#${tag}`} description={`Notes tagged #${tag}`}>
      <article class="note">
        <h1 class="note-title">#{tag}</h1>
        <p class="note-meta">
          {notes.length === 1 ? '1 note' : `${notes.length} notes`} · <a href="/tags">all tags</a>
        </p>
        <NoteList notes={notes} />
      </article>
    </Layout>
  )
}

export interface TagIndexPageProps {
  site: SiteView
  tags: { tag: string; count: number }[]
}

/** `/tags`: every tag with its number of notes. */
export function TagIndexPage({ site, tags }: TagIndexPageProps) {
  return (
    <Layout site={site} title="Tags" description="Every tag in this garden">
      <article class="note">
        <h1 class="note-title">Tags</h1>
        <TagList tags={tags} />
      </article>
    </Layout>
  )
}
