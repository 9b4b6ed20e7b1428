/**
 * `POST /_hyphae/purge`: the deploy script asks the worker to purge its own Workers Cache entries
 * (only the worker can: zone purges do not reach Workers Cache). Authenticated with the
 * PURGE_TOKEN secret; without the secret the endpoint does not exist.
 * Body: `{"tags": ["n:thoughts%2Falignment", …]}` or `{"everything": true}`.
 */
import { cache } from 'cloudflare:workers'
import type { Context } from 'hono'
import type { Env } from './env.d.ts'

async function sameSecret(given: string, expected: string): Promise<boolean> {
  const encoder = new TextEncoder()
  // Compare digests, byte by byte without stopping early: the time taken says nothing about the secret.
  const [a, b] = await Promise.all(
    [given, expected].map(async (text) => new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)))),
  )
  let difference = 0
  for (let i = 0; i < a!.length; i++) difference |= a![i]! ^ b![i]!
  return difference === 0
}

function parseBody(value: unknown): CachePurgeOptions | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  if ('everything' in value && value.everything === true) return { purgeEverything: true }
  if (!('tags' in value) || !Array.isArray(value.tags)) return undefined
  const tags = value.tags
  const ok =
    tags.length > 0 &&
    tags.length <= 1000 &&
    tags.every((tag) => typeof tag === 'string' && /^[\x21-\x7e]{1,1024}$/.test(tag))
  return ok ? { tags: tags as string[] } : undefined
}

export async function purgeHandler(c: Context<{ Bindings: Env }>): Promise<Response> {
  c.header('Cache-Control', 'no-store')
  const token = c.env.PURGE_TOKEN
  if (!token) return c.text('Not found', 404)
  if (!(await sameSecret(c.req.header('Authorization') ?? '', `Bearer ${token}`))) return c.text('Unauthorized', 401)
  let options: CachePurgeOptions | undefined
  try {
    options = parseBody(await c.req.json())
  } catch {
    options = undefined
  }
  if (!options) return c.text('Expected {"tags": [...]} (printable ASCII, at most 1000) or {"everything": true}', 400)
  let result: CachePurgeResult
  try {
    result = await cache.purge(options)
  } catch (error) {
    // Local runtimes (wrangler dev, tests) have no Workers Cache to purge.
    const message = error instanceof Error ? error.message : String(error)
    return c.json(
      { success: false, errors: [{ code: 0, message: `Workers Cache is not available here: ${message}` }] },
      501,
    )
  }
  if (!result.success) console.error(`hyphae: cache purge failed: ${JSON.stringify(result.errors)}`)
  return c.json(result, result.success ? 200 : 502)
}
