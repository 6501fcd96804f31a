/**
 * The data a manifest file holds, as an object: what a YAML reader gets back from
 * the bytes `toManifestYaml` (./yaml.ts) writes for `value`. The writer leaves out map keys
 * whose value is `undefined`, so this copy does too; a checker that counts keys
 * (unknown fields, CEL `size()` rules) would otherwise see a field the file lacks.
 */

/** A deep copy of JSON data without the `undefined` map entries the YAML writer drops. */
export function toManifestData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toManifestData);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    if (record[key] !== undefined) copy[key] = toManifestData(record[key]);
  }
  return copy;
}

/** True when some map inside `value` has a key whose value is `undefined`. */
function hasUndefinedEntry(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasUndefinedEntry);
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
    const item = record[key];
    if (item === undefined || hasUndefinedEntry(item)) return true;
  }
  return false;
}

/**
 * {@link toManifestData} without the copy when there is nothing to drop: `value`
 * itself when no map inside it has an `undefined` entry (the common case, since cdk8s
 * drops them when rendering), a copy otherwise. For values nothing else holds on to,
 * such as the fresh JSON of one `ApiObject.toJson()` call: the result shares them.
 */
export function asManifestData(value: unknown): unknown {
  return hasUndefinedEntry(value) ? toManifestData(value) : value;
}
