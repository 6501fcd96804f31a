/**
 * Turns a Kubernetes structural schema (a CRD version's `openAPIV3Schema`) into a
 * JSON Schema that ajv validates the way the API server would, and a bit stricter
 * where Kubernetes is silent: a field the API server would prune is an error here,
 * because in a GitOps tree a pruned field is a change that silently does nothing.
 */

/** A schema node as it appears in a CRD (plain JSON). */
export type SchemaNode = { [key: string]: unknown };

/** What the conversion needs to know about the validator it feeds. */
export interface StructuralSchemaOptions {
  /** Formats the validator checks; Kubernetes ignores formats it does not know, and so do we. */
  readonly knownFormats: ReadonlySet<string>;
  /** Add {@link FLUX_DURATION_PATTERN} to Flux duration fields that lack a pattern. */
  readonly fluxDurations: boolean;
}

/** The Go duration syntax Flux accepts for `interval`, `timeout` and `retryInterval`. */
export const FLUX_DURATION_PATTERN = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$';

/** Flux fields that hold durations; their pattern is added when the CRD leaves it out. */
const FLUX_DURATION_FIELDS: ReadonlySet<string> = new Set(['interval', 'timeout', 'retryInterval']);

/** Annotation-only keywords: they never reject a value, so they are dropped to keep compiled code small. */
const DROPPED_KEYWORDS: ReadonlySet<string> = new Set([
  'description',
  'default',
  'example',
  'externalDocs',
  'title',
]);

/**
 * Converts a CRD version's root schema. `metadata` is left open (gitops-synth checks
 * it with its own rules, as the API server does) and `status` is left out (it is
 * the controller's to write; manifests that carry it are reported separately).
 */
export function toAjvSchema(root: SchemaNode, options: StructuralSchemaOptions): SchemaNode {
  const converted = convertNode(root, '', options);
  const properties = { ...((converted.properties as Record<string, SchemaNode> | undefined) ?? {}) };
  delete properties.status;
  properties.apiVersion = { type: 'string' };
  properties.kind = { type: 'string' };
  properties.metadata = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  return { ...converted, type: 'object', properties, additionalProperties: false };
}

function convertNode(node: SchemaNode, name: string, options: StructuralSchemaOptions): SchemaNode {
  const out: SchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED_KEYWORDS.has(key)) {
      continue;
    }
    out[key] = convertKeyword(key, value, options);
  }
  if (out.format !== undefined && (typeof out.format !== 'string' || !options.knownFormats.has(out.format))) {
    delete out.format;
  }
  applyIntOrString(out);
  applyNullable(out);
  applyEmbeddedResource(out);
  applyPruning(out);
  if (
    options.fluxDurations &&
    FLUX_DURATION_FIELDS.has(name) &&
    out.type === 'string' &&
    out.pattern === undefined
  ) {
    out.pattern = FLUX_DURATION_PATTERN;
  }
  return out;
}

function convertKeyword(key: string, value: unknown, options: StructuralSchemaOptions): unknown {
  switch (key) {
    case 'properties':
      return Object.fromEntries(
        Object.entries(value as Record<string, SchemaNode>).map(([child, schema]) => [
          child,
          convertNode(schema, child, options),
        ]),
      );
    case 'items':
    case 'not':
      return convertNode(value as SchemaNode, '', options);
    case 'additionalProperties':
      return typeof value === 'boolean' ? value : convertNode(value as SchemaNode, '', options);
    case 'allOf':
    case 'anyOf':
    case 'oneOf':
      return (value as SchemaNode[]).map((schema) => convertNode(schema, '', options));
    default:
      return value;
  }
}

/**
 * `x-kubernetes-int-or-string` means "an integer or a string"; CRDs spell the same
 * thing again as `anyOf: [{type: integer}, {type: string}]`, which would only make
 * ajv's errors harder to read, so that form is replaced by one union type.
 */
function applyIntOrString(out: SchemaNode): void {
  if (out['x-kubernetes-int-or-string'] !== true) {
    return;
  }
  const anyOf = out.anyOf as SchemaNode[] | undefined;
  if (anyOf !== undefined && anyOf.every((branch) => isBareType(branch, ['integer', 'string']))) {
    delete out.anyOf;
  }
  out.type = ['integer', 'string'];
}

function isBareType(schema: SchemaNode, types: readonly string[]): boolean {
  const keys = Object.keys(schema);
  return keys.length === 1 && keys[0] === 'type' && types.includes(String(schema.type));
}

/** `nullable: true` lets null through; ajv knows the keyword but needs a type beside it and null in any enum. */
function applyNullable(out: SchemaNode): void {
  if (out.nullable !== true) {
    delete out.nullable;
    return;
  }
  if (out.type === undefined) {
    delete out.nullable;
    return;
  }
  if (Array.isArray(out.enum) && !out.enum.includes(null)) {
    out.enum = [...(out.enum as unknown[]), null];
  }
}

/** An embedded resource is a whole object: it has `apiVersion`, `kind` and `metadata`, whatever else it lists. */
function applyEmbeddedResource(out: SchemaNode): void {
  if (out['x-kubernetes-embedded-resource'] !== true) {
    return;
  }
  const properties = { ...((out.properties as Record<string, SchemaNode> | undefined) ?? {}) };
  properties.apiVersion ??= { type: 'string', minLength: 1 };
  properties.kind ??= { type: 'string', minLength: 1 };
  properties.metadata ??= { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  out.properties = properties;
  const required = new Set([...((out.required as string[] | undefined) ?? []), 'apiVersion', 'kind']);
  out.required = [...required];
}

/**
 * The API server prunes fields a schema does not list unless the node says
 * `x-kubernetes-preserve-unknown-fields`; here they are errors instead.
 */
function applyPruning(out: SchemaNode): void {
  if (
    out.type !== 'object' ||
    out['x-kubernetes-preserve-unknown-fields'] === true ||
    out.additionalProperties !== undefined
  ) {
    return;
  }
  out.additionalProperties = false;
}
