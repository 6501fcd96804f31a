import { formatFieldPath } from './field-path';
import { isRecord, quote, type Finding } from './finding';

/**
 * `metadata` as the API server checks it, for objects in a GitOps tree: the CRD
 * schemas say nothing about it, yet a bad name or label is rejected at apply time.
 */

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** Kubernetes caps the total size of all annotations of one object at 256 KiB. */
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** Fields of ObjectMeta a manifest may set. */
const WRITABLE_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'namespace',
  'labels',
  'annotations',
  'finalizers',
]);
/** Fields of ObjectMeta the API server fills in; in Git they are stale copies at best. */
const SERVER_SET_FIELDS: ReadonlySet<string> = new Set([
  'generateName',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'ownerReferences',
  'managedFields',
]);

/** How an object's name is checked: most kinds take a DNS-1123 subdomain, Namespaces a DNS-1123 label. */
export type NameSyntax = 'dns-1123-subdomain' | 'dns-1123-label';

/** What the metadata checks need to know about the object's kind. */
export interface MetadataOptions {
  readonly nameSyntax: NameSyntax;
  readonly namespaced: boolean;
}

/** Checks `metadata`: known fields only, name and namespace syntax, label and annotation syntax. */
export function checkMetadata(metadata: unknown, options: MetadataOptions): Finding[] {
  if (!isRecord(metadata)) {
    return [
      { path: 'metadata', rule: 'required', message: 'metadata must be a mapping with at least a name' },
    ];
  }
  return [
    ...checkFields(metadata),
    ...checkName(metadata.name, options.nameSyntax),
    ...checkNamespace(metadata.namespace, options.namespaced),
    ...checkLabels(metadata.labels),
    ...checkAnnotations(metadata.annotations),
  ];
}

function checkFields(metadata: Record<string, unknown>): Finding[] {
  return Object.keys(metadata)
    .filter((key) => !WRITABLE_FIELDS.has(key))
    .map((key) =>
      SERVER_SET_FIELDS.has(key)
        ? {
            path: formatFieldPath(['metadata', key]),
            rule: 'server-set-field',
            message: `metadata.${key} is set by the API server; leave it out of manifests`,
          }
        : {
            path: formatFieldPath(['metadata', key]),
            rule: 'unknown-field',
            message: `unknown field ${quote(key)} in metadata; known fields: ${[...WRITABLE_FIELDS].join(', ')}`,
          },
    );
}

function checkName(name: unknown, syntax: NameSyntax): Finding[] {
  if (name === undefined || name === null || name === '') {
    return [{ path: 'metadata.name', rule: 'required', message: 'metadata.name is required' }];
  }
  const reason = syntax === 'dns-1123-label' ? dns1123LabelError(name) : dns1123SubdomainError(name);
  return reason === undefined
    ? []
    : [{ path: 'metadata.name', rule: syntax, message: `metadata.name ${quote(name)} ${reason}` }];
}

function checkNamespace(namespace: unknown, namespaced: boolean): Finding[] {
  if (namespace === undefined) {
    return [];
  }
  if (!namespaced) {
    return [
      {
        path: 'metadata.namespace',
        rule: 'namespace-not-allowed',
        message: 'this kind is cluster-scoped: remove metadata.namespace',
      },
    ];
  }
  const reason = dns1123LabelError(namespace);
  return reason === undefined
    ? []
    : [
        {
          path: 'metadata.namespace',
          rule: 'dns-1123-label',
          message: `metadata.namespace ${quote(namespace)} ${reason}`,
        },
      ];
}

function checkLabels(labels: unknown): Finding[] {
  if (labels === undefined) {
    return [];
  }
  if (!isRecord(labels)) {
    return [
      {
        path: 'metadata.labels',
        rule: 'label-value',
        message: 'metadata.labels must be a mapping of strings to strings',
      },
    ];
  }
  const findings: Finding[] = [];
  for (const key of Object.keys(labels)) {
    const value = labels[key];
    const keyError = qualifiedNameError(key);
    if (keyError !== undefined) {
      findings.push({
        path: formatFieldPath(['metadata', 'labels', key]),
        rule: 'label-key',
        message: `label key ${quote(key)} ${keyError}`,
      });
      continue;
    }
    const valueError = labelValueError(value);
    if (valueError !== undefined) {
      findings.push({
        path: formatFieldPath(['metadata', 'labels', key]),
        rule: 'label-value',
        message: `label value ${quote(value)} ${valueError}`,
      });
    }
  }
  return findings;
}

function checkAnnotations(annotations: unknown): Finding[] {
  if (annotations === undefined) {
    return [];
  }
  if (!isRecord(annotations)) {
    return [
      {
        path: 'metadata.annotations',
        rule: 'annotation-value',
        message: 'metadata.annotations must be a mapping of strings to strings',
      },
    ];
  }
  const findings: Finding[] = [];
  let bytes = 0;
  for (const key of Object.keys(annotations)) {
    const value = annotations[key];
    const keyError = qualifiedNameError(key);
    if (keyError !== undefined) {
      findings.push({
        path: formatFieldPath(['metadata', 'annotations', key]),
        rule: 'annotation-key',
        message: `annotation key ${quote(key)} ${keyError}`,
      });
    }
    if (typeof value !== 'string') {
      findings.push({
        path: formatFieldPath(['metadata', 'annotations', key]),
        rule: 'annotation-value',
        message: `annotation value ${quote(value)} must be a string: quote it in YAML`,
      });
    }
    bytes += Buffer.byteLength(key) + Buffer.byteLength(typeof value === 'string' ? value : '');
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) {
    findings.push({
      path: 'metadata.annotations',
      rule: 'annotations-too-large',
      message: `annotations take ${bytes} bytes; Kubernetes allows at most ${ANNOTATIONS_MAX_BYTES}`,
    });
  }
  return findings;
}

/** Why a value is not a DNS-1123 label, or undefined when it is one. */
export function dns1123LabelError(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return 'must be a string';
  }
  if (value.length > 63) {
    return `must be at most 63 characters (it has ${value.length})`;
  }
  return DNS_1123_LABEL.test(value)
    ? undefined
    : `must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit (pattern ${DNS_1123_LABEL.source})`;
}

/** Why a value is not a DNS-1123 subdomain, or undefined when it is one. */
export function dns1123SubdomainError(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return 'must be a string';
  }
  if (value.length > 253) {
    return `must be at most 253 characters (it has ${value.length})`;
  }
  return DNS_1123_SUBDOMAIN.test(value)
    ? undefined
    : `must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', each part starting and ending with a letter or digit (pattern ${DNS_1123_SUBDOMAIN.source})`;
}

/**
 * Keys already judged by {@link qualifiedNameError} (`null`: valid). Every object of a
 * fleet carries the same handful of label and annotation keys; bounded, and the
 * answer depends on the key alone.
 */
const QUALIFIED_NAME_CACHE_LIMIT = 1024;
const qualifiedNameErrors = new Map<string, string | null>();

/** Why a label or annotation key is not a qualified name (`[prefix/]name`), or undefined. */
export function qualifiedNameError(key: string): string | undefined {
  let error = qualifiedNameErrors.get(key);
  if (error === undefined) {
    error = findQualifiedNameError(key) ?? null;
    if (qualifiedNameErrors.size >= QUALIFIED_NAME_CACHE_LIMIT) qualifiedNameErrors.clear();
    qualifiedNameErrors.set(key, error);
  }
  return error ?? undefined;
}

function findQualifiedNameError(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) {
    return "must be a name with at most one '/' (an optional DNS subdomain prefix, then the name)";
  }
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefixError = parts[0] === '' ? 'must not be empty' : dns1123SubdomainError(parts[0]);
    if (prefixError !== undefined) {
      return `has a prefix that ${prefixError}`;
    }
  }
  if (name.length === 0 || name.length > 63) {
    return 'must have a name part of 1 to 63 characters';
  }
  return QUALIFIED_NAME.test(name)
    ? undefined
    : `must have a name part of letters, digits, '-', '_' and '.', starting and ending with a letter or digit (pattern ${QUALIFIED_NAME.source})`;
}

/** Why a label value is invalid, or undefined when it is valid. */
export function labelValueError(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return 'must be a string: quote it in YAML';
  }
  if (value.length > 63) {
    return `must be at most 63 characters (it has ${value.length})`;
  }
  return LABEL_VALUE.test(value)
    ? undefined
    : `must be empty or letters, digits, '-', '_' and '.', starting and ending with a letter or digit (pattern ${LABEL_VALUE.source})`;
}
