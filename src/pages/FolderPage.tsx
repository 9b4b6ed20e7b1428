import type { FolderRecord } from '../core/records.ts'
import { slugFromPath } from '../core/slug.ts'
import { Breadcrumbs } from './Breadcrumbs.tsx'
import { FolderList } from './FolderList.tsx'
import { Layout } from './Layout.tsx'
import { NoteList } from './NoteList.tsx'
import { uiStrings } from './strings.ts'
import type { SiteView } from './Layout.tsx'

/** A folder without an index note: its subfolders and notes. */
export function FolderPage({ site, folder }: { site: SiteView; folder: FolderRecord }) {
  const name = folder.path.slice(folder.path.lastIndexOf('/') + 1)
  return (
    <Layout
      site={site}
      title={name}
      description={`Notes in ${folder.path}`}
      current={slugFromPath(`${folder.path}/index.md`)}
    >
      <Breadcrumbs path={folder.path} lang={site.lang} />
      <article class="note">
        <h1 class="note-title">{name}</h1>
        <p class="note-meta">{uiStrings(site.lang).noteCount(folder.notes.length)}</p>
        {folder.folders.length ? <FolderList folders={folder.folders} /> : null}
        <NoteList notes={folder.notes} />
      </article>
    </Layout>
  )
}
