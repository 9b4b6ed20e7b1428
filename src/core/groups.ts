/**
 * Access groups of protected notes, named the same by the build (scripts/stages/access.ts) and the
 * worker (src/access.ts): a group's name, and the worker secret that holds its password.
 */

/** A group's name: letters, digits, `-` and `_` (it becomes part of a secret's name). */
export const GROUP_RE = /^[a-z0-9][a-z0-9_-]{0,39}$/i

/** The secret holding a group's password: `HYPHAE_ACCESS_<GROUP>`, upper case, `-` as `_`. */
export function accessSecret(group: string): `HYPHAE_ACCESS_${string}` {
  return `HYPHAE_ACCESS_${group.toUpperCase().replace(/-/g, '_')}`
}

/** A secret protected notes read: a group's password or the session key (what `npm run dev` passes on from the environment). */
export function isAccessSecretName(name: string): boolean {
  return /^HYPHAE_(?:ACCESS_[A-Z0-9_]+|SESSION_KEY)$/.test(name)
}
