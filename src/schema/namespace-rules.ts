import { formatFieldPath } from './field-path';
import { isRecord, quote, type Finding } from './finding';
import { checkMetadata } from './metadata-rules';

/**
 * The core `v1 Namespace`, which has no CRD: a small fixed rule set instead of a
 * schema. A Namespace in Git only needs a name, labels and annotations.
 */

/** The apiVersion and kind these rules apply to. */
export const NAMESPACE_API_VERSION = 'v1';
/** See {@link NAMESPACE_API_VERSION}. */
export const NAMESPACE_KIND = 'Namespace';

const TOP_LEVEL_FIELDS: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'metadata', 'spec']);

/** Checks a `v1 Namespace` object: name is a DNS-1123 label, no namespace, labels and annotations, no unknown fields. */
export function checkNamespace(object: Record<string, unknown>): Finding[] {
  return [
    ...Object.keys(object)
      .filter((key) => !TOP_LEVEL_FIELDS.has(key))
      .map((key) => unknownField([key], TOP_LEVEL_FIELDS)),
    ...checkSpec(object.spec),
    ...checkMetadata(object.metadata, { nameSyntax: 'dns-1123-label', namespaced: false }),
  ];
}

function checkSpec(spec: unknown): Finding[] {
  if (spec === undefined) {
    return [];
  }
  if (!isRecord(spec)) {
    return [{ path: 'spec', rule: 'crd-schema:type', message: 'spec must be a mapping' }];
  }
  const findings = Object.keys(spec)
    .filter((key) => key !== 'finalizers')
    .map((key) => unknownField(['spec', key], new Set(['finalizers'])));
  const finalizers = spec.finalizers;
  if (
    finalizers !== undefined &&
    !(Array.isArray(finalizers) && finalizers.every((f) => typeof f === 'string'))
  ) {
    findings.push({
      path: 'spec.finalizers',
      rule: 'crd-schema:type',
      message: `spec.finalizers must be a list of strings (got ${quote(finalizers)})`,
    });
  }
  return findings;
}

function unknownField(segments: string[], known: ReadonlySet<string>): Finding {
  const field = segments[segments.length - 1];
  return {
    path: formatFieldPath(segments),
    rule: field === 'status' && segments.length === 1 ? 'status-not-allowed' : 'unknown-field',
    message:
      field === 'status' && segments.length === 1
        ? 'status is written by Kubernetes, not by manifests; remove it'
        : `unknown field ${quote(field)}: Kubernetes would drop it silently; known fields here: ${[...known].join(', ')}`,
  };
}
