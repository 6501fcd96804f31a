/**
 * How Go prints and compares the values a notification template sees, for
 * go-template.ts: fmt's %v and %q, encoding/json's Marshal (sprig's toJson) and
 * text/template's eq and truthiness. Argo CD hands templates the Application as
 * unstructured JSON (map[string]interface{}), so values are strings, bools, nil,
 * maps, slices, int64 (integral numbers) and float64 (the rest): a JS number that
 * is an integer stands for an int64 here, any other number for a float64.
 */

/** text/template's invalid reflect.Value: a missing map key (Go prints `<no value>`). */
export const MISSING: unique symbol = Symbol('missing');
/** A template value: JSON data, or {@link MISSING}. */
export type GoValue = unknown;

/** Raised for anything Go would fail on, or that this subset does not model. */
export class GoTemplateError extends Error {}

type Kind = 'invalid' | 'bool' | 'int' | 'float' | 'string' | 'map' | 'slice';

/** The kind text/template's eq sees after it digs through interfaces (nil is invalid). */
export function kindOf(value: GoValue): Kind {
  if (value === MISSING || value === null || value === undefined) return 'invalid';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value)) return 'slice';
  if (typeof value === 'object') return 'map';
  throw new GoTemplateError(`unsupported value of JS type ${typeof value}`);
}

/** text/template's isTrue: empty strings, 0, false, nil and empty maps/slices are false. */
export function truth(value: GoValue): boolean {
  switch (kindOf(value)) {
    case 'invalid':
      return false;
    case 'bool':
      return value as boolean;
    case 'int':
    case 'float':
      return value !== 0;
    case 'string':
    case 'slice':
      return (value as string | unknown[]).length > 0;
    default:
      return Object.keys(value as object).length > 0;
  }
}

/**
 * text/template's eq (Go 1.18+): true when `a` equals any of `others`. A nil or
 * missing operand compares unequal to a valid one without error; two valid
 * operands of different basic kinds (string vs bool, int64 vs float64) are Go's
 * "incompatible types for comparison" error.
 */
export function goEq(a: GoValue, others: GoValue[]): boolean {
  if (others.length === 0) throw new GoTemplateError('error calling eq: missing argument for comparison');
  const k1 = kindOf(a);
  for (const b of others) {
    const k2 = kindOf(b);
    if (k1 === 'map' || k1 === 'slice' || k2 === 'map' || k2 === 'slice')
      throw new GoTemplateError('eq on maps or slices is outside the subset');
    if (k1 !== k2) {
      if (k1 !== 'invalid' && k2 !== 'invalid')
        throw new GoTemplateError('error calling eq: incompatible types for comparison');
      continue;
    }
    // Go compares two nil operands through reflection on invalid values; not modelled.
    if (k1 === 'invalid') throw new GoTemplateError('eq of two nil or missing values is outside the subset');
    if (a === b) return true;
  }
  return false;
}

/** fmt's %v of a scalar; maps and slices are outside the subset. */
export function printValue(value: GoValue): string {
  switch (kindOf(value)) {
    case 'invalid':
      return '<no value>';
    case 'string':
      return value as string;
    case 'bool':
      return String(value);
    case 'int':
      return String(value);
    case 'float':
      return formatG(value as number);
    default:
      throw new GoTemplateError(
        'printing a map or slice (fmt %v of a composite value) is outside the subset',
      );
  }
}

/** strconv.FormatFloat(f, 'g', -1, 64) as %v uses it: exponent form when exp < -4 or exp >= 6 (not 21 as in JS). */
function formatG(f: number): string {
  const [mantissa, exponent] = f.toExponential().split('e');
  const exp = Number(exponent);
  if (exp < -4 || exp >= 6)
    return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(f);
}

function checkScalar(s: string): void {
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)) {
    throw new GoTemplateError('a lone UTF-16 surrogate has no Go (UTF-8) equivalent');
  }
}

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');
const QUOTE_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

/** strconv.Quote (fmt %q): printable runes (unicode.IsPrint: letters, marks, numbers, punctuation, symbols, ASCII space) stay. */
export function goQuote(s: string): string {
  checkScalar(s);
  let out = '"';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (QUOTE_ESCAPES[ch]) out += QUOTE_ESCAPES[ch];
    else if (/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch)) out += ch;
    else if (r < 0x20 || r === 0x7f) out += `\\x${hex(r, 2)}`;
    else if (r < 0x10000) out += `\\u${hex(r, 4)}`;
    else out += `\\U${hex(r, 8)}`;
  }
  return out + '"';
}

/**
 * encoding/json.Marshal (sprig's toJson): map keys sorted, <, >, & and U+2028/9
 * escaped as \u003c-style sequences, \b and \f short (Go 1.22+), other control
 * characters as \u00XX, non-ASCII text left as is.
 */
export function goJson(value: GoValue): string {
  switch (kindOf(value)) {
    case 'invalid':
      return 'null';
    case 'bool':
    case 'int':
      return String(value);
    case 'float':
      // Go switches to exponent form below 1e-6 and from 1e21, like JS, and trims "e-07" to "e-7".
      return String(value);
    case 'string':
      return jsonString(value as string);
    case 'slice':
      return `[${(value as unknown[]).map(goJson).join(',')}]`;
    default: {
      const map = value as Record<string, unknown>;
      // Go sorts map keys by their UTF-8 bytes; for the BMP that is code unit order.
      const keys = Object.keys(map).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${keys.map((k) => `${jsonString(k)}:${goJson(map[k] === undefined ? null : map[k])}`).join(',')}}`;
    }
  }
}

const JSON_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

function jsonString(s: string): string {
  checkScalar(s);
  let out = '"';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (JSON_ESCAPES[ch]) out += JSON_ESCAPES[ch];
    else if (r < 0x20 || ch === '<' || ch === '>' || ch === '&' || r === 0x2028 || r === 0x2029)
      out += `\\u${hex(r, 4)}`;
    else out += ch;
  }
  return out + '"';
}
