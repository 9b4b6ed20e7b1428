import { Layout } from './Layout.tsx'
import type { SiteView } from './Layout.tsx'
import { uiStrings } from './strings.ts'

export interface SignInPageProps {
  site: SiteView
  /** Where the reader goes once signed in: the protected page asked for (a same-site path). */
  next: string
  /** What the last attempt got: nothing yet, a wrong password, too many attempts, no sign-in set up. */
  outcome?: 'wrong' | 'too-many' | 'unavailable'
}

/**
 * What a protected page answers a reader without its group's session (401): a password field that
 * posts to /_hyphae/login (src/access.ts). It names nothing of the note: not its title, not its path.
 */
export function SignInPage({ site, next, outcome }: SignInPageProps) {
  const words = uiStrings(site.lang).access
  const error =
    outcome === 'wrong'
      ? words.wrong
      : outcome === 'too-many'
        ? words.tooMany
        : outcome === 'unavailable'
          ? words.unavailable
          : undefined
  return (
    <Layout site={site} title={words.title}>
      <article class="note message sign-in">
        <h1 class="note-title">{words.title}</h1>
        <p>{words.explain}</p>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        <form method="post" action="/_hyphae/login">
          <input type="hidden" name="next" value={next} />
          <label for="password">{words.password}</label>
          <input type="password" id="password" name="password" autocomplete="current-password" required autofocus />
          <button type="submit">{words.signIn}</button>
        </form>
      </article>
    </Layout>
  )
}
