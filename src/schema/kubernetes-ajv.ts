import Ajv, { type ErrorObject, type SchemaValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * An ajv instance that understands Kubernetes structural schemas: the
 * `x-kubernetes-*` extensions are known keywords (strict mode stays on, so a
 * misspelt keyword is still caught), list types are enforced, and formats follow
 * what the API server checks.
 */

/** Every `x-kubernetes-*` extension a CRD schema may carry. */
export const KUBERNETES_KEYWORDS: readonly string[] = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-patch-merge-key',
];

/** Go's `time.ParseDuration` syntax, which Kubernetes' `duration` format uses (not ISO 8601). */
const GO_DURATION = /^[-+]?(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$/;

/** Formats checked beyond what ajv-formats brings; `datetime` is the Kubernetes spelling of `date-time`. */
const KUBERNETES_FORMATS = ['duration', 'datetime'] as const;

/** Creates the validator every CRD version of one registry is compiled with. */
export function createKubernetesAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    // Kubernetes lets `required` name fields of preserved objects it does not list.
    strictRequired: false,
    // Needed for int-or-string, which is one union type after conversion.
    allowUnionTypes: true,
  });
  addFormats(ajv);
  ajv.addFormat('duration', GO_DURATION);
  ajv.addFormat('datetime', ajv.formats['date-time'] as RegExp);
  for (const keyword of KUBERNETES_KEYWORDS) {
    if (keyword === 'x-kubernetes-list-type') {
      ajv.addKeyword({
        keyword,
        type: 'array',
        schemaType: 'string',
        errors: true,
        validate: validateListType,
      });
    } else {
      ajv.addKeyword({ keyword });
    }
  }
  return ajv;
}

/** The formats a converted schema may keep (see {@link toAjvSchema}). */
export function knownFormats(ajv: Ajv): ReadonlySet<string> {
  return new Set([...Object.keys(ajv.formats), ...KUBERNETES_FORMATS]);
}

/**
 * `map` lists hold at most one item per value of their key fields, `set` lists hold
 * distinct scalars. The API server rejects duplicates with "Duplicate value".
 */
const validateListType: SchemaValidateFunction = (schema, data, parentSchema, context) => {
  const items = data as unknown[];
  const keys = (parentSchema?.['x-kubernetes-list-map-keys'] as string[] | undefined) ?? [];
  const identify =
    schema === 'map'
      ? (item: unknown) => mapKey(item, keys)
      : schema === 'set'
        ? (item: unknown) => JSON.stringify(item)
        : undefined;
  const errors: Partial<ErrorObject>[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const identity = identify?.(item);
    if (identity === undefined) {
      return;
    }
    const first = seen.get(identity);
    if (first === undefined) {
      seen.set(identity, index);
      return;
    }
    errors.push({
      keyword: 'x-kubernetes-list-type',
      instancePath: `${context?.instancePath ?? ''}/${index}`,
      params: { listType: schema as unknown, keys, duplicateOf: first },
      message:
        schema === 'map'
          ? `duplicates item [${first}] in its key ${keys.join(', ')} (${identity})`
          : `duplicates item [${first}] (${identity})`,
    });
  });
  validateListType.errors = errors;
  return errors.length === 0;
};

function mapKey(item: unknown, keys: readonly string[]): string | undefined {
  if (item === null || typeof item !== 'object') {
    return undefined;
  }
  return JSON.stringify(keys.map((key) => (item as Record<string, unknown>)[key] ?? null));
}
