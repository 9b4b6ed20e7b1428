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
