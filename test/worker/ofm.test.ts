/**
 * Obsidian fidelity, one md/html pair per OFM-SPEC behaviour: test/fixtures/ofm/cases/<ID>.md is a
 * note of the fixture vault test/fixtures/ofm/ (built by the real build into real KV), and
 * test/fixtures/ofm-expected/<ID>.html is exactly what the worker must render as its body.
 * A case may be split: `<ID>-<n>.md`. test/fixtures/ofm/COVERAGE.md maps every spec ID to its
 * case, to another test, or to the reason it does not apply to a published site.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { loadFixture, noteBody, request } from './helpers.ts'

const cases = import.meta.glob('../fixtures/ofm/cases/*.md', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>
const expected = import.meta.glob('../fixtures/ofm-expected/*.html', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>
const coverage = (
  import.meta.glob('../fixtures/ofm/COVERAGE.md', { query: '?raw', import: 'default', eager: true }) as Record<
    string,
    string
  >
)['../fixtures/ofm/COVERAGE.md']!

/** Every behaviour ID in shared/OFM-SPEC.md. */
const SPEC_IDS = [
  ...['L01', 'L02', 'L03', 'L04', 'L05', 'L06', 'L07', 'L08', 'L09', 'L10', 'L11'],
  ...['H01', 'H02', 'H03', 'H04', 'H05'],
  ...['B01', 'B02', 'B03', 'B04', 'B05', 'B06', 'B07', 'B08', 'B09'],
  ...['D01', 'D02', 'D03', 'D04', 'D05', 'D06', 'D07'],
  ...['E01', 'E02', 'E03', 'E04', 'E05', 'E06'],
  ...['I01', 'I02', 'I03', 'I04', 'I05', 'I06', 'I07'],
  ...['M01', 'M02', 'P01', 'P02', 'P03', 'X01', 'X02', 'X03', 'X04', 'X05'],
  ...['C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C07', 'C08', 'C09', 'C10', 'C11', 'C12', 'C13'],
  ...['T01', 'T02', 'T03', 'T04', 'T05', 'T06', 'T07', 'T08', 'T09'],
  ...['K01', 'K02', 'K03', 'F01', 'F02', 'F03', 'F04', 'F05', 'F06', 'F07', 'F08', 'F09'],
  ...['N01', 'N02', 'N03', 'N04', 'N05'],
  ...['Q01', 'Q02', 'Q03', 'Q04', 'Q05', 'Q06', 'Q07', 'Q08', 'Q09'],
  ...['W01', 'W02', 'W03', 'W04'],
  ...['Y01', 'Y02', 'Y03', 'Y04', 'Y05', 'Y06', 'Y07', 'Y08', 'Y09', 'Y10', 'Y11', 'Y12', 'Y13', 'Y14', 'Y15'],
  ...['R01', 'R02', 'R03', 'R04'],
  ...['U01', 'U02', 'U03', 'U04', 'U05', 'U06', 'U07', 'U08', 'U09'],
]

const caseNames = Object.keys(cases)
  .map((path) => path.slice(path.lastIndexOf('/') + 1, -'.md'.length))
  .sort()

beforeAll(() => loadFixture('ofmKv'))

describe('OFM-SPEC md/html pairs', () => {
  it.each(caseNames)('%s', async (name) => {
    const html = expected[`../fixtures/ofm-expected/${name}.html`]
    expect(html, `missing test/fixtures/ofm-expected/${name}.html`).toBeTypeOf('string')
    const res = await request(`/cases/${name.toLowerCase()}`)
    expect(res.status).toBe(200)
    expect(noteBody(await res.text())).toBe(html)
  })
})

describe('coverage', () => {
  it('every spec ID has a case, a test elsewhere, or a reason it does not apply', () => {
    const listed = new Set([...coverage.matchAll(/^- ([A-Z]\d\d): \S/gm)].map((match) => match[1]))
    expect(SPEC_IDS.filter((id) => !listed.has(id))).toEqual([])
  })

  it('every case named in COVERAGE.md exists', () => {
    const named = [...coverage.matchAll(/cases\/([A-Z]\d\d(?:-\w+)?)\.md/g)].map((match) => match[1]!)
    expect(named.filter((name) => !caseNames.includes(name))).toEqual([])
  })
})
