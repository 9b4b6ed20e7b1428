/**
 * KV writes against the free plan's 1,000 a day, counted by an in-memory namespace
 * (scripts/bench/memory-kv.ts) through the deploy's own publish step: the first deploy of the
 * 10,000-note bench vault (built as `npm run deploy` builds it) and of a 200-note vault, then two
 * edits of the 200-note vault. In a process of its own, so the build's memory leaves with it:
 * `node scripts/bench/kv-writes.ts <10,000-note vault> <out>` prints its rows as JSON.
 */
import type { NoteRecord } from '../../src/core/records.ts'
import { RECORDS } from '../../src/core/records.ts'
import { Pack } from '../../src/core/pack.ts'
import { decodeRoot, packKey, packNameOf, ROOT_KEY } from '../../src/core/root.ts'
import { buildToDisk } from '../build.ts'
import { publish } from '../publish.ts'
import type { AssembledSite } from '../stages/assemble.ts'
import { assembleSite } from '../stages/assemble.ts'
import { parseNotes } from '../stages/parse.ts'
import type { NoteSource } from '../stages/read.ts'
import { resolveVault } from '../stages/resolve.ts'
import { generateVault, IMAGE_PATHS } from './generate-vault.ts'
import { CountingKv } from './memory-kv.ts'
import type { Row } from './table.ts'

/** Publishes `site` into `kv`: the keys written, and how many of them were written more than once. */
async function deploy(kv: CountingKv, site: AssembledSite): Promise<{ writes: number; twice: number }> {
  kv.startCount()
  await publish(site, kv)
  const counts = [...kv.written.values()]
  return { writes: counts.reduce((sum, n) => sum + n, 0), twice: counts.filter((n) => n > 1).length }
}

/** The pure stages on notes held in memory, as the build runs them on files. */
function assemble(notes: readonly NoteSource[]): AssembledSite {
  return assembleSite(resolveVault(parseNotes(notes), IMAGE_PATHS), { breaks: false, assets: '/_hyphae/bench' })
}

function packs(kv: CountingKv): string {
  const root = decodeRoot(kv.values.get(ROOT_KEY)!)!
  return `${Object.keys(root.packs).length} (layout: notes ${root.layout.notes}, search ${root.layout.search}, index 1)`
}

/** A note's record as the deployed namespace holds it: the check that an edit landed. */
function deployed(kv: CountingKv, slug: string): NoteRecord | undefined {
  const key = RECORDS.note.key(slug)
  const root = decodeRoot(kv.values.get(ROOT_KEY)!)!
  const name = packNameOf(key, root.layout)
  const json = new Pack(Buffer.from(kv.values.get(packKey(name, root.packs[name]!))!)).json(key)
  return json === undefined ? undefined : RECORDS.note.decode(json)
}

const [vault, out] = process.argv.slice(2)
const rows: Row[] = []
const big = new CountingKv()
const first = await deploy(big, (await buildToDisk(vault!, out!)).site)
const largest = Math.max(...[...big.values.values()].map((value) => Buffer.byteLength(value)))
rows.push(
  {
    name: 'KV writes: first deploy, 10,000 notes',
    value: String(first.writes),
    target: '≤ 900',
    ok: first.writes <= 900,
  },
  { name: 'KV packs, 10,000 notes', value: packs(big) },
  {
    name: 'largest KV value, 10,000 notes',
    value: `${(largest / 1048576).toFixed(2)} MiB`,
    target: '≤ 25 MiB',
    ok: largest <= 25 * 1048576,
  },
)

const notes = generateVault(200)
const small = new CountingKv()
const base = assemble(notes)
const deploys = [await deploy(small, base)]
rows.push(
  {
    name: 'KV writes: first deploy, 200 notes',
    value: String(deploys[0]!.writes),
    target: '≤ 60',
    ok: deploys[0]!.writes <= 60,
  },
  { name: 'KV packs, 200 notes', value: packs(small) },
)
// Notes no other note transcludes (an edit of one also changes the pages showing it); the link
// joins notes of two packs, as most links do.
const shown = new Set(base.notes.flatMap((note) => note.embeds))
const [edited, from, ...others] = base.notes.filter((note) => note.slug !== 'index' && !shown.has(note.slug))
const { layout } = decodeRoot(small.values.get(ROOT_KEY)!)!
const packOf = (note: NoteRecord) => packNameOf(RECORDS.note.key(note.slug), layout)
const to = others.find((note) => packOf(note) !== packOf(from!))
const withText = notes.map((note) =>
  note.path === edited!.path ? { ...note, source: `${note.source}\nA zymurgical afterthought about quokkas.\n` } : note,
)
deploys.push(await deploy(small, assemble(withText)))
const withLink = withText.map((note) =>
  note.path === from!.path
    ? { ...note, source: `${note.source}\nSee also [[${to!.path.replace(/\.md$/, '')}]].\n` }
    : note,
)
deploys.push(await deploy(small, assemble(withLink)))
const [, text, link] = deploys
if (!deployed(small, edited!.slug)?.body.includes('zymurgical')) throw new Error('the text edit did not land')
if (!deployed(small, to!.slug)?.backlinks.some((backlink) => backlink.slug === from!.slug))
  throw new Error('the added link is not a backlink of its target')
rows.push(
  {
    name: "KV writes: edit one note's text (200 notes)",
    value: String(text!.writes),
    target: '≤ 2',
    ok: text!.writes <= 2,
  },
  {
    name: 'KV writes: edit adding a link to another note (200 notes)',
    value: String(link!.writes),
    target: '≤ 4',
    ok: link!.writes <= 4,
  },
)
const twice = Math.max(first.twice, ...deploys.map((done) => done.twice))
rows.push({
  name: 'keys written twice in one deploy (any of the five)',
  value: String(twice),
  target: '0',
  ok: twice === 0,
})
console.log(JSON.stringify(rows))
