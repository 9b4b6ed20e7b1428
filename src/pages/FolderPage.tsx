import type { FolderRecord } from '../core/records.ts'
import { Breadcrumbs } from './Breadcrumbs.tsx'
import { FolderList } from './FolderList.tsx'
import { Layout } from './Layout.tsx'
import { NoteList } from './NoteList.tsx'
import type { SiteView } from './Layout.tsx'

/** A folder without an index note: its subfolders and notes. */
export function FolderPage({ site, folder }: { site: SiteView; folder: FolderRecord }) {
  const name = folder.path.slice(folder.path.lastIndexOf('/') + 1)
  return (
    <Layout site={site} title={name} description={`Notes in ${folder.path}`}>
      <Breadcrumbs path={folder.path} lang={site.lang} />
      <article class="note">
        <h1 class="note-title">{name}</h1>
        <p class="note-meta">{folder.notes.length === 1 ? '1 note' : `${folder.notes.length} notes`}</p>
        {folder.folders.length ? <FolderList folders={folder.folders} /> : null}
        <NoteList notes={folder.notes} />
      </article>
    </Layout>
  )
}
