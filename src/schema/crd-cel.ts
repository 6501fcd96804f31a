/**
 * Evaluates a CRD's own CEL rules (`x-kubernetes-validations`) on an object, with
 * a real CEL evaluator (@bufbuild/cel), `self` bound to the value at the schema
 * node that carries the rule, as the API server does. Rules are read from the CRD
 * file, never re-typed, so a CRD update brings its rules along (pure).
 *
 * Transition rules (those that read `oldSelf`) only apply to updates of an
 * existing object; a manifest is a create, so they are skipped, as the API server
 * skips them on create.
 */
import { type CelInput, run } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { Finding, isRecord } from './finding';
import { SchemaNode } from './structural-schema';

/** One rule as the CRD states it. */
interface CelRule {
  readonly rule: string;
  readonly message?: string;
}

/** Every failed rule under `schema` for `value`, with the JSON path of the node that carries it. */
export function evaluateCrdRules(schema: SchemaNode, value: unknown, path = ''): Finding[] {
  if (value === undefined || value === null) return [];
  const findings: Finding[] = [];
  for (const rule of rulesOf(schema)) {
    if (/\boldSelf\b/.test(rule.rule)) continue;
    const verdict = evaluate(rule.rule, value);
    if (verdict !== true) {
      const why = verdict === false ? '' : ` (the rule could not be evaluated: ${verdict})`;
      findings.push({
        path: path || '(root)',
        rule: 'crd-cel',
        message: `${rule.message ?? `failed rule: ${rule.rule}`}${why}`,
      });
    }
  }
  return [...findings, ...childFindings(schema, value, path)];
}

function childFindings(schema: SchemaNode, value: unknown, path: string): Finding[] {
  const findings: Finding[] = [];
  const properties = isRecord(schema.properties) ? schema.properties : undefined;
  if (properties !== undefined && isRecord(value)) {
    for (const [key, child] of Object.entries(properties)) {
      if (isRecord(child)) findings.push(...evaluateCrdRules(child, value[key], join(path, key)));
    }
  }
  if (isRecord(schema.additionalProperties) && isRecord(value)) {
    for (const [key, child] of Object.entries(value)) {
      findings.push(...evaluateCrdRules(schema.additionalProperties, child, join(path, key)));
    }
  }
  if (isRecord(schema.items) && Array.isArray(value)) {
    value.forEach((item, index) =>
      findings.push(...evaluateCrdRules(schema.items as SchemaNode, item, `${path}[${index}]`)),
    );
  }
  return findings;
}

function rulesOf(schema: SchemaNode): CelRule[] {
  const rules = schema['x-kubernetes-validations'];
  return Array.isArray(rules)
    ? rules.filter((r): r is CelRule => isRecord(r) && typeof r.rule === 'string')
    : [];
}

/** true or false, or why the rule could not be evaluated (which the API server also reports as invalid). */
function evaluate(rule: string, value: unknown): boolean | string {
  try {
    const result = run(rule, { self: toCel(value) }, { funcs: strings });
    return typeof result === 'boolean' ? result : `it gave ${String(result)}, not a bool`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** JSON to CEL input: whole numbers are CEL ints (as the API server decodes integer fields), objects are maps. */
function toCel(value: unknown): CelInput {
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (Array.isArray(value)) return value.map(toCel);
  if (isRecord(value)) return new Map(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
  return value as CelInput;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
