/**
 * The lexer of expr.ts (the expr-lang subset): strings with expr-lang's escapes,
 * decimal numbers (a leading minus where an operand starts), identifiers and the
 * few operators the subset knows.
 */

/** Raised for expressions outside the subset, and for what expr-lang fails on at run time. */
export class ExprError extends Error {}

/** One token: a string, a number (value in `n`), an identifier or keyword, or an operator. */
export type Tok = { k: 'str' | 'num' | 'id' | 'op'; v: string; n?: number };

const OPERATORS = ['?.', '==', '!=', '&&', '||', '(', ')', '[', ']', ',', '.', '!', ':'];
const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  b: '\b',
  f: '\f',
  v: '\v',
  a: '\x07',
  '0': '\0',
};

/** True when the token before allows an operand next (so a `-` there is a sign, not subtraction). */
function startsOperand(previous: Tok | undefined): boolean {
  if (!previous) return true;
  if (previous.k === 'op') return previous.v !== ')' && previous.v !== ']';
  return previous.k === 'id' && ['and', 'or', 'not', 'in'].includes(previous.v);
}

/** The tokens of `source`; operators outside the subset are refused here, by name. */
export function lex(source: string): Tok[] {
  const tokens: Tok[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '"' || ch === "'") {
      let value = '';
      let j = i + 1;
      for (; j < source.length && source[j] !== ch; j++) {
        if (source[j] !== '\\') {
          value += source[j];
          continue;
        }
        const e = source[++j];
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(source.slice(j + 1, j + 5))) {
          value += String.fromCharCode(parseInt(source.slice(j + 1, j + 5), 16));
          j += 4;
        } else if (ESCAPES[e] !== undefined) {
          value += ESCAPES[e];
        } else {
          throw new ExprError(`escape \\${e} is outside the subset`);
        }
      }
      if (j >= source.length) throw new ExprError('unterminated string');
      tokens.push({ k: 'str', v: value });
      i = j + 1;
    } else if (
      /[0-9]/.test(ch) ||
      (ch === '-' && /[0-9]/.test(source[i + 1] ?? '') && startsOperand(tokens[tokens.length - 1]))
    ) {
      // A minus only in front of a number where an operand starts (a[-1], x == -2): unary minus on a literal.
      const m = /^-?(\d[\d_]*)(\.\d+)?([eE][+-]?\d+)?/.exec(source.slice(i))!;
      if (/^-?0[xXbBoO]/.test(source.slice(i)))
        throw new ExprError('hex, octal and binary literals are outside the subset');
      tokens.push({ k: 'num', v: m[0], n: Number(m[0].replace(/_/g, '')) });
      i += m[0].length;
    } else if (/[A-Za-z_$]/.test(ch)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(source.slice(i))!;
      tokens.push({ k: 'id', v: m[0] });
      i += m[0].length;
    } else {
      const op = OPERATORS.find((o) => source.startsWith(o, i));
      if (!op) {
        const m = /^[^\sA-Za-z0-9_'"()[\],.]+/.exec(source.slice(i));
        throw new ExprError(`operator ${m ? m[0] : ch} is outside the subset`);
      }
      tokens.push({ k: 'op', v: op });
      i += op.length;
    }
  }
  return tokens;
}
