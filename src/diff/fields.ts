/**
 * Field-level comparison of two parsed objects. Only leaves that differ are reported,
 * with paths a person can read (`spec.values.ingress.host`, `spec.valuesFrom[0]`,
 * `spec.valuesFrom[name=db].optional`). Key order and YAML formatting never count as
 * changes: values are compared as data.
 */
import type { JsonObject, JsonValue } from '../intents/model';
import type { FieldChange } from './model';

/** Every field that differs between `before` and `after`, in document order. */
export function diffValues(before: JsonValue, after: JsonValue, path = ''): FieldChange[] {
  if (isObject(before) && isObject(after)) return diffObjects(before, after, path);
  if (Array.isArray(before) && Array.isArray(after)) return diffArrays(before, after, path);
  if (jsonEqual(before, after)) return [];
  return [{ path: path === '' ? '.' : path, change: 'changed', before, after }];
}

/** Deep equality of JSON values, ignoring key order. */
export function jsonEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => jsonEqual(item, b[i]))
    );
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => key in b && jsonEqual(a[key], b[key]));
}

/** Appends an object key to a path: `a.b` for plain keys, `a["app.example.io/x"]` otherwise. */
export function keyPath(path: string, key: string): string {
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

function diffObjects(before: JsonObject, after: JsonObject, path: string): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const key of Object.keys(before)) {
    const child = keyPath(path, key);
    if (!Object.hasOwn(after, key)) changes.push({ path: child, change: 'removed', before: before[key] });
    else changes.push(...diffValues(before[key], after[key], child));
  }
  for (const key of Object.keys(after)) {
    if (!Object.hasOwn(before, key))
      changes.push({ path: keyPath(path, key), change: 'added', after: after[key] });
  }
  return changes;
}

/**
 * Lists whose items all carry a unique `name` are matched by name, so inserting one
 * entry reports one addition rather than a shifted list; other lists go by index.
 */
function diffArrays(before: JsonValue[], after: JsonValue[], path: string): FieldChange[] {
  const beforeByName = indexByName(before);
  const afterByName = indexByName(after);
  if (beforeByName !== undefined && afterByName !== undefined && sameOrder(beforeByName, afterByName)) {
    return diffNamedItems(beforeByName, afterByName, path);
  }
  const changes: FieldChange[] = [];
  const length = Math.max(before.length, after.length);
  for (let i = 0; i < length; i += 1) {
    const child = `${path}[${i}]`;
    if (i >= after.length) changes.push({ path: child, change: 'removed', before: before[i] });
    else if (i >= before.length) changes.push({ path: child, change: 'added', after: after[i] });
    else changes.push(...diffValues(before[i], after[i], child));
  }
  return changes;
}

function diffNamedItems(
  before: Map<string, JsonValue>,
  after: Map<string, JsonValue>,
  path: string,
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [name, item] of before) {
    const child = `${path}[name=${name}]`;
    const other = after.get(name);
    if (other === undefined) changes.push({ path: child, change: 'removed', before: item });
    else changes.push(...diffValues(item, other, child));
  }
  for (const [name, item] of after) {
    if (!before.has(name)) changes.push({ path: `${path}[name=${name}]`, change: 'added', after: item });
  }
  return changes;
}

/**
 * True when the names both lists share appear in the same order. Order can matter
 * (later `valuesFrom` entries win), so a reordered list is compared by index instead.
 */
function sameOrder(before: Map<string, JsonValue>, after: Map<string, JsonValue>): boolean {
  const shared = [...before.keys()].filter((name) => after.has(name));
  const sharedAfter = [...after.keys()].filter((name) => before.has(name));
  return shared.length > 0 || before.size === 0 || after.size === 0
    ? shared.every((name, i) => sharedAfter[i] === name)
    : false;
}

/** Items by their `name`, or undefined when some item has no unique string name. */
function indexByName(items: JsonValue[]): Map<string, JsonValue> | undefined {
  const byName = new Map<string, JsonValue>();
  for (const item of items) {
    const name = isObject(item) ? item.name : undefined;
    if (typeof name !== 'string' || byName.has(name)) return undefined;
    byName.set(name, item);
  }
  return byName;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
