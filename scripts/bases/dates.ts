/** Dates and durations of the Bases language (BASES B53–B60, B86–B89), in UTC. */
import { DateValue, DurationValue } from './values.ts'

const DAY = 86_400_000

/** `2024-06-30`, `2024-06-30 18:45:00`, `2024-06-30T18:45`, with an optional `Z` or offset; undefined otherwise. */
export function parseDate(text: string): DateValue | undefined {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      text.trim(),
    )
  if (!match) return undefined
  const [, y, mo, d, h, mi, s, frac, zone] = match
  let ms = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
    Number((frac ?? '0').padEnd(3, '0')),
  )
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000
  }
  if (Number.isNaN(ms)) return undefined
  return new DateValue(ms, h !== undefined)
}

const UNITS: Record<string, { months?: number; ms?: number }> = {
  y: { months: 12 },
  year: { months: 12 },
  years: { months: 12 },
  M: { months: 1 },
  month: { months: 1 },
  months: { months: 1 },
  w: { ms: 7 * DAY },
  week: { ms: 7 * DAY },
  weeks: { ms: 7 * DAY },
  d: { ms: DAY },
  day: { ms: DAY },
  days: { ms: DAY },
  h: { ms: 3_600_000 },
  hour: { ms: 3_600_000 },
  hours: { ms: 3_600_000 },
  m: { ms: 60_000 },
  minute: { ms: 60_000 },
  minutes: { ms: 60_000 },
  s: { ms: 1000 },
  second: { ms: 1000 },
  seconds: { ms: 1000 },
}

/** `3 days`, `10d`, `1w 2h`, `-1M`: units as B55 lists them (`M` months, `m` minutes); undefined otherwise. */
export function parseDuration(text: string): DurationValue | undefined {
  const trimmed = text.trim()
  if (!trimmed) return undefined
  let months = 0
  let ms = 0
  let rest = trimmed
  const sign = rest.startsWith('-') ? -1 : 1
  rest = rest.replace(/^[+-]\s*/, '')
  while (rest) {
    const match = /^(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*,?\s*/.exec(rest)
    const unit = match ? (UNITS[match[2]!] ?? UNITS[match[2]!.toLowerCase()]) : undefined
    if (!match || !unit) return undefined
    // `M` is months and `m` minutes; other units ignore case.
    const exact = match[2] === 'M' ? UNITS.M! : match[2] === 'm' ? UNITS.m! : unit
    months += Number(match[1]) * (exact.months ?? 0)
    ms += Number(match[1]) * (exact.ms ?? 0)
    rest = rest.slice(match[0].length)
  }
  return new DurationValue(sign * months, sign * ms)
}

/** `date + duration`, months first on the calendar (clamped to the month's last day), then time. */
export function addDuration(date: DateValue, duration: DurationValue, sign = 1): DateValue {
  const d = new Date(date.ms)
  if (duration.months) {
    const whole = Math.trunc(duration.months * sign)
    const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + whole, 1))
    const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
    d.setUTCFullYear(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d.getUTCDate(), last))
  }
  const ms = d.getTime() + sign * duration.ms
  return new DateValue(ms, date.time || ms % DAY !== 0)
}

/** The date's fields (B59). */
export function dateField(date: DateValue, name: string): number | undefined {
  const d = new Date(date.ms)
  const fields: Record<string, number> = {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  }
  return fields[name]
}

/** A duration's fractional fields (B60): `(now() - born).years`. */
export function durationField(duration: DurationValue, name: string): number | undefined {
  const per: Record<string, number> = {
    years: 365.25 * DAY,
    months: 30.4375 * DAY,
    weeks: 7 * DAY,
    days: DAY,
    hours: 3_600_000,
    minutes: 60_000,
    seconds: 1000,
    milliseconds: 1,
  }
  const unit = per[name]
  return unit === undefined ? undefined : duration.total / unit
}

const MONTHS = 'January February March April May June July August September October November December'.split(' ')
const WEEKDAYS = 'Sunday Monday Tuesday Wednesday Thursday Friday Saturday'.split(' ')

/** Moment.js tokens (B87): YYYY YY MMMM MMM MM M DD D Do dddd ddd HH H hh h mm m ss s A a, `[literal]`. */
export function formatDate(date: DateValue, pattern: string): string {
  const d = new Date(date.ms)
  const pad = (n: number, width = 2) => String(n).padStart(width, '0')
  const hours = d.getUTCHours()
  const day = d.getUTCDate()
  const ordinal = (n: number) => {
    const s = ['th', 'st', 'nd', 'rd']
    const v = n % 100
    return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`
  }
  const tokens: Record<string, () => string> = {
    YYYY: () => String(d.getUTCFullYear()),
    YY: () => pad(d.getUTCFullYear() % 100),
    MMMM: () => MONTHS[d.getUTCMonth()]!,
    MMM: () => MONTHS[d.getUTCMonth()]!.slice(0, 3),
    MM: () => pad(d.getUTCMonth() + 1),
    M: () => String(d.getUTCMonth() + 1),
    Do: () => ordinal(day),
    DD: () => pad(day),
    D: () => String(day),
    dddd: () => WEEKDAYS[d.getUTCDay()]!,
    ddd: () => WEEKDAYS[d.getUTCDay()]!.slice(0, 3),
    HH: () => pad(hours),
    H: () => String(hours),
    hh: () => pad(hours % 12 || 12),
    h: () => String(hours % 12 || 12),
    mm: () => pad(d.getUTCMinutes()),
    m: () => String(d.getUTCMinutes()),
    ss: () => pad(d.getUTCSeconds()),
    s: () => String(d.getUTCSeconds()),
    A: () => (hours < 12 ? 'AM' : 'PM'),
    a: () => (hours < 12 ? 'am' : 'pm'),
  }
  return pattern.replace(
    /\[([^\]]*)\]|YYYY|YY|MMMM|MMM|MM|M|Do|DD|D|dddd|ddd|HH|H|hh|h|mm|m|ss|s|A|a/g,
    (token, literal) => (literal !== undefined ? literal : tokens[token]!()),
  )
}

/** Distance from `now` in words (B89): `2 hours ago`, `in 3 days`. */
export function relativeDate(date: DateValue, now: number): string {
  const diff = date.ms - now
  const abs = Math.abs(diff)
  const steps: [number, string][] = [
    [365.25 * DAY, 'year'],
    [30.4375 * DAY, 'month'],
    [DAY, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
  ]
  for (const [size, unit] of steps) {
    if (abs >= size) {
      const n = Math.round(abs / size)
      const text = `${n} ${unit}${n === 1 ? '' : 's'}`
      return diff < 0 ? `${text} ago` : `in ${text}`
    }
  }
  return 'just now'
}
