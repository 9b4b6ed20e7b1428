/**
 * The Bases expression language's parser (BASES §4): text → a syntax tree. Precedence as in
 * JavaScript (B35): member, call and index; unary `!` `-`; `* / %`; `+ -`; comparisons; `== !=`;
 * `&&`; `||`. Literals: strings in either quote, numbers (`7.isEmpty()` is a call on 7, B29),
 * `true` `false` `null`, lists, objects and regular expressions (B27–B31).
 */

export type Node =
  | { t: 'lit'; v: string | number | boolean | null }
  | { t: 'regex'; source: string; flags: string }
  | { t: 'name'; name: string }
  | { t: 'member'; object: Node; name: string }
  | { t: 'index'; object: Node; index: Node }
  | { t: 'call'; callee: Node; args: Node[] }
  | { t: 'unary'; op: '!' | '-'; arg: Node }
  | { t: 'binary'; op: string; left: Node; right: Node }
  | { t: 'list'; items: Node[] }
  | { t: 'object'; entries: [string, Node][] }

export class ExpressionError extends Error {}

type Token =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'name'; v: string }
  | { k: 'op'; v: string }
  | { k: 'regex'; source: string; flags: string }
  | { k: 'end' }

const OPERATORS = [
  '&&',
  '||',
  '==',
  '!=',
  '>=',
  '<=',
  '>',
  '<',
  '+',
  '-',
  '*',
  '/',
  '%',
  '!',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  '.',
  ':',
]

function lex(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  // A `/` starts a regular expression where an operand is expected.
  const operandExpected = () => {
    const last = tokens.at(-1)
    return !last || (last.k === 'op' && !')]}'.includes(last.v))
  }
  while (i < text.length) {
    const ch = text[i]!
    if (/\s/.test(ch)) {
      i++
      continue
    }
    if (/[0-9]/.test(ch)) {
      const match = /^\d+(?:\.\d+)?/.exec(text.slice(i))!
      tokens.push({ k: 'num', v: Number(match[0]) })
      i += match[0].length
      continue
    }
    if (ch === '"' || ch === "'") {
      let value = ''
      let j = i + 1
      for (; j < text.length && text[j] !== ch; j++) {
        if (text[j] === '\\' && j + 1 < text.length) {
          j++
          const escaped = text[j]!
          value += escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped
        } else value += text[j]
      }
      if (j >= text.length) throw new ExpressionError(`unterminated string starting at column ${i + 1}`)
      tokens.push({ k: 'str', v: value })
      i = j + 1
      continue
    }
    if (/[A-Za-z_$\p{L}]/u.test(ch)) {
      const match = /^[A-Za-z_$\p{L}][\w$\p{L}\p{N}]*/u.exec(text.slice(i))!
      tokens.push({ k: 'name', v: match[0] })
      i += match[0].length
      continue
    }
    if (ch === '/' && operandExpected()) {
      const match = /^\/((?:\\.|\[(?:\\.|[^\]])*\]|[^/\\\n])+)\/([dgimsuy]*)/.exec(text.slice(i))
      if (!match) throw new ExpressionError(`unterminated regular expression at column ${i + 1}`)
      tokens.push({ k: 'regex', source: match[1]!, flags: match[2]! })
      i += match[0].length
      continue
    }
    const op = OPERATORS.find((candidate) => text.startsWith(candidate, i))
    if (!op) throw new ExpressionError(`unexpected "${ch}" at column ${i + 1}`)
    tokens.push({ k: 'op', v: op })
    i += op.length
  }
  tokens.push({ k: 'end' })
  return tokens
}

const BINARY: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
}

export function parseExpression(text: string): Node {
  const tokens = lex(text)
  let at = 0
  const peek = () => tokens[at]!
  const isOp = (value: string) => {
    const token = peek()
    return token.k === 'op' && token.v === value
  }
  const expect = (value: string) => {
    if (!isOp(value)) throw new ExpressionError(`expected "${value}"`)
    at++
  }
  const list = (close: string): Node[] => {
    const items: Node[] = []
    while (!isOp(close)) {
      items.push(binary(0))
      if (!isOp(close)) expect(',')
    }
    at++
    return items
  }
  const primary = (): Node => {
    const token = tokens[at++]!
    switch (token.k) {
      case 'num':
        return { t: 'lit', v: token.v }
      case 'str':
        return { t: 'lit', v: token.v }
      case 'regex':
        return { t: 'regex', source: token.source, flags: token.flags }
      case 'name':
        if (token.v === 'true' || token.v === 'false') return { t: 'lit', v: token.v === 'true' }
        if (token.v === 'null') return { t: 'lit', v: null }
        return { t: 'name', name: token.v }
      case 'op':
        if (token.v === '(') {
          const inner = binary(0)
          expect(')')
          return inner
        }
        if (token.v === '[') return { t: 'list', items: list(']') }
        if (token.v === '{') {
          const entries: [string, Node][] = []
          while (!isOp('}')) {
            const key = tokens[at++]!
            if (key.k !== 'str' && key.k !== 'name') throw new ExpressionError('expected an object key')
            expect(':')
            entries.push([key.v, binary(0)])
            if (!isOp('}')) expect(',')
          }
          at++
          return { t: 'object', entries }
        }
        throw new ExpressionError(`unexpected "${token.v}"`)
      case 'end':
        throw new ExpressionError('the expression ends too soon')
    }
  }
  const postfix = (): Node => {
    let node = primary()
    for (;;) {
      if (isOp('.')) {
        at++
        const name = tokens[at++]!
        if (name.k !== 'name') throw new ExpressionError('expected a name after "."')
        node = { t: 'member', object: node, name: name.v }
      } else if (isOp('(')) {
        at++
        node = { t: 'call', callee: node, args: list(')') }
      } else if (isOp('[')) {
        at++
        const index = binary(0)
        expect(']')
        node = { t: 'index', object: node, index }
      } else return node
    }
  }
  const unary = (): Node => {
    if (isOp('!') || isOp('-')) {
      const op = (tokens[at++] as { v: '!' | '-' }).v
      return { t: 'unary', op, arg: unary() }
    }
    return postfix()
  }
  const binary = (min: number): Node => {
    let left = unary()
    for (;;) {
      const token = peek()
      const precedence = token.k === 'op' ? BINARY[token.v] : undefined
      if (precedence === undefined || precedence <= min - 1 || precedence < min) return left
      at++
      left = { t: 'binary', op: (token as { v: string }).v, left, right: binary(precedence + 1) }
    }
  }
  const node = binary(0)
  if (peek().k !== 'end') throw new ExpressionError('unexpected text after the expression')
  return node
}
