/** Link resolution (src/core/links.ts): which file a link written in one note points at. OFM-SPEC L01, L05, L07, L09, U02–U04. */
import { describe, expect, it } from 'vitest'
import type { VaultEntry } from '../../src/core/links.ts'
import { joinPath, LinkResolver } from '../../src/core/links.ts'
import { slugFromPath } from '../../src/core/slug.ts'

const note = (path: string, aliases: string[] = []): VaultEntry => ({
  path,
  kind: 'note',
  to: slugFromPath(path),
  aliases,
})
const file = (path: string): VaultEntry => ({ path, kind: 'file', to: slugFromPath(path), aliases: [] })

const resolver = new LinkResolver([
  note('index.md'),
  note('thoughts/Alignment.md'),
  note('thoughts/Overton Window.md', ['window of discourse']),
  note('thoughts/mechanistic interpretability.md'),
  note('thoughts/vLLM.md'),
  note('Projects/Three laws of motion.md'),
  note('Projects/Ideas.md'),
  note('Archive/Ideas.md'),
  note('Archive/deep/Notes.md'),
  note('Zeta/Notes.md'),
  note('Archive/Old/Notes.md'),
  note('craft.md', ['work', 'Making things']),
  note('Guides/Making friends.md'),
  file('thoughts/images/alignment-asl-scale.webp'),
  file('Figure 1.png'),
  file('Attachments/Document.pdf'),
])

describe('LinkResolver.resolve', () => {
  it.each<[string, string, string | undefined]>([
    // from, link path as written, path it resolves to (undefined = broken)
    ['thoughts/Alignment.md', 'thoughts/Overton Window', 'thoughts/Overton Window.md'],
    ['thoughts/Alignment.md', 'thoughts/Overton Window.md', 'thoughts/Overton Window.md'],
    ['thoughts/Alignment.md', 'Overton Window', 'thoughts/Overton Window.md'],
    ['index.md', 'Overton Window', 'thoughts/Overton Window.md'],
    ['index.md', 'overton window', 'thoughts/Overton Window.md'],
    ['index.md', 'THOUGHTS/OVERTON WINDOW', 'thoughts/Overton Window.md'],
    ['index.md', 'thoughts/vllm', 'thoughts/vLLM.md'],
    ['index.md', 'Projects/Three laws of motion', 'Projects/Three laws of motion.md'],
    ['index.md', 'Three laws of motion.md', 'Projects/Three laws of motion.md'],
    ['thoughts/Alignment.md', './Overton Window', 'thoughts/Overton Window.md'],
    ['thoughts/Alignment.md', '../Projects/Ideas', 'Projects/Ideas.md'],
    ['thoughts/Alignment.md', '../../Projects/Ideas', undefined],
    ['thoughts/Alignment.md', '/thoughts/vLLM', 'thoughts/vLLM.md'],
    ['thoughts/Alignment.md', '/vLLM', undefined],
    ['Archive/Old/Notes.md', 'Ideas', 'Archive/Ideas.md'],
    ['Projects/Three laws of motion.md', 'Ideas', 'Projects/Ideas.md'],
    ['index.md', 'Ideas', 'Archive/Ideas.md'],
    ['index.md', 'Notes', 'Zeta/Notes.md'],
    ['Archive/deep/Notes.md', 'Notes', 'Archive/deep/Notes.md'],
    ['index.md', 'deep/Notes', 'Archive/deep/Notes.md'],
    ['index.md', 'Old/Notes', 'Archive/Old/Notes.md'],
    ['index.md', 'eep/Notes', undefined],
    ['index.md', 'work', 'craft.md'],
    ['index.md', 'making things', 'craft.md'],
    ['index.md', 'window of discourse', 'thoughts/Overton Window.md'],
    ['index.md', 'Guides/Making friends', 'Guides/Making friends.md'],
    ['thoughts/Alignment.md', 'thoughts/images/alignment-asl-scale.webp', 'thoughts/images/alignment-asl-scale.webp'],
    ['thoughts/Alignment.md', 'images/alignment-asl-scale.webp', 'thoughts/images/alignment-asl-scale.webp'],
    ['thoughts/Alignment.md', 'alignment-asl-scale.webp', 'thoughts/images/alignment-asl-scale.webp'],
    ['thoughts/Alignment.md', 'alignment-asl-scale', undefined],
    ['index.md', 'Figure 1.png', 'Figure 1.png'],
    ['index.md', 'Figure 1', undefined],
    ['index.md', 'Document.pdf', 'Attachments/Document.pdf'],
    ['thoughts/Alignment.md', '', 'thoughts/Alignment.md'],
    ['thoughts/Alignment.md', 'thoughts/moral', undefined],
    ['thoughts/Alignment.md', 'Existentialism', undefined],
  ])('in %s, [[%s]] → %s', (from, link, expected) => {
    expect(resolver.resolve(from, link)?.path).toBe(expected)
  })
})

describe('joinPath', () => {
  it.each<[string, string, string | undefined]>([
    ['a/b', 'c', 'a/b/c'],
    ['a/b', '../c', 'a/c'],
    ['a/b', './c/./d', 'a/b/c/d'],
    ['', '../c', undefined],
    ['a', '../../c', undefined],
    ['', 'x//y', 'x/y'],
  ])('%s + %s → %s', (folder, relative, expected) => {
    expect(joinPath(folder, relative)).toBe(expected)
  })
})
