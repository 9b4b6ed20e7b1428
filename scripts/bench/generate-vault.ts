/**
 * A synthetic vault for the benchmark: `count` interlinked notes whose sizes follow a realistic
 * distribution (median 2 KB, about 1% over 30 KB, plus one 300 KB note), using every syntax the
 * site renders: headings, wikilinks (with headings and aliases), note and image embeds, callouts,
 * footnotes, math, code, tables, tags. Deterministic: the same count gives the same vault.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** mulberry32: a small seeded PRNG, so every run benchmarks the same vault. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = (
  'garden note link idea thought graph tree root branch leaf seed spore mycelium network signal memory ' +
  'alignment model token attention layer feature circuit ablation gradient loss vector space field edge ' +
  'worker cache page render build record slug vault folder heading block callout embed footnote'
).split(' ')

/** The images the notes embed; writeVault makes each a tiny file. */
export const IMAGE_PATHS = Array.from({ length: 10 }, (_, i) => `images/figure-${i}.png`)

export interface GeneratedNote {
  path: string
  source: string
}

/** Target body size in bytes: log-normal, median 2 KB, σ chosen so that ~1% exceed 30 KB. */
function noteSize(next: () => number): number {
  const z = Math.sqrt(-2 * Math.log(next() || 1e-9)) * Math.cos(2 * Math.PI * next())
  return Math.round(2000 * Math.exp(1.164 * z))
}

export function generateVault(count: number, seed = 1): GeneratedNote[] {
  const next = random(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!
  const names = Array.from({ length: count }, (_, i) => `topic-${String(i).padStart(5, '0')} ${pick(WORDS)}`)
  const folders = Array.from({ length: Math.max(1, Math.round(count / 50)) }, (_, i) => `area ${i}`)
  const paths = names.map((name, i) => (i === 0 ? 'index.md' : `${folders[i % folders.length]}/${name}.md`))
  const sentence = () => {
    const words = Array.from({ length: 8 + Math.floor(next() * 12) }, () => pick(WORDS))
    words[0] = words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1)
    return `${words.join(' ')}.`
  }
  const link = () => {
    const target = Math.floor(next() * count)
    const name = target === 0 ? 'index' : names[target]!
    const roll = next()
    if (roll < 0.2) return `[[${name}#Section 1]]`
    if (roll < 0.4) return `[[${name}|${pick(WORDS)}]]`
    return `[[${name}]]`
  }
  const blocks: (() => string)[] = [
    () => `${sentence()} ${link()} ${sentence()} ==${pick(WORDS)}== ${sentence()}`,
    () => `${sentence()} ${link()}, ${link()} and $e^{i\\pi} + ${Math.floor(next() * 9)} = x$ ${sentence()}`,
    () =>
      `> [!${pick(['note', 'tip', 'warning', 'abstract', 'faq'])}]${pick(['', '-', '+'])} ${pick(WORDS)}\n> ${sentence()} ${link()}\n> ${sentence()}`,
    () => `- ${sentence()}\n- ${link()} ${sentence()}\n- [ ] ${sentence()}`,
    () =>
      '```' +
      pick(['js', 'python', 'ts', 'bash']) +
      `\nconst ${pick(WORDS)} = ${Math.floor(next() * 100)}\nfunction f(x) { return x * 2 } // ${pick(WORDS)}\n` +
      '```',
    () => `$$\n\\sum_{k=1}^{${Math.floor(next() * 50)}} k^2 = \\frac{n(n+1)(2n+1)}{6}\n$$`,
    () => `| ${pick(WORDS)} | ${pick(WORDS)} |\n| --- | --- |\n| ${link()} | ${Math.floor(next() * 1000)} |`,
    () => `![[${pick(IMAGE_PATHS)}|300]]`,
    () => `${sentence()} #${pick(WORDS)}/${pick(WORDS)} ${sentence()}`,
  ]
  return paths.map((path, i) => {
    const target = i === 1 ? 300_000 : noteSize(next)
    let body = `---\ntitle: ${names[i]}\ndate: 2026-0${1 + (i % 9)}-1${i % 10}\ntags: [${pick(WORDS)}, ${pick(WORDS)}]\n---\n\n${sentence()} ${link()}[^1]\n\n`
    let section = 1
    body += `## Section ${section++}\n\n`
    while (body.length < target) {
      if (body.length > section * 1500) body += `## Section ${section++}\n\n`
      // About one block in fifty transcludes a section of another note.
      body += `${next() < 0.02 ? `![[${names[Math.floor(next() * count)]}#Section 1]]` : pick(blocks)()}\n\n`
    }
    body += `[^1]: ${sentence()} ${link()}\n`
    return { path, source: body }
  })
}

/** Files written at once: a 50,000-note vault must not open 50,000 files together. */
const WRITES_AT_ONCE = 64

/** Writes the vault, and the images its embeds point at, into `dir` (replacing it). */
export async function writeVault(dir: string, count: number): Promise<void> {
  await rm(dir, { recursive: true, force: true })
  const files = [...generateVault(count), ...IMAGE_PATHS.map((path) => ({ path, source: 'png' }))]
  const folders = new Set(files.map((file) => join(dir, file.path, '..')))
  await Promise.all([...folders].map((folder) => mkdir(folder, { recursive: true })))
  let next = 0
  const writer = async () => {
    for (let i = next++; i < files.length; i = next++) await writeFile(join(dir, files[i]!.path), files[i]!.source)
  }
  await Promise.all(Array.from({ length: WRITES_AT_ONCE }, writer))
}
