/**
 * `npm run dev` follows the writer (scripts/dev.ts, scripts/dev/): a save is rebuilt and served
 * without a restart, the open tab reloads itself only when its page changed, a broken save keeps
 * the note's last good version, and what the watch builds from its cache is exactly what a full
 * build of the same vault makes, after any sequence of edits.
 */
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildToDisk, parseInParallel } from '../../scripts/build.ts'
import { ListingCache } from '../../scripts/dev/listing-cache.ts'
import { ParseCache } from '../../scripts/dev/parse-cache.ts'
import type { DevSite } from './site.ts'
import { startSite } from './site.ts'
import { tempCopy } from './temp-vault.ts'

const PORT = 8799

/** What the site serves, as a comparable value: every pack's value by name, the root, the explorer. */
function state(result: Awaited<ReturnType<typeof buildToDisk>>) {
  return {
    root: result.packed.root,
    explorer: result.packed.explorer,
    packs: Object.fromEntries([...result.packed.packs].map(([name, pack]) => [name, pack.value.toString()])),
  }
}

/** A build in a fresh copy of the build's modules: nothing remembered from the incremental builds before it. */
async function freshBuild(vault: string): Promise<Awaited<ReturnType<typeof buildToDisk>>> {
  vi.resetModules()
  const fresh: typeof import('../../scripts/build.ts') = await import('../../scripts/build.ts')
  return fresh.buildToDisk(vault, await mkdtemp(join(tmpdir(), 'hyphae-full-')))
}

/**
 * A copy of `fixture`, built as `npm run dev` builds it first; `rebuild(saved)` builds it again told
 * the paths saved, as the watcher tells npm run dev, and keeps the result in `last`.
 */
async function watchedCopy(fixture: string) {
  const vault = await tempCopy(fixture, 'hyphae-watch-')
  const out = await mkdtemp(join(tmpdir(), 'hyphae-out-'))
  const cache = new ParseCache()
  const listing = new ListingCache()
  const copy = {
    vault,
    last: await buildToDisk(vault, out, {
      list: (dir) => listing.list(dir, undefined),
      parse: (dir, paths, context) => cache.seed(dir, paths, (d, p) => parseInParallel(d, p, context)),
    }),
    rebuild: async (saved: string[]) => {
      copy.last = await buildToDisk(vault, out, {
        list: (dir) => listing.list(dir, saved),
        parse: (dir, paths, context) => cache.parse(dir, paths, saved, context),
        rebuildOf: copy.last,
      })
    },
    /** Edits the note at `path` as the writer would save it, then rebuilds. */
    save: async (path: string, change: (text: string) => string) => {
      await writeFile(join(vault, path), change(await readFile(join(vault, path), 'utf8')))
      await copy.rebuild([path])
    },
  }
  return copy
}

describe('incremental builds equal full builds', () => {
  // The demo vault; and one with protected notes, a base and a canvas (each audience's view is rebuilt too).
  it.each([
    ['test/fixtures/vault', 12],
    ['test/fixtures/protected', 6],
  ])(
    'after random sequences of saves, renames, new notes and deletions (%s)',
    async (fixture, numRuns) => {
      const edits = fc.oneof(
        fc.record({
          kind: fc.constant('append' as const),
          note: fc.nat(5),
          text: fc.constantFrom(
            'more [[RAG]]',
            '#tagged',
            '## New heading',
            'plain words',
            '![[LLMs]]',
            'see [[RAG#New heading]]',
            // A long note (its body rendered by the build, its transclusions filled into its draft) showing a
            // section that an edit of RAG makes, changes or leaves alone.
            `${'a long paragraph of words. '.repeat(700)}\n\n![[RAG#New heading]]\n\n![[LLMs]]`,
          ),
        }),
        fc.record({
          kind: fc.constant('create' as const),
          note: fc.nat(5),
          text: fc.constantFrom('a new note about [[ethics]]', '---\ntags: [x]\n---\nbody'),
        }),
        fc.record({ kind: fc.constant('delete' as const), note: fc.nat(5) }),
        fc.record({ kind: fc.constant('rename' as const), note: fc.nat(5) }),
        fc.record({ kind: fc.constant('break' as const), note: fc.nat(5) }),
        // A new title: what notes linking to it show (outlinks) and what it shows of them (backlinks) change.
        fc.record({ kind: fc.constant('retitle' as const), note: fc.nat(5) }),
      )
      await fc.assert(
        fc.asyncProperty(fc.array(edits, { minLength: 1, maxLength: 6 }), async (sequence) => {
          const copy = await watchedCopy(fixture)
          const { vault } = copy
          const notes = () => copy.last.site.notes.filter((note) => note.path.endsWith('.md')).map((note) => note.path)
          for (const edit of sequence) {
            const names = notes()
            // A retitle is of a note others link to, whose title their pages show.
            const linked = copy.last.site.notes.filter((note) => note.path.endsWith('.md') && note.backlinks.length)
            const path =
              edit.kind === 'retitle' && linked.length
                ? linked[edit.note % linked.length]!.path
                : names[edit.note % names.length]!
            const file = join(vault, path)
            const created = path.replace(/[^/]*$/, `New ${edit.note}.md`)
            const saved = {
              append: [path],
              create: [created],
              delete: [path],
              rename: [path, path.replace(/\.md$/, ' moved.md')],
              break: [path],
              retitle: [path],
            }[edit.kind]
            if (edit.kind === 'append') await writeFile(file, `${await readFile(file, 'utf8')}\n\n${edit.text}\n`)
            if (edit.kind === 'create') await writeFile(join(vault, created), edit.text)
            if (edit.kind === 'delete' && names.length > 2) await rm(file)
            if (edit.kind === 'rename') await rename(file, file.replace(/\.md$/, ' moved.md'))
            if (edit.kind === 'retitle') {
              const text = await readFile(file, 'utf8')
              const title = `title: Retitled ${edit.note}\n`
              const titled = text.startsWith('---\n')
                ? `---\n${title}${text.slice(4).replace(/^title:.*\n/m, '')}`
                : `---\n${title}---\n${text}`
              await writeFile(file, titled)
            }
            if (edit.kind === 'break') {
              // Frontmatter that does not parse (the watch keeps the last good note), then the fix.
              const good = await readFile(file, 'utf8')
              await writeFile(file, `---\ntitle: [unclosed\n---\n${good}`)
              await copy.rebuild(saved)
              await writeFile(file, `${good}\nfixed\n`)
            }
            // A file saved twice in one millisecond is still seen: the cache compares size too.
            await copy.rebuild(saved)
          }
          const full = await freshBuild(vault)
          expect(state(copy.last)).toEqual(state(full))
        }),
        { numRuns },
      )
    },
    300_000,
  )
})

describe('a save of the note another links into', () => {
  it('re-resolves the linking note when a heading it names appears, or the title it shows changes; not for new text', async () => {
    const copy = await watchedCopy('test/fixtures/vault')
    const { vault, save } = copy
    const linkOf = () => copy.last.site.notes.find((note) => note.slug === 'thoughts/alignment')!.links['RAG#Later']
    await save('thoughts/Alignment.md', (text) => `${text}\n\nSee [[RAG#Later]].\n`)
    expect(linkOf()).toEqual({ to: 'thoughts/rag', kind: 'note' })
    await save('thoughts/RAG.md', (text) => `${text}\n\nplain words\n`)
    expect(state(copy.last)).toEqual(state(await freshBuild(vault)))
    await save('thoughts/RAG.md', (text) => `${text}\n\n## Later\n`)
    expect(linkOf()).toEqual({ to: 'thoughts/rag', kind: 'note', anchor: 'later' })
    expect(state(copy.last)).toEqual(state(await freshBuild(vault)))
    await save('thoughts/RAG.md', (text) => `---\ntitle: Retrieval\n---\n${text}`)
    const alignment = copy.last.site.notes.find((note) => note.slug === 'thoughts/alignment')!
    expect(alignment.outlinks).toContainEqual({ slug: 'thoughts/rag', title: 'Retrieval' })
    expect(state(copy.last)).toEqual(state(await freshBuild(vault)))
  })
})

describe('a save of a note others transclude', () => {
  it('makes again the notes that show it, through embeds of embeds; the others are taken as they were', async () => {
    const copy = await watchedCopy('test/fixtures/vault')
    const { vault, save } = copy
    const record = (slug: string) => copy.last.site.notes.find((note) => note.slug === slug)!
    // Alignment shows LLMs, which shows a section of mechanistic interpretability.
    await save('thoughts/Alignment.md', (text) => `${text}\n\n![[LLMs]]\n`)
    expect(record('thoughts/alignment').embeds).toEqual(['thoughts/llms', 'thoughts/mechanistic-interpretability'])
    const untouched = record('thoughts/rag')
    const before = copy.last.site.entries.find((entry) => entry.key === 'n:thoughts/alignment')?.hash
    // Math appears in the section shown two embeds down: the page that shows it loads KaTeX, and its ETag changes.
    await save('thoughts/mechanistic interpretability.md', (text) => text.replace(/(## Ablation\n)/, '$1\n$e^x$\n'))
    expect(record('thoughts/alignment').hasMath).toBe(true)
    expect(record('thoughts/llms').hasMath).toBe(true)
    expect(copy.last.site.entries.find((entry) => entry.key === 'n:thoughts/alignment')?.hash).not.toEqual(before)
    expect(record('thoughts/rag')).toBe(untouched)
    expect(state(copy.last)).toEqual(state(await freshBuild(vault)))
  })
})

describe('a save of a note a long note transcludes', () => {
  it("fills the long note's draft with the section as it now reads, lexing again only the note that changed", async () => {
    const copy = await watchedCopy('test/fixtures/vault')
    const { vault, save } = copy
    const html = () => copy.last.site.entries.find((entry) => entry.key === 'h:thoughts/alignment')?.json ?? ''
    // Long enough that the build renders its body (a draft with its transclusions filled in, stages/draft.ts).
    const long = `${'A long paragraph of words about alignment. '.repeat(420)}\n\n![[RAG#Later]]\n\n![[LLMs]]\n`
    await save('thoughts/Alignment.md', (text) => `${text}\n\n${long}`)
    await save('thoughts/RAG.md', (text) => `${text}\n\n## Later\n\nretrieval, first draft\n`)
    expect(html()).toContain('retrieval, first draft')
    expect(state(copy.last)).toEqual(state(await freshBuild(vault)))
    await save('thoughts/RAG.md', (text) => text.replace('first draft', 'second draft'))
    expect(html()).toContain('retrieval, second draft')
    expect(html()).not.toContain('first draft')
    // LLMs, shown beside it, unchanged: the page is still what a full build makes.
    expect(state(copy.last)).toEqual(state(await freshBuild(vault)))
  })
})

describe('npm run dev while the writer saves', () => {
  let site: DevSite
  let browser: Browser
  let vault: string

  beforeAll(async () => {
    vault = await tempCopy('test/fixtures/vault', 'hyphae-dev-vault-')
    site = await startSite(PORT, vault)
    browser = site.browser
  }, 120_000)

  afterAll(() => site?.stop())

  const until = async (check: () => Promise<boolean>, ms = 10_000) => {
    for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
      // A page in the middle of reloading itself answers nothing: ask again.
      if (await check().catch(() => false)) return true
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    return false
  }

  it('serves a saved edit without a restart, and the open tab reloads itself at the same scroll position', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 500 } })
    await page.goto(`${site.base}/thoughts/alignment`)
    const other = await browser.newPage()
    await other.goto(`${site.base}/thoughts/ethics`)
    await page.evaluate(() => scrollTo(0, 600))
    await page.evaluate(() => {
      ;(window as unknown as { marker: boolean }).marker = true
    })
    await other.evaluate(() => {
      ;(window as unknown as { marker: boolean }).marker = true
    })
    const file = join(vault, 'thoughts/Alignment.md')
    await writeFile(file, `${await readFile(file, 'utf8')}\n\nA sentence saved while reading: QUOKKA-4242.\n`)
    expect(
      await until(async () => (await (await fetch(`${site.base}/thoughts/alignment`)).text()).includes('QUOKKA-4242')),
    ).toBe(true)
    // The page that shows the note reloaded by itself (its marker is gone), back where the reader was.
    expect(await until(async () => (await page.content()).includes('QUOKKA-4242'))).toBe(true)
    expect(await page.evaluate(() => (window as unknown as { marker?: boolean }).marker)).toBeUndefined()
    expect(await until(async () => (await page.evaluate(() => scrollY)) === 600, 3000)).toBe(true)
    // A page whose content did not change was left alone.
    expect(await other.evaluate(() => (window as unknown as { marker?: boolean }).marker)).toBe(true)
    expect(site.output()).toMatch(/rebuilt in \d+ ms \(1 parsed\)/)
    await page.close()
    await other.close()
  }, 60_000)

  it('survives a broken save: the warning names the file and line, the last good version stays', async () => {
    const file = join(vault, 'thoughts/RAG.md')
    const good = await readFile(file, 'utf8')
    await writeFile(file, `---\ntitle: [unclosed\n---\n${good}\n\nHALF-WRITTEN-7\n`)
    expect(
      await until(async () =>
        /RAG\.md:3: frontmatter ignored: .*\(the last good version is still shown\)/.test(site.output()),
      ),
    ).toBe(true)
    const page = await (await fetch(`${site.base}/thoughts/rag`)).text()
    expect(page).not.toContain('HALF-WRITTEN-7')
    expect(page).toContain('<h1 class="note-title">RAG</h1>')
    // Fixed, it is published again.
    await writeFile(file, `${good}\n\nFIXED-8\n`)
    expect(await until(async () => (await (await fetch(`${site.base}/thoughts/rag`)).text()).includes('FIXED-8'))).toBe(
      true,
    )
  }, 60_000)
})
