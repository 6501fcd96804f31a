/**
 * Evaluates a CRD's own CEL rules (`x-kubernetes-validations`) on an object, with
 * a real CEL evaluator (@bufbuild/cel), `self` bound to the value at the schema
 * node that carries the rule, as the API server does. Rules are read from the CRD
 * file, never re-typed, so a CRD update brings its rules along (pure).
 *
 * Transition rules (those that read `oldSelf`) only apply to updates of an
 * existing object; a manifest is a create, so they are skipped, as the API server
 * skips them on create. {@link listCrdRules} says which rules are skipped and why.
 */
import { celEnv, celMap, isCelError, parse, plan, type CelInput, type CelResult } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { Finding, isRecord } from './finding';
import { SchemaNode } from './structural-schema';

/** The `rule` of every finding this module reports. */
export const CRD_CEL_RULE = 'crd-cel';

/** Why a transition rule is not evaluated on a manifest. */
export const TRANSITION_RULE_SKIP =
  'reads oldSelf: a transition rule applies only to updates of a stored object, and a manifest is checked as a create';

/** One `x-kubernetes-validations` entry, where it sits in its CRD's schema. */
export interface CrdCelRule {
  /** The schema node carrying it, in field-path form (`spec.kubeConfig`, `spec.items[]`, `spec.labels.*`, '' for the root). */
  readonly at: string;
  readonly rule: string;
  readonly message?: string;
  /** The CRD's `fieldPath` (relative to `at`, e.g. `.retryInterval`), where it names one. */
  readonly fieldPath?: string;
  /** Why the rule is not evaluated on a manifest; undefined when it is. */
  readonly skipped?: string;
}

/** Every rule under `schema` (a version's `openAPIV3Schema`), in schema order. */
export function listCrdRules(schema: SchemaNode): CrdCelRule[] {
  const out: CrdCelRule[] = [];
  const walk = (node: SchemaNode, at: string): void => {
    out.push(...rulesOf(node).map((entry) => ({ at, ...entry, skipped: skipReason(entry.rule) })));
    forEachChild(node, (child, step) => walk(child, step.schemaPath(at)));
  };
  walk(schema, '');
  return out;
}

/** Every failed rule under `schema` for `value`, at the JSON path of the node that carries it (or its `fieldPath`). */
export function evaluateCrdRules(schema: SchemaNode, value: unknown, path = ''): Finding[] {
  const tree = ruleTree(schema);
  return tree === null ? [] : evaluateTree(tree, value, path);
}

/** A rule ready to run: parsed and planned once per CRD, then bound to each value. */
interface CompiledRule {
  readonly entry: RuleEntry;
  readonly run: ((self: CelInput) => CelResult) | string;
}

/** The schema nodes that carry rules, and the paths to them; nodes without rules below are left out. */
interface RuleTree {
  readonly rules: readonly CompiledRule[];
  readonly type: unknown;
  readonly properties: ReadonlyMap<string, RuleTree>;
  readonly additionalProperties?: RuleTree;
  readonly items?: RuleTree;
}

/** Compiled once per schema object: a registry keeps its CRDs, so every object of a kind shares one tree. */
const trees = new WeakMap<SchemaNode, RuleTree | null>();

const ENV = celEnv({ funcs: strings });

function ruleTree(schema: SchemaNode): RuleTree | null {
  let tree = trees.get(schema);
  if (tree === undefined) {
    tree = buildTree(schema);
    trees.set(schema, tree);
  }
  return tree;
}

function buildTree(schema: SchemaNode): RuleTree | null {
  const rules = rulesOf(schema)
    .filter((entry) => skipReason(entry.rule) === undefined)
    .map(compile);
  const properties = new Map<string, RuleTree>();
  let additionalProperties: RuleTree | undefined;
  let items: RuleTree | undefined;
  forEachChild(schema, (child, step) => {
    const tree = ruleTree(child);
    if (tree === null) return;
    if (step.kind === 'property') properties.set(step.name, tree);
    else if (step.kind === 'additional') additionalProperties = tree;
    else items = tree;
  });
  if (
    rules.length === 0 &&
    properties.size === 0 &&
    additionalProperties === undefined &&
    items === undefined
  ) {
    return null;
  }
  return { rules, type: schema.type, properties, additionalProperties, items };
}

function compile(entry: RuleEntry): CompiledRule {
  try {
    const program = plan(ENV, parse(entry.rule));
    return { entry, run: (self) => program({ self }) };
  } catch (error) {
    return { entry, run: error instanceof Error ? error.message : String(error) };
  }
}

function evaluateTree(tree: RuleTree, value: unknown, path: string): Finding[] {
  if (value === undefined || value === null) return [];
  // A value of the wrong shape is the schema's to report; rules written for the right shape would only add noise.
  if ((tree.type === 'object' && !isRecord(value)) || (tree.type === 'array' && !Array.isArray(value)))
    return [];
  const findings: Finding[] = [];
  if (tree.rules.length > 0) {
    const self = toCel(value);
    for (const compiled of tree.rules) {
      const verdict = verdictOf(compiled, self);
      if (verdict !== true) findings.push(finding(compiled.entry, path, verdict));
    }
  }
  if (isRecord(value)) {
    for (const [key, child] of tree.properties)
      findings.push(...evaluateTree(child, value[key], join(path, key)));
    const additional = tree.additionalProperties;
    if (additional !== undefined) {
      for (const [key, child] of Object.entries(value))
        findings.push(...evaluateTree(additional, child, join(path, key)));
    }
  }
  const items = tree.items;
  if (items !== undefined && Array.isArray(value)) {
    value.forEach((item, index) => findings.push(...evaluateTree(items, item, `${path}[${index}]`)));
  }
  return findings;
}

/** true or false, or why the rule could not be evaluated (which the API server also reports as invalid). */
function verdictOf(compiled: CompiledRule, self: CelInput): boolean | string {
  if (typeof compiled.run === 'string') return `it does not compile: ${compiled.run}`;
  const result = compiled.run(self);
  if (isCelError(result)) return result.message;
  return typeof result === 'boolean' ? result : `it gave a ${typeof result}, not a bool`;
}

function finding(entry: RuleEntry, path: string, verdict: false | string): Finding {
  const field = entry.fieldPath === undefined ? path : join(path, entry.fieldPath.replace(/^\./, ''));
  const why = verdict === false ? '' : `; the rule could not be evaluated: ${verdict}`;
  return {
    path: field || '(root)',
    rule: CRD_CEL_RULE,
    message: `${entry.message ?? 'the value breaks its CRD rule'} (x-kubernetes-validations: ${entry.rule}${why})`,
  };
}

/** One rule as the CRD states it. */
interface RuleEntry {
  readonly rule: string;
  readonly message?: string;
  readonly fieldPath?: string;
}

function rulesOf(schema: SchemaNode): RuleEntry[] {
  const rules = schema['x-kubernetes-validations'];
  if (!Array.isArray(rules)) return [];
  return rules.filter(isRecord).flatMap((entry) =>
    typeof entry.rule !== 'string'
      ? []
      : [
          {
            rule: entry.rule,
            ...(typeof entry.message === 'string' ? { message: entry.message } : {}),
            ...(typeof entry.fieldPath === 'string' ? { fieldPath: entry.fieldPath } : {}),
          },
        ],
  );
}

function skipReason(rule: string): string | undefined {
  return /\boldSelf\b/.test(rule) ? TRANSITION_RULE_SKIP : undefined;
}

/** How a child schema hangs under its parent. */
type Step =
  | { readonly kind: 'property'; readonly name: string; schemaPath(at: string): string }
  | { readonly kind: 'additional' | 'items'; schemaPath(at: string): string };

function forEachChild(schema: SchemaNode, visit: (child: SchemaNode, step: Step) => void): void {
  if (isRecord(schema.properties)) {
    for (const [name, child] of Object.entries(schema.properties)) {
      if (isRecord(child)) visit(child, { kind: 'property', name, schemaPath: (at) => join(at, name) });
    }
  }
  if (isRecord(schema.additionalProperties)) {
    visit(schema.additionalProperties, { kind: 'additional', schemaPath: (at) => join(at, '*') });
  }
  if (isRecord(schema.items)) {
    visit(schema.items, { kind: 'items', schemaPath: (at) => `${at}[]` });
  }
}

/**
 * JSON to CEL input: whole numbers are CEL ints (as the API server decodes integer
 * fields), objects are maps. Objects convert lazily, key by key, as a rule reads them:
 * `has(self.chart)` on a HelmRelease spec must not copy its Helm values.
 */
function toCel(value: unknown): CelInput {
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (Array.isArray(value)) return value.map(toCel);
  if (isRecord(value)) return celMap(new JsonMap(value));
  return value as CelInput;
}

/** A read-only view of a JSON object, which celMap() turns into a CEL map that reads it through get() and entries(). */
class JsonMap implements ReadonlyMap<string, CelInput> {
  public constructor(private readonly object: Record<string, unknown>) {}

  public get size(): number {
    return Object.keys(this.object).length;
  }

  public get(key: string): CelInput | undefined {
    return Object.prototype.hasOwnProperty.call(this.object, key) ? toCel(this.object[key]) : undefined;
  }

  public has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  public forEach(callback: (value: CelInput, key: string, map: ReadonlyMap<string, CelInput>) => void): void {
    for (const [key, value] of this.entries()) callback(value, key, this);
  }

  public *entries(): MapIterator<[string, CelInput]> {
    for (const key of Object.keys(this.object)) yield [key, toCel(this.object[key])];
  }

  public keys(): MapIterator<string> {
    return Object.keys(this.object)[Symbol.iterator]();
  }

  public *values(): MapIterator<CelInput> {
    for (const [, value] of this.entries()) yield value;
  }

  public [Symbol.iterator](): MapIterator<[string, CelInput]> {
    return this.entries();
  }
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
