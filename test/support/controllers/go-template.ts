/**
 * A subset of Go's text/template with sprig's functions, as Argo CD notifications
 * renders its templates (notifications-engine pkg/templates/service.go: sprig's
 * TxtFuncMap minus env/expandenv, default options, so a missing map key is
 * `missingkey=default`). Everything outside the subset throws a
 * {@link GoTemplateError} naming the construct: the simulator must never render
 * something Go would render differently.
 */
import { tokenize } from './go-template-lex';
import { goEq, goJson, goQuote, GoTemplateError, GoValue, MISSING, printValue, truth } from './go-values';

export { GoTemplateError } from './go-values';

type Operand =
  { kind: 'field'; path: string[] } | { kind: 'literal'; value: GoValue } | { kind: 'func'; name: string };
type Command = Operand[];
type Pipeline = Command[];
type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: Pipeline }
  | { kind: 'if'; branches: Array<{ cond: Pipeline; body: Node[] }>; otherwise: Node[] };

const FUNCS = new Set(['index', 'eq', 'ne', 'trunc', 'toJson', 'quote', 'lower', 'upper']);
const KEYWORDS = new Set(['range', 'with', 'define', 'template', 'block', 'break', 'continue', 'nil']);

/**
 * Renders `template` against `data` the way Go's text/template with sprig would,
 * for this subset: text; actions with `{{-`/`-}}` trim markers and comments;
 * field chains `.a.b`; literals (Go-quoted and raw strings, integers, non-integral
 * floats, true/false); pipelines `X | f a`; `index`, `eq`, `ne` and sprig's
 * `trunc`, `toJson`, `quote`, `lower`, `upper`; `if`/`else if`/`else`/`end`.
 *
 * Missing values follow Go's default `missingkey`: `.a.b` with no `a` renders
 * `<no value>`, while a field of a key that is present but null fails, as Go fails
 * with "nil pointer evaluating interface {}.b". Outside the subset (range, with,
 * variables, parentheses, call, printf, other functions, printing maps or lists)
 * it throws.
 */
export function renderGoTemplate(template: string, data: Record<string, unknown>): string {
  const tokens = tokenize(template);
  let at = 0;
  const parseList = (inIf: boolean): { nodes: Node[]; end: string[] } => {
    const nodes: Node[] = [];
    while (at < tokens.length) {
      const token = tokens[at++];
      if (token.kind === 'text') {
        nodes.push({ kind: 'text', text: token.text });
        continue;
      }
      const words = token.words;
      if (words.length === 0) continue; // a comment
      const head = words[0];
      if (head === 'if') {
        nodes.push(parseIf(words.slice(1)));
      } else if (head === 'else' || head === 'end') {
        if (!inIf) throw new GoTemplateError(`unexpected {{${head}}}`);
        return { nodes, end: words };
      } else {
        nodes.push({ kind: 'action', pipe: parsePipeline(words) });
      }
    }
    if (inIf) throw new GoTemplateError('unexpected EOF: {{if}} without {{end}}');
    return { nodes, end: [] };
  };
  const parseIf = (condition: string[]): Node => {
    const branches: Array<{ cond: Pipeline; body: Node[] }> = [];
    let cond = parsePipeline(condition);
    for (;;) {
      const { nodes, end } = parseList(true);
      branches.push({ cond, body: nodes });
      if (end[0] === 'end') {
        if (end.length > 1) throw new GoTemplateError('unexpected arguments to {{end}}');
        return { kind: 'if', branches, otherwise: [] };
      }
      const rest = end.slice(1);
      if (rest.length === 0) {
        const tail = parseList(true);
        if (tail.end.join(' ') !== 'end')
          throw new GoTemplateError(`expected {{end}} after {{else}}, got {{${tail.end.join(' ')}}}`);
        return { kind: 'if', branches, otherwise: tail.nodes };
      }
      if (rest[0] !== 'if') throw new GoTemplateError(`{{else ${rest[0]}}} is outside the subset`);
      cond = parsePipeline(rest.slice(1));
    }
  };
  const out: string[] = [];
  execute(parseList(false).nodes, data, out);
  return out.join('');
}

function execute(nodes: Node[], data: Record<string, unknown>, out: string[]): void {
  for (const node of nodes) {
    if (node.kind === 'text') out.push(node.text);
    else if (node.kind === 'action') out.push(printValue(evalPipeline(node.pipe, data)));
    else {
      const branch = node.branches.find((b) => truth(evalPipeline(b.cond, data)));
      execute(branch ? branch.body : node.otherwise, data, out);
    }
  }
}

// ---- parsing pipelines ----------------------------------------------------------

function parsePipeline(words: string[]): Pipeline {
  if (words.length === 0) throw new GoTemplateError('missing value for command');
  const commands: Pipeline = [[]];
  for (const word of words) {
    if (word === '|') commands.push([]);
    else commands[commands.length - 1].push(parseOperand(word));
  }
  if (commands.some((c) => c.length === 0)) throw new GoTemplateError('missing command in pipeline');
  return commands;
}

function parseOperand(word: string): Operand {
  if (word.startsWith('"')) return { kind: 'literal', value: JSON.parse(word) as string };
  if (word === 'true' || word === 'false') return { kind: 'literal', value: word === 'true' };
  if (word === '.') return { kind: 'field', path: [] };
  if (/^(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(word)) return { kind: 'field', path: word.slice(1).split('.') };
  if (/^[+-]?\d+$/.test(word)) return { kind: 'literal', value: Number(word) };
  if (/^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/.test(word)) {
    const value = Number(word);
    // Go keeps "2.0" a float64; a JS integer would pass for an int64 here.
    if (Number.isInteger(value))
      throw new GoTemplateError(`float literal ${word} with an integral value is outside the subset`);
    return { kind: 'literal', value };
  }
  if (FUNCS.has(word)) return { kind: 'func', name: word };
  if (KEYWORDS.has(word)) throw new GoTemplateError(`{{${word}}} is outside the subset`);
  if (word.startsWith('$')) throw new GoTemplateError(`variable ${word} is outside the subset`);
  if (word.includes('(') || word.includes(')'))
    throw new GoTemplateError(`parenthesized pipeline ${word} is outside the subset`);
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(word))
    throw new GoTemplateError(`function ${word} is outside the subset`);
  throw new GoTemplateError(`${word} is outside the subset`);
}

// ---- evaluation -------------------------------------------------------------------

function evalPipeline(pipe: Pipeline, data: Record<string, unknown>): GoValue {
  let value: GoValue = MISSING;
  let piped = false;
  for (const command of pipe) {
    value = evalCommand(command, data, piped ? value : undefined);
    // text/template digs a nil interface{} down to "no value" after every command.
    if (value === null || value === undefined) value = MISSING;
    piped = true;
  }
  return value;
}

function evalCommand(command: Command, data: Record<string, unknown>, final: GoValue): GoValue {
  const [head, ...args] = command;
  if (head.kind !== 'func') {
    if (args.length > 0 || final !== undefined)
      throw new GoTemplateError("can't give arguments to a non-function");
    return evalOperand(head, data);
  }
  const values = args.map((a) => {
    if (a.kind === 'func')
      throw new GoTemplateError(
        `function ${a.name} as an argument is outside the subset (needs parentheses)`,
      );
    return evalOperand(a, data);
  });
  if (final !== undefined) values.push(final);
  return callFunc(head.name, values);
}

function evalOperand(operand: Operand, data: Record<string, unknown>): GoValue {
  if (operand.kind === 'literal') return operand.value;
  if (operand.kind === 'func')
    throw new GoTemplateError(`function ${operand.name} as an operand is outside the subset`);
  let value: GoValue = data;
  for (const name of operand.path) {
    if (value === MISSING) return MISSING; // a field of no value is no value (Go: zero reflect.Value, no error)
    if (value === null) throw new GoTemplateError(`nil pointer evaluating interface {}.${name}`);
    if (typeof value !== 'object' || Array.isArray(value))
      throw new GoTemplateError(`can't evaluate field ${name} in type ${goType(value)}`);
    const map = value as Record<string, unknown>;
    value = Object.prototype.hasOwnProperty.call(map, name) && map[name] !== undefined ? map[name] : MISSING;
  }
  return value;
}

function goType(value: GoValue): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  return Array.isArray(value) ? '[]interface {}' : 'map[string]interface {}';
}

/** A parameter declared `string` (or int) in Go: nil or missing values are an error, not a conversion. */
function asString(name: string, value: GoValue): string {
  if (typeof value !== 'string') {
    throw new GoTemplateError(
      `error calling ${name}: ${value === MISSING || value === null ? 'invalid value; expected string' : `wrong type for value; expected string; got ${goType(value)}`}`,
    );
  }
  return value;
}

function callFunc(name: string, args: GoValue[]): GoValue {
  const arity = (n: number): void => {
    if (args.length !== n)
      throw new GoTemplateError(`wrong number of args for ${name}: want ${n} got ${args.length}`);
  };
  switch (name) {
    case 'eq':
      if (args.length < 2) throw new GoTemplateError('wrong number of args for eq: want at least 1 got 0');
      return goEq(args[0], args.slice(1));
    case 'ne':
      arity(2);
      return !goEq(args[0], [args[1]]);
    case 'index': {
      arity(2);
      const [item, key] = args;
      if (item === MISSING || item === null)
        throw new GoTemplateError('error calling index: index of untyped nil');
      if (typeof item !== 'object' || Array.isArray(item))
        throw new GoTemplateError(`index of ${goType(item)} is outside the subset`);
      const map = item as Record<string, unknown>;
      const k = asString('index', key);
      // A missing key yields the map's zero value, nil, which prints as <no value>.
      return Object.prototype.hasOwnProperty.call(map, k) ? map[k] : null;
    }
    case 'trunc': {
      arity(2);
      const [count, text] = args;
      if (typeof count !== 'number' || !Number.isInteger(count))
        throw new GoTemplateError('error calling trunc: wrong type for value; expected int');
      return truncBytes(count, asString('trunc', text));
    }
    case 'toJson':
      arity(1);
      return goJson(args[0]);
    case 'quote':
      // sprig v3 skips nil arguments; the rest are stringified with %v, then %q.
      return args
        .filter((a) => a !== MISSING && a !== null)
        .map((a) => goQuote(printValue(a)))
        .join(' ');
    case 'lower':
    case 'upper':
      arity(1);
      return changeCase(asString(name, args[0]), name === 'upper');
    default:
      throw new GoTemplateError(`function ${name} is outside the subset`);
  }
}

/** sprig's trunc counts bytes of UTF-8 (`s[:c]`, and `s[len(s)+c:]` for negative c). */
function truncBytes(count: number, s: string): string {
  const bytes = Buffer.from(s, 'utf8');
  let cut: Buffer;
  if (count < 0 && bytes.length + count > 0) cut = bytes.subarray(bytes.length + count);
  else if (count >= 0 && bytes.length > count) cut = bytes.subarray(0, count);
  else return s;
  const text = cut.toString('utf8');
  // Go would emit a partial UTF-8 sequence; a JS string cannot hold one.
  if (Buffer.byteLength(text, 'utf8') !== cut.length)
    throw new GoTemplateError('trunc splitting a multi-byte character is outside the subset');
  return text;
}

/** strings.ToLower/ToUpper map rune by rune; JS's full case mapping may expand one (ß to SS), which Go never does. */
function changeCase(s: string, upper: boolean): string {
  let out = '';
  for (const ch of s) {
    const mapped = upper ? ch.toUpperCase() : ch.toLowerCase();
    if ([...mapped].length !== 1)
      throw new GoTemplateError(`case mapping of ${JSON.stringify(ch)} is outside the subset`);
    out += mapped;
  }
  return out;
}
