/**
 * Protected notes, checked on the server (the build keeps them out of every public record:
 * scripts/stages/access.ts). A reader signs in with a group's password, the worker secret
 * `HYPHAE_ACCESS_<GROUP>`; the session is a cookie signed with `HYPHAE_SESSION_KEY` (HMAC-SHA256
 * through WebCrypto, by Hono's signed cookies) naming the groups it opens and when it ends.
 *
 *   POST /_hyphae/login   password, next → 303 to next with the cookie; 401 wrong; 429 past 10 a minute
 *   GET  /_hyphae/logout  → 303 to / without it
 *
 * Nothing here is cached: a protected page and its sign-in form are `private, no-store`.
 */
import type { Context } from 'hono'
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie'
import { accessSecret } from './core/groups.ts'
import type { Env } from './env.d.ts'

/** Sent as `__Host-hyphae-session` (Hono's `host` prefix): Secure, Path=/ and no Domain, so no other site or subdomain can set it. */
const SESSION_COOKIE = 'hyphae-session'
/** How long a session lasts. */
const SESSION_SECONDS = 30 * 24 * 60 * 60
/** Never stored by a browser or Workers Cache. */
export const PRIVATE_CACHE_CONTROL = 'private, no-store'

function secretOf(env: Env, name: 'HYPHAE_SESSION_KEY' | `HYPHAE_ACCESS_${string}`): string | undefined {
  const value: unknown = env[name]
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** The groups this request's session opens (none without a valid, unexpired, signed cookie). */
export async function sessionGroups<E extends { Bindings: Env }>(c: Context<E>): Promise<Set<string>> {
  const key = secretOf(c.env, 'HYPHAE_SESSION_KEY')
  if (!key) return new Set()
  const value = await getSignedCookie(c, key, SESSION_COOKIE, 'host').catch(() => false)
  if (typeof value !== 'string') return new Set()
  const [groups, expires] = value.split('|')
  if (!groups || !expires || !(Number(expires) > Date.now() / 1000)) return new Set()
  return new Set(groups.split(','))
}

/** Compares in constant time: both sides are hashed first, so neither length nor content shows in the timing. */
async function samePassword(given: string, expected: string): Promise<boolean> {
  const encoder = new TextEncoder()
  const [a, b] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(given)),
    crypto.subtle.digest('SHA-256', encoder.encode(expected)),
  ])
  // workerd's own addition to SubtleCrypto (the Node types in this project do not know it).
  return (crypto.subtle as unknown as { timingSafeEqual(a: ArrayBuffer, b: ArrayBuffer): boolean }).timingSafeEqual(
    a,
    b,
  )
}

/** A same-site path to return to: `/journal/day`, never `//evil.example` or `https://…`. */
function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/'
  try {
    const url = new URL(next, 'https://garden.invalid')
    return url.origin === 'https://garden.invalid' ? url.pathname + url.search : '/'
  } catch {
    return '/'
  }
}

export type LoginOutcome =
  | { kind: 'signed-in'; next: string }
  | { kind: 'wrong'; next: string }
  | { kind: 'too-many'; next: string }
  | { kind: 'unavailable'; next: string }

/**
 * Checks a sign-in: at most 10 a minute from one address (the LOGIN_LIMITER binding), then the
 * password against every group's secret; a match adds its group to the session cookie.
 */
export async function login<E extends { Bindings: Env }>(
  c: Context<E>,
  groups: readonly string[],
): Promise<LoginOutcome> {
  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
  const next = safeNext(form.next)
  const address = c.req.header('CF-Connecting-IP') ?? 'local'
  if (c.env.LOGIN_LIMITER && !(await c.env.LOGIN_LIMITER.limit({ key: address })).success)
    return { kind: 'too-many', next }
  const key = secretOf(c.env, 'HYPHAE_SESSION_KEY')
  if (!key) return { kind: 'unavailable', next }
  const password = typeof form.password === 'string' ? form.password : ''
  const opened = await sessionGroups(c)
  let matched = false
  for (const group of groups) {
    const expected = secretOf(c.env, accessSecret(group))
    // Every group is compared, matched or not: the time taken says nothing of which one.
    if (expected && (await samePassword(password, expected)) && password !== '') {
      opened.add(group)
      matched = true
    }
  }
  if (!matched) return { kind: 'wrong', next }
  const expires = Math.floor(Date.now() / 1000) + SESSION_SECONDS
  await setSignedCookie(c, SESSION_COOKIE, `${[...opened].sort().join(',')}|${expires}`, key, {
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'Lax',
    maxAge: SESSION_SECONDS,
    prefix: 'host',
  })
  return { kind: 'signed-in', next }
}

/** Ends the session: the cookie is cleared. */
export function logout<E extends { Bindings: Env }>(c: Context<E>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true, prefix: 'host' })
}
