/**
 * Sends a page of the site (src/pages/Layout.tsx): its JSX rendered to a string, the explorer put
 * in its slot as the bytes the isolate encoded once (src/pages/explorer.ts), a note's body the build
 * rendered as the bytes its pack holds, the whole as UTF-8.
 */
import type { Context } from 'hono'
import type { JSX } from 'hono/jsx/jsx-runtime'
import { HtmlEscapedCallbackPhase, resolveCallback } from 'hono/utils/html'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { pageBytes } from './pages/explorer.ts'
import type { SiteView } from './pages/Layout.tsx'

export async function sendPage(
  c: Context,
  site: SiteView,
  page: JSX.Element,
  status: ContentfulStatusCode = 200,
  body?: Uint8Array,
): Promise<Response> {
  const html = await resolveCallback(await page, HtmlEscapedCallbackPhase.Stringify, false, {})
  c.header('Content-Type', 'text/html; charset=UTF-8')
  return c.body(pageBytes(html, site.explorer, body), status)
}
