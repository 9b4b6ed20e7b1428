/**
 * HTML the build makes once so the worker never has to: KaTeX for math, highlight.js for code.
 * Stored in each record's `prerendered` map under keys both sides compute (src/core/hash.ts).
 */
import hljs from 'highlight.js'
import katex from 'katex'

export interface Prerendered {
  html: string
  /** Why the formula did not typeset, if it did not (KaTeX's message). */
  error?: string
}

export function prerenderMath(tex: string, display: boolean): Prerendered {
  try {
    return {
      html: katex.renderToString(tex, {
        displayMode: display,
        throwOnError: true,
        output: 'htmlAndMathml',
        strict: 'ignore',
        trust: false,
      }),
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return {
      html: katex.renderToString(tex, { displayMode: display, throwOnError: false, strict: 'ignore', trust: false }),
      error: message,
    }
  }
}

/** Highlighted HTML for a fenced block, or undefined when the language is unknown (it then shows as plain text). */
export function prerenderCode(language: string, code: string): string | undefined {
  if (!language || !hljs.getLanguage(language)) return undefined
  return hljs.highlight(code, { language, ignoreIllegals: true }).value
}
