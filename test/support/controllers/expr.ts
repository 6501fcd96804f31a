/**
 * A subset of expr-lang (github.com/expr-lang/expr), the language of Argo CD
 * notification triggers (`when:`), evaluated the way notifications-engine runs it:
 * `expr.Compile(when)` without a typed environment, then `expr.Run(program, vars)`
 * with vars a map[string]any (pkg/triggers/service.go). Anything outside the subset
 * throws an {@link ExprError} naming the construct.
 *
 * Nil rules come from expr-lang's runtime.Fetch (runtime/runtime.go): fetching a
 * key a map lacks yields the element type's zero value, nil for map[string]any;
 * fetching anything from nil panics "cannot fetch <name> from <nil>", which `?.`
 * turns into nil for the rest of the chain.
 */

import { ExprError, lex, Tok } from './expr-lex';

export { ExprError } from './expr-lex';

type Node =
  | { t: 'lit'; value: unknown }
  | { t: 'name'; name: string }
  | { t: 'array'; items: Node[] }
  | { t: 'member'; object: Node; key: Node; optional: boolean }
  | { t: 'unary'; op: 'not'; operand: Node }
  | { t: 'binary'; op: 'and' | 'or' | '==' | '!=' | 'in' | 'not in'; left: Node; right: Node };

/**
 * Evaluates `expression` against `env` (expr-lang subset): member access `a.b`,
 * optional `a?.b`, index `a['k']` / `a[0]` (negative counts from the end);
 * literals 'single'/"double" strings, integers, floats, true, false, nil, array
 * literals; `==`, `!=`, `in`, `not in`, `and`/`&&`, `or`/`||`, `not`/`!` and
 * parentheses, with expr-lang's precedence (unary not, then ==/!=/in, then and,
 * then or). `and`/`or`/`not` need booleans, as in expr-lang (nil is an error);
 * numbers compare across int and float. Function calls, arithmetic, ordering
 * comparisons and every other operator throw.
 */
export function evaluateExpr(expression: string, env: Record<string, unknown>): unknown {
  const tokens = lex(expression);
  let at = 0;
  const peek = (): Tok | undefined => tokens[at];
  const isOp = (...ops: string[]): boolean =>
    peek() !== undefined && (peek()!.k === 'op' || peek()!.k === 'id') && ops.includes(peek()!.v);
  const expect = (v: string): void => {
    if (!isOp(v)) throw new ExprError(`expected ${v} at ${describe(peek())}`);
    at++;
  };

  const parseOr = (): Node => {
    let left = parseAnd();
    while (isOp('or', '||')) {
      at++;
      left = { t: 'binary', op: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Node => {
    let left = parseCompare();
    while (isOp('and', '&&')) {
      at++;
      left = { t: 'binary', op: 'and', left, right: parseCompare() };
    }
    return left;
  };
  const parseCompare = (): Node => {
    let left = parseUnary();
    for (;;) {
      if (isOp('==', '!=', 'in')) {
        const op = tokens[at++].v as '==' | '!=' | 'in';
        left = { t: 'binary', op, left, right: parseUnary() };
      } else if (isOp('not') && tokens[at + 1]?.v === 'in') {
        at += 2;
        left = { t: 'binary', op: 'not in', left, right: parseUnary() };
      } else {
        return left;
      }
    }
  };
  const parseUnary = (): Node => {
    if (isOp('not', '!')) {
      at++;
      return { t: 'unary', op: 'not', operand: parseUnary() };
    }
    return parsePostfix(parsePrimary());
  };
  const parsePostfix = (start: Node): Node => {
    let node = start;
    for (;;) {
      if (isOp('.', '?.')) {
        const optional = tokens[at++].v === '?.';
        if (isOp('[')) {
          at++;
          node = { t: 'member', object: node, key: parseOr(), optional };
          expect(']');
          continue;
        }
        const name = tokens[at++];
        if (!name || name.k !== 'id') throw new ExprError(`expected a field name at ${describe(name)}`);
        node = { t: 'member', object: node, key: { t: 'lit', value: name.v }, optional };
      } else if (isOp('[')) {
        at++;
        if (isOp(':')) throw new ExprError('slices (a[i:j]) are outside the subset');
        node = { t: 'member', object: node, key: parseOr(), optional: false };
        if (isOp(':')) throw new ExprError('slices (a[i:j]) are outside the subset');
        expect(']');
      } else if (isOp('(')) {
        throw new ExprError(`function call ${render(node)}(...) is outside the subset`);
      } else {
        return node;
      }
    }
  };
  const parsePrimary = (): Node => {
    const tok = tokens[at++];
    if (!tok) throw new ExprError('unexpected end of expression');
    if (tok.k === 'str') return { t: 'lit', value: tok.v };
    if (tok.k === 'num') return { t: 'lit', value: tok.n };
    if (tok.k === 'id') {
      if (tok.v === 'true' || tok.v === 'false') return { t: 'lit', value: tok.v === 'true' };
      if (tok.v === 'nil') return { t: 'lit', value: null };
      if (
        [
          'and',
          'or',
          'not',
          'in',
          'matches',
          'contains',
          'startsWith',
          'endsWith',
          'let',
          'if',
          'else',
        ].includes(tok.v)
      ) {
        throw new ExprError(`unexpected ${tok.v}`);
      }
      return { t: 'name', name: tok.v };
    }
    if (tok.v === '(') {
      const inner = parseOr();
      expect(')');
      return inner;
    }
    if (tok.v === '[') {
      const items: Node[] = [];
      while (!isOp(']')) {
        items.push(parseOr());
        if (!isOp(']')) expect(',');
      }
      at++;
      return { t: 'array', items };
    }
    throw new ExprError(`operator ${tok.v} is outside the subset`);
  };

  const tree = parseOr();
  if (at < tokens.length) {
    const tok = tokens[at];
    throw new ExprError(
      tok.k === 'op' ? `operator ${tok.v} is outside the subset` : `unexpected ${describe(tok)}`,
    );
  }
  return evaluate(tree, env);
}

const SHORT_CIRCUIT = Symbol('nil chain');

function evaluate(node: Node, env: Record<string, unknown>): unknown {
  const value = evalNode(node, env);
  return value === SHORT_CIRCUIT || value === undefined ? null : value;
}

function evalNode(node: Node, env: Record<string, unknown>): unknown {
  switch (node.t) {
    case 'lit':
      return node.value;
    case 'name':
      return Object.prototype.hasOwnProperty.call(env, node.name) ? (env[node.name] ?? null) : null;
    case 'array':
      return node.items.map((item) => evaluate(item, env));
    case 'member': {
      const object = evalNode(node.object, env);
      // `a?.b.c`: once `?.` met nil, the rest of the chain is nil too.
      if (object === SHORT_CIRCUIT) return SHORT_CIRCUIT;
      const key = evaluate(node.key, env);
      if (object === null || object === undefined) {
        if (node.optional) return SHORT_CIRCUIT;
        throw new ExprError(`cannot fetch ${String(key)} from <nil>`);
      }
      return fetch(object, key);
    }
    case 'unary':
      return !asBool('not', evaluate(node.operand, env));
    case 'binary': {
      const left = evaluate(node.left, env);
      if (node.op === 'and') return asBool('and', left) ? asBool('and', evaluate(node.right, env)) : false;
      if (node.op === 'or') return asBool('or', left) ? true : asBool('or', evaluate(node.right, env));
      const right = evaluate(node.right, env);
      if (node.op === '==') return equal(left, right);
      if (node.op === '!=') return !equal(left, right);
      const found = contains(right, left);
      return node.op === 'in' ? found : !found;
    }
  }
}

function fetch(object: unknown, key: unknown): unknown {
  if (Array.isArray(object) || typeof object === 'string') {
    if (typeof key !== 'number' || !Number.isInteger(key))
      throw new ExprError(`cannot use ${String(key)} as an index`);
    const index = key < 0 ? object.length + key : key;
    if (index < 0 || index >= object.length)
      throw new ExprError(`index out of range: ${key} (array length is ${object.length})`);
    if (typeof object === 'string') throw new ExprError('indexing a string is outside the subset');
    return object[index] ?? null;
  }
  if (typeof object === 'object' && object !== null) {
    const map = object as Record<string, unknown>;
    const name = String(key);
    return Object.prototype.hasOwnProperty.call(map, name) ? (map[name] ?? null) : null;
  }
  throw new ExprError(`cannot fetch ${String(key)} from ${typeof object}`);
}

function asBool(op: string, value: unknown): boolean {
  if (typeof value !== 'boolean')
    throw new ExprError(`${op} needs booleans; got ${value === null ? 'nil' : typeof value}`);
  return value;
}

/** runtime.Equal: numbers across int/float, strings, bools, nil; other pairs of different types are unequal. */
function equal(a: unknown, b: unknown): boolean {
  // A map or list against nil is plainly unequal (the triggers' `operationState != nil`);
  // two composites would need reflect.DeepEqual, which is not modelled.
  if (a === null || b === null) return a === b;
  if ((typeof a === 'object' && typeof b === 'object') || Array.isArray(a) || Array.isArray(b)) {
    throw new ExprError('== on arrays or maps is outside the subset');
  }
  return a === b;
}

function contains(haystack: unknown, needle: unknown): boolean {
  if (Array.isArray(haystack)) return haystack.some((item) => equal(needle, item));
  if (typeof haystack === 'object' && haystack !== null) {
    if (typeof needle !== 'string') throw new ExprError('in on a map needs a string key');
    return Object.prototype.hasOwnProperty.call(haystack, needle);
  }
  throw new ExprError(`operator in not defined on ${haystack === null ? 'nil' : typeof haystack}`);
}

function render(node: Node): string {
  if (node.t === 'name') return node.name;
  if (node.t === 'member' && node.key.t === 'lit') return `${render(node.object)}.${String(node.key.value)}`;
  return '<expression>';
}

function describe(tok: Tok | undefined): string {
  return tok ? JSON.stringify(tok.v) : 'end of expression';
}
