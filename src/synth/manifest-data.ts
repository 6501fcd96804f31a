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
