/**
 * A first build of a large vault lays the graph out on a thread of its own while it assembles the
 * notes (scripts/graph/in-thread.ts): the record it gives is the one laid out in place, and it is
 * kept as the build's, so a rebuild with the same links lays out nothing.
 */
import { expect, it, vi } from 'vitest'
import { startGraph } from '../../scripts/graph/in-thread.ts'
import type { GraphNote } from '../../scripts/graph/record.ts'
import { graphBefore, layOut } from '../../scripts/graph/record.ts'
import type { Slug } from '../../src/core/slug.ts'

// 2,400 notes in 12 folders, each linking to the next three and to its folder's first note.
const notes: GraphNote[] = Array.from({ length: 2400 }, (_, i) => ({
  slug: `f${i % 12}/n${i}` as Slug,
  path: `f${i % 12}/n${i}.md`,
  title: `Note ${i}`,
  links: [1, 2, 3].map((k) => `f${(i + k) % 12}/n${(i + k) % 2400}`).concat(`f${i % 12}/n${i % 12}`),
}))

it('gives the graph a layout in place gives, laid out on a thread, and keeps it for the next build', () => {
  const warn = vi.spyOn(console, 'warn')
  const take = startGraph(notes)
  expect(graphBefore(notes)).toBeUndefined()
  const record = take()
  expect(record).toEqual(layOut(notes))
  expect(record.nodes).toHaveLength(2000)
  // Laid out by the thread: a thread that failed says so, and the main thread lays it out.
  expect(warn).not.toHaveBeenCalled()
  expect(take()).toBe(record)
  expect(graphBefore(notes.map((note) => ({ ...note, links: [...note.links] })))).toBe(record)
  // A link changed: laid out again, in place this time (a rebuild while watching).
  const changed = notes.map((note, i) => (i === 7 ? { ...note, links: [...note.links, 'f0/n0'] } : note))
  const again = startGraph(changed)()
  expect(again).toEqual(layOut(changed))
  expect(graphBefore(changed)).toBe(again)
})
