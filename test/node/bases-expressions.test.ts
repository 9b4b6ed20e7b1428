/**
 * The Bases expression language (scripts/bases/), case by case, each named by its BASES-SPEC id:
 * literals, operators, property access, dates and durations, every function family, truthiness
 * and errors. Evaluated over a small vault of FileInfo values.
 */
import { describe, expect, it } from 'vitest'
import type { Context, Vault } from '../../scripts/bases/evaluate.ts'
import { FileScope } from '../../scripts/bases/evaluate.ts'
import { parseExpression } from '../../scripts/bases/parse.ts'
import type { FileInfo, Value } from '../../scripts/bases/values.ts'
import { DateValue, DurationValue, ErrorValue, LinkValue, toText } from '../../scripts/bases/values.ts'

function file(path: string, properties: Record<string, unknown> | undefined, extra: Partial<FileInfo> = {}): FileInfo {
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.md$/, '')
  return {
    path,
    properties,
    size: 100,
    ctime: Date.UTC(2025, 0, 1),
    mtime: Date.UTC(2025, 5, 1, 12),
    tags: [],
    links: [],
    embeds: [],
    backlinks: [],
    href: `/${name.toLowerCase()}`,
    title: name,
    ...extra,
  }
}

const herbert = file('People/Frank Herbert.md', { born: '1920-10-08' })
const dune = file(
  'Books/Dune.md',
  {
    author: '[[Frank Herbert]]',
    rating: 4.5,
    pages: 412,
    read: true,
    finished: '2024-06-30',
    genres: ['sf', 'classic'],
    cast: ['[[Paul]]', '[[Frank Herbert]]'],
    'due date': '2024-07-01 18:45:00',
    note: 'a "quoted" title',
    empty: '',
  },
  { tags: ['book/fiction', 'favourite'] },
)
const cover = file('Books/cover.png', undefined, { size: 2048 })
dune.links.push(new LinkValue('Frank Herbert', undefined, herbert))
dune.embeds.push(new LinkValue('cover.png', undefined, cover))
herbert.backlinks.push('Books/Dune.md')
const files = [dune, herbert, cover]
const vault: Vault = {
  files,
  byPath: (path) => files.find((candidate) => candidate.path.toLowerCase() === path.toLowerCase()),
  resolve: (_from, target) =>
    files.find((candidate) => candidate.title.toLowerCase() === target.toLowerCase() || candidate.path === target),
  now: Date.UTC(2025, 2, 10, 8, 30),
  random: 0.5,
}

function run(
  expression: string,
  options: { on?: FileInfo; thisFile?: FileInfo; formulas?: Record<string, string> } = {},
) {
  const context: Context = {
    vault,
    basePath: 'Library.base',
    thisFile: options.thisFile,
    formulas: new Map(Object.entries(options.formulas ?? {}).map(([name, text]) => [name, parseExpression(text)])),
    errors: new Set(),
  }
  const value = new FileScope(context, options.on ?? dune).eval(parseExpression(expression))
  return { value, errors: [...context.errors] }
}

/** The value as text, the way `toString()` shows it; errors as `error: …`. */
const show = (expression: string, options?: Parameters<typeof run>[1]) => toText(run(expression, options).value)

const cases: [string, string, string][] = [
  // id, expression, result as text
  ['B27', `"done" + 'x'`, 'donex'],
  ['B28', '(2.5) + (-3).abs()', '5.5'],
  ['B29', '7.isEmpty()', 'false'],
  ['B29', '42.toString() + "!"', '42!'],
  ['B30', 'true && !false && null == null', 'true'],
  ['B31', '[1, 2, 3].length', '3'],
  ['B31', '{"a": 1}.a', '1'],
  ['B31', '/ab+c/g.matches("xabbbc")', 'true'],
  ['B32', 'file.name + " (" + pages + ")"', 'Dune (412)'],
  ['B33', 'pages > 400 && rating <= 4.5 && finished < date("2025-01-01")', 'true'],
  ['B34', 'rating && pages', 'true'],
  ['B35', '1 + 2 * 3 - 4 / 2', '5'],
  ['B35', '!false || false && false', 'true'],
  ['B36', '1 == "1"', 'false'],
  ['B37', 'rating == note.rating && note["rating"] == rating', 'true'],
  ['B38', 'note["due date"].hour', '18'],
  ['B39', 'nothing == null', 'true'],
  ['B41', 'file.hasLink(file("People/Frank Herbert.md"))', 'true'],
  ['B42', 'genres[0] + genres[5].isEmpty()', 'sftrue'],
  [
    'B43',
    'file.basename + "|" + file.ext + "|" + file.path + "|" + file.folder + "|" + file.size',
    'Dune|md|Books/Dune.md|Books|100',
  ],
  ['B43', 'file.tags.length + file.links.length + file.embeds.length', '4'],
  ['B43', 'file("People/Frank Herbert.md").file.backlinks[0].asFile().name', 'Dune'],
  ['B44', 'file("Books/cover.png").name + " " + file("Books/cover.png").basename', 'cover.png cover'],
  ['B46', 'file.tags.contains("#Favourite")', 'true'],
  ['B47', 'this.file.name', 'Frank Herbert'],
  ['B47', 'this.born', '1920-10-08'],
  ['B51', 'author == this', 'true'],
  ['B53', 'date("2024-06-30 18:45:00").minute', '45'],
  ['B54', 'today() + "10d"', '2025-03-20'],
  ['B55', '(date("2025-01-31") + "1M").day + (date("2025-01-01") + "90m").minute', '58'],
  ['B56', 'date("2025-03-10") + "1M" + "2h" + "5m"', '2025-04-10 02:05:00'],
  ['B57', '(today() + "2h") - today()', '7200000'],
  ['B58', '(duration("3h") * 4).hours', '12'],
  ['B59', 'finished.year + finished.month + finished.day', '2060'],
  ['B60', '(now() - this.born).years.floor()', '104'],
  ['B61', 'link("Frank Herbert") == author', 'true'],
  ['B63', 'cast.contains(this) && !cast.contains(link("Nobody"))', 'true'],
  ['B65', 'file.embeds[0].containsAny("jpg", "png")', 'true'],
  ['B66', 'if(empty, "yes", "no") + if([], 1, 0) + if(0, 1, 0)', 'no00'],
  ['B67', 'missing.isEmpty() + "/" + missing.lower()', 'true/'],
  ['B69', 'escapeHTML("<b>&")', '&lt;b&gt;&amp;'],
  ['B74', 'if(rating > 4, "great")', 'great'],
  ['B74', 'if(rating > 5, "great")', ''],
  ['B78', 'list(rating).length + list(genres).length', '3'],
  ['B79', 'max(1, 7, 3) - min(4, 2)', '5'],
  ['B80', 'now()', '2025-03-10 08:30:00'],
  ['B81', 'number("12") + number(true) + number(date("1970-01-02"))', '86400013'],
  ['B83', '"x".isTruthy() + "" + 0.isTruthy()', 'truefalse'],
  ['B84', '"x".isType("string") && missing.isType("null") && genres.isType("list")', 'true'],
  ['B86', 'note["due date"].date()', '2024-07-01'],
  ['B87', 'finished.format("dddd, MMMM Do YYYY [at] HH:mm")', 'Sunday, June 30th 2024 at 00:00'],
  ['B88', 'note["due date"].time()', '18:45:00'],
  ['B89', '(now() - "2h").relative() + ", " + (now() + "3d").relative()', '2 hours ago, in 3 days'],
  [
    'B91',
    '"garden".contains("rde") + "" + "garden".containsAll("ga", "en") + "garden".containsAny("x", "y")',
    'truetruefalse',
  ],
  ['B92', '"garden".startsWith("ga") && "garden".endsWith("en")', 'true'],
  ['B94', '"  the long NIGHT ".trim().lower().title()', 'The Long Night'],
  [
    'B95',
    '"a-b-c".replace("-", "+") + " " + "a1b2".replace(/\\d/, "#") + " " + "a1b2".replace(/(\\d)/g, "<$1>")',
    'a+b+c a#b2 a<1>b<2>',
  ],
  ['B96', '"ab".repeat(3) + "abc".reverse()', 'abababcba'],
  ['B97', '"garden".slice(1, 3) + "garden".slice(3)', 'arden'],
  ['B98', '"a,b,c".split(",", 2).join("+")', 'a+b'],
  ['B99', '(-2.5).abs() + (2.1).ceil() + (2.9).floor()', '7.5'],
  ['B100', '(3.14159).round(3) + (2.5).round()', '6.142'],
  ['B101', '(2).toFixed(2)', '2.00'],
  ['B103', 'genres.contains("sf") && genres.containsAll("sf", "classic") && !genres.containsAny("x")', 'true'],
  ['B104', '[1, 2, 3, 4].filter(value > 2).map(value * 10 + index).join(",")', '30,41'],
  ['B105', '[2, 4, 6].reduce(acc + value, 0)', '12'],
  ['B106', '[[3, 1], [2, 3]].flat().unique().sort().reverse().join("")', '321'],
  ['B107', '[1, 2, 3].slice(1).join("-") + [].isEmpty()', '2-3true'],
  ['B108', '[1, 2, 6].mean()', '3'],
  ['B109', 'author.asFile().name + author.linksTo(file("Books/Dune.md"))', 'Frank Herbertfalse'],
  ['B110', 'file.asLink("D").toString() + file.hasProperty("rating") + file.hasProperty("x")', 'Dtruefalse'],
  ['B111', 'file.hasTag("book") && file.hasTag("BOOK/fiction") && !file.hasTag("boo")', 'true'],
  ['B112', 'file.inFolder("Books") && !file.inFolder("Book")', 'true'],
  ['B113', '{"a": 1, "b": 2}.keys().join("") + {}.isEmpty() + {"a": 5}.values()[0]', 'abtrue5'],
  ['B114', '/^du/i.matches(file.name)', 'true'],
  ['B115', 'not(empty(rating))', 'true'],
]

describe('expressions (BASES §4–§5)', () => {
  for (const [id, expression, expected] of cases) {
    it(`${id}: ${expression}`, () => {
      const { value, errors } = run(expression, { thisFile: herbert })
      expect(errors).toEqual([])
      expect(toText(value)).toBe(expected)
    })
  }

  it('B12, B40: formulas, formulas on formulas; B13: one that reaches itself is an error', () => {
    const formulas = {
      score: 'rating * 2',
      label: 'formula.score + " / 10"',
      loop: 'formula.loop2 + 1',
      loop2: 'formula.loop',
    }
    expect(show('formula.label', { formulas })).toBe('9 / 10')
    const { value, errors } = run('formula.loop', { formulas })
    expect(value).toBeInstanceOf(ErrorValue)
    expect(errors).toEqual(['formula loop → loop2 → loop refers to itself'])
  })

  it('B14: a formula is a string whose value takes the type of its result', () => {
    expect(run('if(pages, pages.toFixed(1) + " pages")').value).toBe('412.0 pages')
  })

  it('B50: frontmatter dates are dates, date-times carry their time', () => {
    const finished = run('finished').value as DateValue
    expect(finished).toBeInstanceOf(DateValue)
    expect(finished.time).toBe(false)
    expect((run('note["due date"]').value as DateValue).time).toBe(true)
  })

  it('B57: a date minus a date is a duration counting milliseconds', () => {
    const value = run('date("2025-01-02") - date("2025-01-01")').value
    expect(value).toBeInstanceOf(DurationValue)
    expect(toText(value)).toBe('86400000')
  })

  it('B68: an unknown function, a bad argument and a bad operand are error values, named once', () => {
    for (const [expression, message] of [
      ['frobnicate(1)', 'unknown function frobnicate()'],
      ['number("abc")', 'number(): "abc" is not a number'],
      ['"x".frob()', 'unknown text function frob()'],
      ['genres - 1', 'cannot subtract 1 from sf, classic'],
    ] as const) {
      const { value, errors } = run(expression)
      expect(value, expression).toBeInstanceOf(ErrorValue)
      expect(errors).toEqual([message])
    }
  })

  it('B82: now(), today() and random() are fixed for the build', () => {
    expect(show('now() == now() && random() == random() && today().hour == 0')).toBe('true')
  })

  it('B26: quoting: a negated call and a string holding ": " parse', () => {
    expect(show('!file.name.contains("Template")')).toBe('true')
    expect(show('"a: b".contains(": ")')).toBe('true')
  })

  it('rejects what it cannot read with the reason', () => {
    expect(() => parseExpression('rating >')).toThrow('the expression ends too soon')
    expect(() => parseExpression('"open')).toThrow('unterminated string')
    expect(() => parseExpression('a b')).toThrow('unexpected text after the expression')
  })

  it('equality of values (B36): lists and objects by content, links by target', () => {
    const cases: [string, Value][] = [
      ['[1, [2]] == [1, [2]]', true],
      ['{"a": 1} == {"a": 1}', true],
      ['link("Unwritten") == link("Unwritten")', true],
      ['link("Unwritten") == link("Other")', false],
    ]
    for (const [expression, expected] of cases) expect(run(expression).value, expression).toBe(expected)
  })
})
