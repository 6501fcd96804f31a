/**
 * Builds the smallest value a schema accepts (required properties only, nulls where
 * allowed), so the forge can answer with everything a host's description demands
 * and then overlay the fields it actually models.
 */
type Json = Record<string, unknown>;

/** A minimal valid instance of `schema` inside `doc`. */
export function sampleOf(doc: Json, schema: Json, depth = 0): unknown {
  const node = deref(doc, schema);
  if (depth > 12) return null;
  if (node.nullable === true || node['x-nullable'] === true) return null;
  if (Array.isArray(node.allOf)) {
    return Object.assign({}, ...(node.allOf as Json[]).map((part) => sampleOf(doc, part, depth + 1) as Json));
  }
  const first = (node.oneOf ?? node.anyOf) as Json[] | undefined;
  if (first) return sampleOf(doc, first[0], depth + 1);
  if (Array.isArray(node.enum)) return node.enum[0];
  const type = Array.isArray(node.type)
    ? (node.type as string[]).find((t) => t !== 'null')
    : (node.type as string | undefined);
  switch (type ?? (node.properties ? 'object' : undefined)) {
    case 'object': {
      const out: Json = {};
      const properties = (node.properties as Record<string, Json> | undefined) ?? {};
      for (const name of (node.required as string[] | undefined) ?? []) {
        out[name] = properties[name] ? sampleOf(doc, properties[name], depth + 1) : null;
      }
      return out;
    }
    case 'array':
      return [];
    case 'string':
      return sampleString(node);
    case 'integer':
    case 'number':
      return typeof node.minimum === 'number' ? node.minimum : 1;
    case 'boolean':
      return false;
    default:
      return null;
  }
}

function sampleString(node: Json): string {
  switch (node.format) {
    case 'date-time':
      return '2024-01-01T00:00:00Z';
    case 'date':
      return '2024-01-01';
    case 'uri':
    case 'url':
      return 'http://forge.invalid/';
    case 'email':
      return 'forge@example.invalid';
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
    default:
      return 'x'.repeat(typeof node.minLength === 'number' ? node.minLength : 0);
  }
}

function deref(doc: Json, node: Json): Json {
  let current = node;
  for (let i = 0; i < 10 && typeof current.$ref === 'string'; i++) {
    current = current.$ref
      .slice(2)
      .split('/')
      .reduce<Json>((n, part) => n[part.replace(/~1/g, '/').replace(/~0/g, '~')] as Json, doc);
  }
  return current;
}

/** `base` with `overlay`'s fields written over it, recursively for plain objects. */
export function overlay<T>(base: unknown, top: T): T {
  if (
    top === null ||
    typeof top !== 'object' ||
    Array.isArray(top) ||
    base === null ||
    typeof base !== 'object' ||
    Array.isArray(base)
  ) {
    return top;
  }
  const out: Json = { ...(base as Json) };
  for (const [key, value] of Object.entries(top as Json)) out[key] = overlay(out[key], value);
  return out as T;
}

/** A minimal valid instance of a named component (`#/components/schemas/x` or `#/definitions/x`) with `top` laid over it. */
export function build<T>(doc: Json, ref: string, top: T): T {
  return overlay(sampleOf(doc, { $ref: ref }), top);
}
