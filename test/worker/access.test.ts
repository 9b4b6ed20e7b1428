/**
 * Protected notes (test/fixtures/protected): `journal/` is the family's by hyphae.json, Plans.md
 * the work group's by its frontmatter, broken-access.md names no single group and is not published.
 * Every route is driven as a visitor without a session, and nothing of a protected note may show;
 * then the sign-in: 303 with a signed, expiring cookie; wrong 401; past 10 a minute 429.
 */
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { Pack } from '../../src/core/pack.ts'
import { decodeRoot } from '../../src/core/root.ts'
import { loadFixture, noteBody, request } from './helpers.ts'

const PHOTO = '<svg xmlns="http://www.w3.org/2000/svg"><title>quokka portrait</title></svg>'
const CHART = '<svg xmlns="http://www.w3.org/2000/svg"><title>marmoset chart</title></svg>'

beforeAll(async () => {
  await loadFixture('protectedKv')
  // What `npm run dev` / deploy upload to R2 (scripts/r2.ts) for the build's protected attachments.
  const svg = { httpMetadata: { contentType: 'image/svg+xml' } }
  await env.ATTACHMENTS.put('journal/photo.svg', PHOTO, svg)
  await env.ATTACHMENTS.put('shared/chart.svg', CHART, svg)
})

/** Words written only in protected (or unpublished) notes: their text, titles, tags, aliases, description, formula. */
const SECRETS = ['zanzibar', 'quokka', 'Xylophone', 'secretive', 'marmoset', 'Marmoset', 'quarterly', 'Octarine']

const FAMILY = 'correct horse battery staple'
let address = 0
/** A sign-in from an address of its own, so the rate limit of one test does not reach another. */
function signIn(password: string, next = '/journal/diary', from = `192.0.2.${++address}`) {
  return request('/_hyphae/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': from },
    body: new URLSearchParams({ password, next }).toString(),
  })
}

/** The session cookie a Set-Cookie header gives, as a browser would send it back. */
function cookieOf(response: Response): string {
  const header = response.headers.get('Set-Cookie') ?? ''
  return header.split(';')[0]!
}

function leaks(text: string): string[] {
  return SECRETS.filter((word) => text.includes(word))
}

describe('a visitor without a session', () => {
  it('learns nothing of a protected note on any route (ACCESS: every route, its answer)', async () => {
    const routes: [string, RequestInit?][] = [
      ['/'],
      ['/recipes'],
      ['/journal/diary'],
      ['/journal/second'],
      ['/journal/long'],
      ['/plans'],
      ['/broken-access'],
      ['/journal'],
      ['/journal/diary.md'],
      ['/plans.md'],
      ['/journal/diary', { headers: { Accept: 'text/markdown' } }],
      ['/journal/diary', { method: 'HEAD' }],
      ['/family-almanac'],
      ['/_hyphae/fragment/journal/diary'],
      ['/_hyphae/fragment/plans'],
      ['/_hyphae/fragment/recipes'],
      ['/search?q=quokka'],
      ['/search?q=marmoset'],
      ['/search?q=xylophone'],
      ['/_hyphae/suggest?q=quok'],
      ['/_hyphae/suggest?q=zanz'],
      ['/tags'],
      ['/tags/secretive-tag'],
      ['/tags/quarterly-secrets'],
      ['/tags/food'],
      ['/graph'],
      ['/feed.xml'],
      ['/sitemap.xml'],
      ['/llms.txt'],
      ['/robots.txt'],
      ['/index.md'],
      ['/recipes.md'],
      ['/journal/photo.svg'],
      ['/shared/chart.svg'],
      ['/everything.base'],
      ['/board.canvas'],
    ]
    const answers: string[] = []
    for (const [path, init] of routes) {
      const response = await request(path, init)
      // A search page repeats what the visitor typed: that much is theirs.
      const typed = new URL(path, 'https://x').searchParams.get('q')
      const text = typed ? (await response.text()).replace(new RegExp(typed, 'gi'), '') : await response.text()
      expect(leaks(text), `${init?.method ?? 'GET'} ${path}`).toEqual([])
      if (typed && path.startsWith('/search')) expect(text, path).toContain('No note matches every word.')
      if (typed && path.startsWith('/_hyphae/suggest')) expect(JSON.parse(text).results, path).toEqual([])
      // Headers may name the URL asked for (a 404's Cache-Tag): the visitor typed that.
      let headers = JSON.stringify([...response.headers])
      for (const segment of new URL(path, 'https://x').pathname.split('/'))
        if (segment) headers = headers.replaceAll(segment, '')
      expect(leaks(headers), `${path} headers`).toEqual([])
      answers.push(
        `${init?.method ?? 'GET'} ${path}${init?.headers ? ' (Accept: text/markdown)' : ''} → ${response.status}`,
      )
    }
    expect(answers).toEqual([
      'GET / → 200',
      'GET /recipes → 200',
      'GET /journal/diary → 401',
      'GET /journal/second → 401',
      'GET /journal/long → 401',
      'GET /plans → 401',
      'GET /broken-access → 404',
      'GET /journal → 404',
      'GET /journal/diary.md → 401',
      'GET /plans.md → 401',
      'GET /journal/diary (Accept: text/markdown) → 401',
      'HEAD /journal/diary → 401',
      'GET /family-almanac → 404',
      'GET /_hyphae/fragment/journal/diary → 401',
      'GET /_hyphae/fragment/plans → 401',
      'GET /_hyphae/fragment/recipes → 200',
      'GET /search?q=quokka → 200',
      'GET /search?q=marmoset → 200',
      'GET /search?q=xylophone → 200',
      'GET /_hyphae/suggest?q=quok → 200',
      'GET /_hyphae/suggest?q=zanz → 200',
      'GET /tags → 200',
      'GET /tags/secretive-tag → 404',
      'GET /tags/quarterly-secrets → 404',
      'GET /tags/food → 200',
      'GET /graph → 200',
      'GET /feed.xml → 200',
      'GET /sitemap.xml → 200',
      'GET /llms.txt → 200',
      'GET /robots.txt → 200',
      'GET /index.md → 200',
      'GET /recipes.md → 200',
      'GET /journal/photo.svg → 401',
      'GET /shared/chart.svg → 401',
      'GET /everything.base → 200',
      'GET /board.canvas → 200',
    ])
  })

  it('gets the sign-in form, private and uncached, naming nothing of the note', async () => {
    const response = await request('/journal/diary?from=home')
    expect(response.status).toBe(401)
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')
    expect(response.headers.get('Cache-Tag')).toBeNull()
    expect(response.headers.get('ETag')).toBeNull()
    const html = await response.text()
    expect(html).toContain('<title>Sign in · Open Garden</title>')
    expect(html).toContain(
      '<form method="post" action="/_hyphae/login"><input type="hidden" name="next" value="/journal/diary?from=home"/>' +
        '<label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required="" autofocus=""/>' +
        '<button type="submit">Sign in</button></form>',
    )
    expect(html).not.toContain('Diary')
  })

  it('sees links to protected notes as locked links, and their embeds as nothing more', async () => {
    const body = noteBody(await (await request('/')).text())
    expect(body).toContain('The family keeps a <a class="internal locked" href="/journal/diary">Diary</a>')
    expect(body).toContain('a <a class="internal locked" href="/journal/diary">markdown link</a> to it too')
    expect(body).toContain('Work has <a class="internal locked" href="/plans">its plans</a>')
    expect(body).toContain('<a class="internal locked" href="/journal/diary">Family Almanac</a>')
    expect(body).toContain('<p class="embed"><a class="internal locked" href="/journal/diary">Diary</a></p>')
    expect(body).toContain('<p class="embed"><a class="internal locked" href="/plans">Plans &gt; Budget</a></p>')
    // A picture in a protected folder, embedded by a public note: a locked link, no <img> that would 401.
    expect(body).toContain(
      '<p class="embed"><a class="internal locked" href="/journal/photo.svg">journal/photo.svg</a></p>',
    )
    // A public note linked from protected ones lists no backlink from them.
    const recipes = await (await request('/recipes')).text()
    expect(recipes).not.toContain('journal/')
    expect(recipes).not.toContain('/plans')
  })

  it('a base of every note lists the public ones; a canvas card of a protected note is a locked link', async () => {
    const base = noteBody(await (await request('/everything.base')).text())
    expect(base).toContain('href="/recipes"')
    expect(base).not.toContain('journal/')
    expect(base).not.toContain('/plans')
    const canvas = noteBody(await (await request('/board.canvas')).text())
    expect(canvas).toContain('A public card beside it.')
    expect(canvas).not.toContain('Dear diary')
  })

  it('counts only the public notes, and no public pack holds a protected note', async () => {
    const root = (await env.NOTES.get('root', 'text'))!
    expect(decodeRoot(root)!.site.notes).toBe(4)
    const { keys } = await env.NOTES.list()
    const packs = keys.map((key) => key.name).filter((name) => name.startsWith('pack:'))
    expect(packs.filter((name) => name.startsWith('pack:protected/')).length).toBe(1)
    for (const name of packs) {
      const text = new TextDecoder().decode((await env.NOTES.get(name, 'arrayBuffer'))!)
      if (name.startsWith('pack:protected/')) expect(leaks(text).length).toBeGreaterThan(5)
      else expect(leaks(text), name).toEqual([])
    }
    expect(leaks(root)).toEqual([])
    // The protected pack holds only protected records.
    const name = packs.find((key) => key.startsWith('pack:protected/'))!
    const pack = new Pack(new Uint8Array((await env.NOTES.get(name, 'arrayBuffer'))!))
    expect([...pack.keys()].every((key) => /^(p|q):|^m:/.test(key))).toBe(true)
  })

  it("an attachment in a protected folder, or shown by protected notes alone, is its readers' only", async () => {
    const root = decodeRoot((await env.NOTES.get('root', 'text'))!)!
    expect(root.files).toEqual({ 'journal/photo.svg': ['family'], 'shared/chart.svg': ['work'] })
    const response = await request('/journal/photo.svg')
    expect(response.status).toBe(401)
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')
  })

  it('the build reported the note that names no single group, with its line', () => {
    expect(inject('protectedProblems')).toContainEqual({
      file: 'broken-access.md',
      line: 3,
      message: 'not published: "access" must be one group\'s name (letters, digits, - and _), not ["family","work"]',
    })
  })
})

describe('signing in', () => {
  it('a wrong password: 401, the form again with its message, no cookie', async () => {
    const response = await signIn('wrong')
    expect(response.status).toBe(401)
    expect(response.headers.get('Set-Cookie')).toBeNull()
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')
    expect(await response.text()).toContain('<p class="error" role="alert">That password is not right.</p>')
  })

  it("the group's password: 303 to next, with an HttpOnly, Secure, SameSite=Lax cookie that expires", async () => {
    const response = await signIn(FAMILY, '/journal/diary?x=1')
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe('/journal/diary?x=1')
    const cookie = response.headers.get('Set-Cookie')!
    expect(cookie).toMatch(/^__Host-hyphae-session=[^;]+; Max-Age=2592000; Path=\/; HttpOnly; Secure; SameSite=Lax$/)
  })

  it('goes only to same-site paths', async () => {
    for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'journal/diary']) {
      const response = await signIn(FAMILY, next)
      expect(response.headers.get('Location'), next).toBe('/')
    }
  })

  it('the session opens its group: the page, private, with a sign-out link; not the other group', async () => {
    const cookie = cookieOf(await signIn(FAMILY))
    const page = await request('/journal/diary', { headers: { Cookie: cookie } })
    expect(page.status).toBe(200)
    expect(page.headers.get('Cache-Control')).toBe('private, no-store')
    expect(page.headers.get('Cache-Tag')).toBeNull()
    const html = await page.text()
    expect(html).toContain('<h1 class="note-title">Diary of Xylophone</h1>')
    expect(html).toContain('<a class="sign-out" href="/_hyphae/logout">Sign out</a>')
    // Its formula was typeset by the build and stored beside it in the protected pack.
    expect(noteBody(html)).toContain('<span class="katex">')
    // It transcludes a public note.
    expect(noteBody(html)).toContain('Bread, soup and')
    // A note of its own group transcludes it; a long one was rendered by the build.
    const second = noteBody(await (await request('/journal/second', { headers: { Cookie: cookie } })).text())
    expect(second).toContain('A formula only the family sees')
    const long = await request('/journal/long', { headers: { Cookie: cookie } })
    expect(long.status).toBe(200)
    expect(await long.text()).toContain('Paragraph 399: the family letter')
    const markdown = await request('/journal/diary.md', { headers: { Cookie: cookie } })
    expect(await markdown.text()).toMatch(/^# Diary of Xylophone\n\nDear diary, the zanzibar quokka came by\./)
    const preview = await request('/_hyphae/fragment/journal/diary', { headers: { Cookie: cookie } })
    expect(await preview.text()).toContain('<h2 class="preview-title">Diary of Xylophone</h2>')
    // Work's plans stay closed to the family, and link back to the family's diary as locked... from work's view.
    expect((await request('/plans', { headers: { Cookie: cookie } })).status).toBe(401)
  })

  it("a protected attachment opens for its group's readers, privately, still sandboxed", async () => {
    const cookie = cookieOf(await signIn(FAMILY))
    const photo = await request('/journal/photo.svg', { headers: { Cookie: cookie } })
    expect(photo.status).toBe(200)
    expect(await photo.text()).toBe(PHOTO)
    expect(photo.headers.get('Cache-Control')).toBe('private, no-store')
    expect(photo.headers.get('Content-Security-Policy')).toMatch(/^sandbox;/)
    expect((await request('/shared/chart.svg', { headers: { Cookie: cookie } })).status).toBe(401)
  })

  it("a note of another group shows the family's note as a locked link, and does not transclude it", async () => {
    const cookie = cookieOf(await signIn('work-password', '/plans'))
    const html = await (await request('/plans', { headers: { Cookie: cookie } })).text()
    expect(html).toContain('<h1 class="note-title">Marmoset Strategy</h1>')
    const body = noteBody(html)
    expect(body).toContain('The <a class="internal locked" href="/journal/diary">Diary</a> is family')
    expect(body).not.toContain('zanzibar')
  })

  it('one session holds several groups', async () => {
    const first = cookieOf(await signIn(FAMILY))
    const both = await request('/_hyphae/login', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Cookie: first,
        'CF-Connecting-IP': '192.0.2.200',
      },
      body: new URLSearchParams({ password: 'work-password', next: '/plans' }).toString(),
    })
    const cookie = cookieOf(both)
    expect((await request('/plans', { headers: { Cookie: cookie } })).status).toBe(200)
    expect((await request('/journal/diary', { headers: { Cookie: cookie } })).status).toBe(200)
  })

  it('a cookie altered by hand, or another group written into it, opens nothing', async () => {
    const cookie = cookieOf(await signIn('work-password', '/plans'))
    const [name, value] = cookie.split('=') as [string, string]
    const decoded = decodeURIComponent(value)
    const forged = `${name}=${encodeURIComponent(decoded.replace(/^work\|/, 'family,work|'))}`
    expect(forged).not.toBe(cookie)
    expect((await request('/journal/diary', { headers: { Cookie: forged } })).status).toBe(401)
    expect((await request('/plans', { headers: { Cookie: forged } })).status).toBe(401)
  })

  it('signing out clears the cookie', async () => {
    const response = await request('/_hyphae/logout')
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe('/')
    expect(response.headers.get('Set-Cookie')).toMatch(/^__Host-hyphae-session=; Max-Age=0; Path=\/; Secure/)
  })

  it('more than 10 attempts a minute from one address: 429', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) statuses.push((await signIn('guess', '/journal/diary', '198.51.100.7')).status)
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 429, 429])
    // Even the right password waits.
    expect((await signIn(FAMILY, '/journal/diary', '198.51.100.7')).status).toBe(429)
    // Another address is not held up.
    expect((await signIn(FAMILY, '/journal/diary', '198.51.100.8')).status).toBe(303)
  })
})
