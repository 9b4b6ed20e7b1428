/**
 * What a build remembers of the one before, so a rebuild while `npm run dev` watches does again
 * only what its inputs changed: a value is kept by a key with the exact inputs it was made from,
 * and found again only when every input is the same: the same string (a comparison of bytes, not a
 * hash), or the same object (which nothing in the build edits once made).
 * Each build keeps only what it used (`rotate`), so memory stays that of one build.
 */
export class Memo<T> {
  #before = new Map<string, { inputs: readonly unknown[]; value: T }>()
  #now = new Map<string, { inputs: readonly unknown[]; value: T }>()

  /**
   * The value made from `inputs` under `key`: the build before's when the inputs are the same
   * (`===`: strings by their characters, objects by identity), else `make()`.
   */
  get(key: string, inputs: readonly unknown[], make: () => T): T {
    const kept = this.#now.get(key) ?? this.#before.get(key)
    if (kept && sameItems(kept.inputs, inputs)) {
      this.#now.set(key, kept)
      return kept.value
    }
    const value = make()
    this.#now.set(key, { inputs, value })
    return value
  }

  /** A new build starts: what the last one did not use is let go. */
  rotate(): void {
    this.#before = this.#now
    this.#now = new Map()
  }
}

/** Two lists of the same items (`===`), in the same order: how every stage tells a list made again from the one before. */
export function sameItems<T>(a: readonly T[] | undefined, b: readonly T[]): boolean {
  return a !== undefined && (a === b || (a.length === b.length && a.every((item, i) => item === b[i])))
}

/**
 * A value made from a few fields of every item of a list (a list page from the note records), made
 * again only when the list, one of those fields in some item, or one of `deps` changed: a save of
 * a note's text lists nothing new. Items are compared as themselves first (a rebuild hands on the
 * records it did not change), then field by field; a list field by its items.
 */
export class ListedMemo<Item extends object, T> {
  #items: readonly Item[] | undefined
  #deps: readonly unknown[] = []
  #value: T | undefined

  readonly fields: readonly (keyof Item)[]

  constructor(fields: readonly (keyof Item)[]) {
    this.fields = fields
  }

  get(items: readonly Item[], deps: readonly unknown[], make: () => T): T {
    const before = this.#items
    const same =
      before !== undefined &&
      sameItems(this.#deps, deps) &&
      before.length === items.length &&
      before.every(
        (item, i) => item === items[i] || this.fields.every((field) => sameValue(item[field], items[i]![field])),
      )
    this.#items = items
    this.#deps = deps
    if (!same || this.#value === undefined) this.#value = make()
    return this.#value
  }
}

/** The same value: the same, or lists of the same items, an item being the same or an object of the same fields (a link). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
  return a.every((item, i) => {
    const other: unknown = b[i]
    return item === other || (typeof item === 'object' && typeof other === 'object' && sameFields(item, other))
  })
}

/**
 * Two objects with the same fields, each the same value (`===`) or a list of the same items: a
 * record made again from the same parts (a list made again each build, like the transitive embeds,
 * is the same when its items are).
 */
export function sameFields(a: object | null, b: object | null): boolean {
  if (a === null || b === null) return a === b
  const first = a as Record<string, unknown>
  const second = b as Record<string, unknown>
  const keys = Object.keys(first)
  if (keys.length !== Object.keys(second).length) return false
  return keys.every((key) => {
    const x = first[key]
    const y = second[key]
    return x === y || (Array.isArray(x) && Array.isArray(y) && sameItems(x, y))
  })
}
