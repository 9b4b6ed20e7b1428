/**
 * Bases through the worker (BASES-SPEC), on test/fixtures/bases: a .base file's own page with every
 * view, `![[X.base#View]]` with the embedding note as `this`, a ```base block, a base in the
 * template folder, the table, cards and list layouts, grouping, limits, summaries, and the errors
 * the build reports while the page still renders.
 */
import { inject } from 'vitest'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadFixture, noteBody, request } from './helpers.ts'

beforeAll(() => loadFixture('basesKv'))

async function body(path: string): Promise<string> {
  const res = await request(path)
  expect(res.status, path).toBe(200)
  return noteBody(await res.text())
}

/** The HTML of one view, by its name, out of a page. */
function view(html: string, name: string): string {
  const start = html.indexOf(`<div class="base-view`, html.indexOf(`data-view="${name}"`) - 60)
  expect(start, `view ${name}`).toBeGreaterThan(-1)
  let depth = 0
  for (let i = start; i < html.length; i++) {
    if (html.startsWith('<div', i)) depth++
    if (html.startsWith('</div>', i) && --depth === 0) return html.slice(start, i + '</div>'.length)
  }
  throw new Error(`unterminated view ${name}`)
}

const link = (href: string, text: string) => `<a class="internal" href="${href}">${text}</a>`
const dune = link('/books/dune', 'Dune')
const children = link('/books/children-of-dune', 'Children of Dune')
const dispossessed = link('/books/the-dispossessed', 'The Dispossessed')
const sweetgrass = link('/books/braiding-sweetgrass', 'Braiding Sweetgrass')
const herbert = link('/authors/frank-herbert', 'Frank Herbert')
const leGuin = link('/authors/ursula-k.-le-guin', 'Ursula K. Le Guin')
const kimmerer = '<a class="internal broken" title="Not published: Robin Wall Kimmerer">Robin Wall Kimmerer</a>'
const tag = (name: string) => `<a class="tag" href="/tags/${name}">#${name}</a>`
const checkbox = (checked: boolean) => `<input type="checkbox" disabled${checked ? ' checked' : ''}>`

describe('a .base file is a page with every view (B06, B07)', () => {
  it('B128, B15, B120, B129, B131, B145–B147, B159–B166: the table view, sorted, with display names and summaries', async () => {
    const html = await body('/library.base')
    const row = (cells: string[]) => `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`
    expect(view(html, 'All books')).toBe(
      '<div class="base-view base-table-view" data-view="All books"><div class="base-table"><table><thead><tr>' +
        '<th scope="col" style="width:220px">file.name</th><th scope="col">author</th><th scope="col">Published</th>' +
        '<th scope="col">Rating</th><th scope="col">Stars</th><th scope="col">read</th><th scope="col">file.tags</th></tr></thead><tbody>' +
        row([dune, herbert, '1965', '5', '★★★★★', checkbox(true), `${tag('book/fiction')}, ${tag('classic')}`]) +
        row([
          dispossessed,
          leGuin,
          '1974',
          '4.5',
          '★★★★',
          checkbox(false),
          `${tag('book/fiction')}, ${tag('classic')}`,
        ]) +
        row([children, herbert, '1976', '3.5', '★★★', checkbox(true), tag('book/fiction')]) +
        row([sweetgrass, kimmerer, '2013', '', '', checkbox(false), tag('book/nonfiction')]) +
        '</tbody><tfoot><tr class="base-summary"><td></td><td></td><td><span class="summary-name">Range</span> 48</td>' +
        '<td><span class="summary-name">Average</span> 4.33</td><td></td><td><span class="summary-name">Checked</span> 2</td><td></td></tr></tfoot></table></div></div>',
    )
    // Each view under a heading with its name.
    // The page is the base: no link back to itself under each view.
    expect(html).not.toContain('base-source')
    for (const name of ['All books', 'By author', 'Shelf', 'Decades', 'Map']) expect(html).toContain(`>${name}</h2>`)
  })

  it('B158: on the base’s own page a view that needs `this` shows its empty state (B127)', async () => {
    expect(view(await body('/library.base'), 'By author')).toBe(
      '<div class="base-view base-table-view" data-view="By author"><p class="base-empty">No results</p></div>',
    )
  })

  it('B132–B134: cards with covers from a local image and from a hex colour', async () => {
    const shelf = view(await body('/library.base'), 'Shelf')
    const card = (cover: string, title: string, author: string, year: string) =>
      `<li class="base-card">${cover}<p class="base-card-title">${title}</p><dl><dt>author</dt><dd>${author}</dd><dt>Published</dt><dd>${year}</dd></dl></li>`
    expect(shelf).toBe(
      '<div class="base-view base-cards-view" data-view="Shelf"><ul class="base-cards">' +
        card('<div class="base-cover"></div>', sweetgrass, kimmerer, '2013') +
        card('<div class="base-cover"></div>', children, herbert, '1976') +
        card(
          '<div class="base-cover"><img src="/books/dune.png" alt="" loading="lazy" style="object-fit:cover"></div>',
          dune,
          herbert,
          '1965',
        ) +
        card('<div class="base-cover" style="background-color:#1e90ff"></div>', dispossessed, leGuin, '1974') +
        '</ul></div>',
    )
  })

  it('B122–B124, B136, B139: a list grouped by a property, after a limit of 3', async () => {
    expect(view(await body('/library.base'), 'Decades')).toBe(
      '<div class="base-view base-list-view" data-view="Decades">' +
        `<section class="base-group"><h4>${checkbox(true)} <span class="count">2</span></h4><ul class="base-list"><li>${dune}, 1965</li><li>${children}, 1976</li></ul></section>` +
        `<section class="base-group"><h4>${checkbox(false)} <span class="count">1</span></h4><ul class="base-list"><li>${dispossessed}, 1974</li></ul></section></div>`,
    )
  })

  it('B117, B144: a map view renders as a table', async () => {
    expect(view(await body('/library.base'), 'Map')).toBe(
      `<div class="base-view base-table-view" data-view="Map"><div class="base-table"><table><thead><tr><th scope="col">file.name</th></tr></thead><tbody><tr><td>${sweetgrass}</td></tr></tbody></table></div></div>`,
    )
  })
})

describe('embeds and blocks', () => {
  it('B04, B153, B155: `![[Library.base#By author]]` lists the writer’s books, with the note as `this`', async () => {
    const html = await body('/authors/frank-herbert')
    expect(view(html, 'By author')).toBe(
      '<div class="base-view base-table-view" data-view="By author"><div class="base-table"><table><thead><tr><th scope="col">file.name</th><th scope="col">Published</th></tr></thead><tbody>' +
        `<tr><td>${dune}</td><td>1965</td></tr><tr><td>${children}</td><td>1976</td></tr></tbody></table></div></div>`,
    )
    expect(html).toContain(
      '<p class="base-source"><a class="internal" href="/library.base">Library.base &gt; By author</a></p>',
    )
    const leGuinPage = await body('/authors/ursula-k.-le-guin')
    expect(view(leGuinPage, 'By author')).toContain(`<tr><td>${dispossessed}</td><td>1974</td></tr></tbody>`)
  })

  it('B03: `![[Reading.base]]` shows the first view, from a base in the template folder; B05: an unknown view falls back', async () => {
    const html = await body('/reading-list')
    expect(view(html, 'To read')).toBe(
      `<div class="base-view base-list-view" data-view="To read"><ul class="base-list"><li>${dispossessed}, 1974</li><li>${sweetgrass}, 2013</li></ul></div>`,
    )
    expect(view(html, 'All books')).toContain(`<tr><td>${dune}</td>`)
    expect(inject('basesProblems').map((problem) => `${problem.file}:${problem.line}: ${problem.message}`)).toContain(
      'Reading list.md:19: no view "Nope" in Library.base; its first view is shown: ![[Library.base#Nope]]',
    )
    // The template-folder base has no page of its own.
    expect((await request('/templates/reading.base')).status).toBe(404)
  })

  it('B02: a ```base block renders in place; an unknown summary is an error cell (B168), reported once', async () => {
    const html = await body('/reading-list')
    expect(view(html, 'Classics')).toBe(
      '<div class="base-view base-table-view" data-view="Classics"><div class="base-table"><table><thead><tr><th scope="col">file.name</th><th scope="col">decade</th></tr></thead>' +
        `<tbody><tr><td>${dune}</td><td>1960</td></tr><tr><td>${dispossessed}</td><td>1970</td></tr></tbody>` +
        '<tfoot><tr class="base-summary"><td></td><td><span class="summary-name">Unrecognised</span> <span class="base-error" title="unknown summary Unrecognised">error</span></td></tr></tfoot></table></div></div>',
    )
    expect(html).not.toContain('formulas:')
  })

  it('B06: `[[Library.base]]` is a link to the base’s page', async () => {
    expect(await body('/')).toContain('<a class="internal" href="/library.base">library</a>')
  })
})

describe('values that only render (B73, B75, B76, B167)', () => {
  it('icon() is the Lucide icon inline, image() an <img>, html() passes the allow-list', async () => {
    const marks = view(await body('/icons'), 'Marks')
    expect(marks).toContain(
      `<td>${dune}</td><td><span class="base-icon"><svg aria-hidden="true" class="lucide lucide-check"`,
    )
    expect(marks).toContain('<td><img src="/books/dune.png" alt="" loading="lazy"></td>')
    expect(marks).toContain('<td><em>read</em></td>')
    expect(marks).not.toContain('<script')
  })
})

describe('what bases never show', () => {
  it('B10: a draft, a template and the base’s own YAML never reach a page', async () => {
    for (const path of ['/library.base', '/authors/frank-herbert', '/reading-list']) {
      const html = await (await request(path)).text()
      expect(html).not.toContain('Secret draft')
      expect(html).not.toContain('TEMPLATE-BODY')
      expect(html).not.toContain('views:')
    }
  })

  it('B08, B68: an unreadable base and an unknown function are warnings with file and line; the pages still render', async () => {
    const problems = inject('basesProblems').map((problem) => `${problem.file}:${problem.line}: ${problem.message}`)
    expect(problems).toContain(
      'Unreadable.base:2: base could not be read: unexpected end of the stream within a flow collection',
    )
    expect(problems).toContain('Broken.base:4: view Oops: unknown function frobnicate(); the view shows what it can')
    expect(await body('/unreadable.base')).toContain('This base could not be read')
    expect(view(await body('/broken.base'), 'Oops')).toBe(
      '<div class="base-view base-table-view" data-view="Oops"><p class="base-empty">No results</p></div>',
    )
  })
})
