/**
 * Security headers on every response the worker makes (static assets get theirs from `_headers`).
 * The Content-Security-Policy allows the site's own scripts only: no inline or third-party script
 * can run, whatever a note contains. Inline style *attributes* are allowed (KaTeX positions every
 * glyph with one); inline `<style>` elements only on pages with Mermaid diagrams, which style
 * their SVG that way.
 */
import type { MiddlewareHandler } from 'hono'

const BASE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  // Notes may show images, audio, video and frames from anywhere on the web, as Obsidian does.
  "img-src 'self' https: data:",
  "media-src 'self' https:",
  "frame-src 'self' https:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
]

/** The policy for a page; `diagrams` lets Mermaid's generated `<style>` elements apply. */
export function contentSecurityPolicy(diagrams = false): string {
  const policy = diagrams
    ? BASE_POLICY.map((rule) => (rule === "style-src 'self'" ? "style-src 'self' 'unsafe-inline'" : rule))
    : BASE_POLICY
  return policy.join('; ')
}

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
}

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next()
    // Responses passed through from static assets may be immutable: copy before changing.
    const res = new Response(c.res.body, c.res)
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.headers.set(name, value)
    if (!res.headers.has('Content-Security-Policy')) res.headers.set('Content-Security-Policy', contentSecurityPolicy())
    c.res = res
  }
}
