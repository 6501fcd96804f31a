/**
 * Reading one file of a synthesized tree: parse its YAML into a value and say which
 * resource it is. Parsing never throws: a file that does not parse is still a file
 * that changed, and the diff reports it with a note instead of stopping.
 */
import { parseAllDocuments } from 'yaml';
import type { JsonValue } from '../intents/model';
import type { OperationSummary, ResourceId } from './model';
import { OPERATION_KIND } from './model';

/** The result of parsing one file: its value, or why it could not be read. */
export type ParsedFile =
  { readonly ok: true; readonly value: JsonValue } | { readonly ok: false; readonly error: string };

/** Kustomize bookkeeping files, which list resources but are not resources themselves. */
const BOOKKEEPING_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

/** Kinds as synth spells them in file names (`<kind lowercased>-<name>.yaml`). */
const FILE_PREFIX_KINDS: ReadonlyMap<string, string> = new Map([
  ['applicationinstance', 'ApplicationInstance'],
  ['operation', 'Operation'],
  ['helmrelease', 'HelmRelease'],
  ['helmrepository', 'HelmRepository'],
]);

/** True for files the diff ignores because they are not resources (kustomization.yaml). */
export function isBookkeepingFile(path: string): boolean {
  return BOOKKEEPING_FILES.has(path.slice(path.lastIndexOf('/') + 1));
}

/**
 * Parses a file's YAML. One document gives its value; several (which synth does not
 * write, but a hand edit might) give the list of their values, so nothing is lost.
 */
export function parseFile(contents: string): ParsedFile {
  try {
    const documents = parseAllDocuments(contents);
    const failed = documents.find((document) => document.errors.length > 0);
    if (failed !== undefined)
      return { ok: false, error: failed.errors[0]?.message.split('\n')[0] ?? 'invalid YAML' };
    const values = documents.map((document) => document.toJS({ maxAliasCount: 100 }) as JsonValue);
    return {
      ok: true,
      value: values.length === 0 ? null : values.length === 1 ? (values[0] ?? null) : values,
    };
  } catch (error) {
    return {
      ok: false,
      error: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
    };
  }
}

/**
 * Says which resource a file holds. The object's own kind, name and namespace win;
 * the path fills in what the object does not say (or when it does not parse).
 */
export function identifyResource(path: string, value: JsonValue | undefined): ResourceId {
  const fromPath = identifyFromPath(path);
  const object = asObject(value);
  const metadata = asObject(object?.metadata);
  const kind = stringOr(object?.kind, fromPath.kind);
  const name = stringOr(metadata?.name, fromPath.name);
  const namespace = stringOr(metadata?.namespace, kind === 'Namespace' ? '' : fromPath.namespace);
  return { cluster: fromPath.cluster, namespace, kind, name, path };
}

/** The type and target of an Operation, or undefined for anything else (or an Operation that does not say). */
export function findOperation(
  resource: ResourceId,
  value: JsonValue | undefined,
): OperationSummary | undefined {
  if (resource.kind !== OPERATION_KIND) return undefined;
  const spec = asObject(asObject(value)?.spec);
  // Without a readable type the subject line falls back to naming the Operation itself.
  if (typeof spec?.type !== 'string' || typeof spec.target !== 'string') return undefined;
  return { type: spec.type, target: spec.target };
}

/** Reads cluster, namespace, kind and name from the layout synth writes. */
function identifyFromPath(path: string): ResourceId {
  const parts = path.split('/');
  const cluster = parts[0] === 'clusters' && parts.length > 2 ? (parts[1] ?? '') : '';
  const namespace = cluster !== '' && parts[2] === 'namespaces' && parts.length > 4 ? (parts[3] ?? '') : '';
  const base = (parts[parts.length - 1] ?? '').replace(/\.ya?ml$/, '');
  if (base === 'namespace' && namespace !== '')
    return { cluster, namespace: '', kind: 'Namespace', name: namespace, path };
  if (base === 'argocd-application') return { cluster, namespace, kind: 'Application', name: cluster, path };
  const dash = base.indexOf('-');
  const kind = dash > 0 ? FILE_PREFIX_KINDS.get(base.slice(0, dash)) : undefined;
  if (kind !== undefined) return { cluster, namespace, kind, name: base.slice(dash + 1), path };
  return { cluster, namespace, kind: 'File', name: base, path };
}

function asObject(value: JsonValue | undefined): { [key: string]: JsonValue } | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

function stringOr(value: JsonValue | undefined, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}
