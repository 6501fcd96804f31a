/**
 * The lexer of go-template.ts: splits a Go text/template into text and actions,
 * trimming whitespace at `{{- ` and ` -}}` the way Go's lexer does, and decoding
 * string literals with strconv.Unquote's escapes.
 */
import { GoTemplateError } from './go-values';

/** A piece of template source: literal text, or one action's words (strings JSON-encoded, `|` separate). */
export type Token = { kind: 'text'; text: string } | { kind: 'action'; words: string[] };

/** Splits `template` into text and actions, applying `{{-` / `-}}` trimming; comments become empty actions. */
export function tokenize(template: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let trimNext = false;
  while (pos <= template.length) {
    const open = template.indexOf('{{', pos);
    let text = template.slice(pos, open === -1 ? undefined : open);
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, '');
    if (open === -1) {
      tokens.push({ kind: 'text', text });
      break;
    }
    // Go: "{{- " trims only with whitespace after the dash ("{{-3}}" is the number -3).
    const trimLeft = /^\{\{-[ \t\r\n]/.test(template.slice(open, open + 4));
    if (trimLeft) text = text.replace(/[ \t\r\n]+$/, '');
    tokens.push({ kind: 'text', text });
    const bodyStart = open + (trimLeft ? 3 : 2);
    const { words, close } = lexAction(template, bodyStart);
    const trimRight = /[ \t\r\n]-$/.test(template.slice(close - 2, close));
    tokens.push({ kind: 'action', words });
    trimNext = trimRight;
    pos = close + 2;
  }
  return tokens.filter((t) => t.kind === 'action' || t.text !== '');
}

/** The words of one action starting at `start`, and where its `}}` is. Strings stay whole (JSON-encoded). */
function lexAction(template: string, start: number): { words: string[]; close: number } {
  let pos = start;
  const words: string[] = [];
  const rest = template.slice(pos).replace(/^[ \t\r\n]*/, '');
  if (rest.startsWith('/*')) {
    const end = template.indexOf('*/', pos);
    const close =
      end === -1
        ? -1
        : template.slice(end + 2).search(/^(?:[ \t\r\n]+-)?\}\}/) === 0
          ? template.indexOf('}}', end)
          : -1;
    if (close === -1) throw new GoTemplateError('unclosed comment');
    return { words: [], close };
  }
  for (;;) {
    while (pos < template.length && /[ \t\r\n]/.test(template[pos])) pos++;
    if (pos >= template.length) throw new GoTemplateError('unclosed action');
    if (template.startsWith('}}', pos)) return { words, close: pos };
    if (template.startsWith('-}}', pos) && /[ \t\r\n]/.test(template[pos - 1]))
      return { words, close: pos + 1 };
    const ch = template[pos];
    if (ch === '"' || ch === '`') {
      const end = ch === '`' ? template.indexOf('`', pos + 1) : findQuoteEnd(template, pos);
      if (end === -1) throw new GoTemplateError('unterminated string');
      const raw = template.slice(pos, end + 1);
      words.push(JSON.stringify(ch === '`' ? raw.slice(1, -1) : unquoteGo(raw)));
      pos = end + 1;
      continue;
    }
    if (ch === '|') {
      words.push('|');
      pos++;
      continue;
    }
    const m = /^[^\s|"`}]+/.exec(template.slice(pos));
    if (!m) throw new GoTemplateError(`unexpected ${JSON.stringify(ch)} in action`);
    words.push(m[0]);
    pos += m[0].length;
  }
}

function findQuoteEnd(s: string, start: number): number {
  for (let i = start + 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
    else if (s[i] === '\n') return -1;
  }
  return -1;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
};

/** strconv.Unquote of a double-quoted Go string. */
function unquoteGo(raw: string): string {
  return raw
    .slice(1, -1)
    .replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, e: string) => {
      if (SIMPLE_ESCAPES[e] !== undefined) return SIMPLE_ESCAPES[e];
      if (/^[uU]/.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
      const byte = e[0] === 'x' ? parseInt(e.slice(1), 16) : /^[0-7]{3}$/.test(e) ? parseInt(e, 8) : -1;
      if (byte < 0) throw new GoTemplateError(`invalid escape \\${e} in a Go string`);
      // A single byte above 0x7f would be invalid UTF-8 on its own; JS cannot carry it.
      if (byte > 0x7f) throw new GoTemplateError(`byte escape \\${e} above 0x7f is outside the subset`);
      return String.fromCharCode(byte);
    });
}
