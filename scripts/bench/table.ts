/** The bench's one table: a row per measure, its value beside its target. */

export interface Row {
  name: string
  value: string
  target?: string
  /** Whether the value meets the target; absent for a row without one. */
  ok?: boolean
}

/** Milliseconds, with two decimals below 10. */
export const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`

export function printTable(rows: readonly Row[]): void {
  const cells = rows.map((row) => [
    row.name,
    row.value,
    row.target ?? '',
    row.ok === undefined ? '' : row.ok ? 'yes' : 'NO',
  ])
  const header = ['measure', 'value', 'target', 'met']
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((cell) => cell[i]!.length)))
  const line = (cell: string[]) => `| ${cell.map((text, i) => text.padEnd(widths[i]!)).join(' | ')} |`
  console.log([line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n'))
}
