/**
 * Checks bootstrap objects against the upstream CRD schemas, the CEL rules those
 * CRDs carry (evaluated, not re-typed), and Kubernetes metadata rules. The one
 * core object, Argo CD's notifications ConfigMap, is checked for what the API
 * server and Argo CD need: string data whose entries parse as YAML. The tree's
 * placement rules do not apply: these objects live on the cluster, not under
 * `clusters/<id>/`. Pure.
 */
import { parse } from 'yaml';
import { Problem } from '../errors';
import { evaluateCrdRules } from '../schema/crd-cel';
import { Finding, inFile, isRecord } from '../schema/finding';
import { checkMetadata } from '../schema/metadata-rules';
import { CrdRegistry } from '../schema/registry';
import { findingsFromAjv } from '../schema/schema-findings';

/** One object as JSON, with what names it. */
export interface ManifestObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly [field: string]: unknown;
}

/** Every problem of `objects`, each filed under `<kind>/<name>`; empty when all are valid. */
export function validateBootstrapObjects(
  objects: readonly ManifestObject[],
  registry: CrdRegistry,
): Problem[] {
  return objects.flatMap((object) => {
    const file = `${object.kind}/${object.metadata.name}`;
    if (object.apiVersion === 'v1' && object.kind === 'ConfigMap') {
      return inFile(file, [
        ...checkMetadata(object.metadata, { nameSyntax: 'dns-1123-subdomain', namespaced: true }),
        ...configMapFindings(object),
      ]);
    }
    const crd = registry.findVersion(object.apiVersion, object.kind);
    if (crd === undefined) {
      return [
        {
          file,
          path: 'apiVersion',
          rule: 'unknown-kind',
          message: `no CRD serves ${object.apiVersion} ${object.kind}`,
        },
      ];
    }
    const validate = registry.getValidator(object.apiVersion, object.kind);
    validate(object);
    return inFile(file, [
      ...findingsFromAjv(validate.errors, object),
      ...evaluateCrdRules(crd.schema, object),
      ...checkMetadata(object.metadata, {
        nameSyntax: 'dns-1123-subdomain',
        namespaced: crd.scope !== 'Cluster',
      }),
    ]);
  });
}

/** ConfigMap data: string values under valid keys, each a YAML document Argo CD can read. */
function configMapFindings(object: ManifestObject): Finding[] {
  const data = object.data;
  if (!isRecord(data))
    return [{ path: 'data', rule: 'configmap-data', message: 'data must be a map of strings' }];
  return Object.entries(data).flatMap(([key, value]): Finding[] => {
    if (!/^[-._a-zA-Z0-9]+$/.test(key))
      return [
        { path: `data.${key}`, rule: 'configmap-key', message: `'${key}' is not a valid ConfigMap key` },
      ];
    if (typeof value !== 'string')
      return [{ path: `data.${key}`, rule: 'configmap-data', message: 'the value must be a string' }];
    try {
      parse(value);
      return [];
    } catch (error) {
      return [
        { path: `data.${key}`, rule: 'configmap-yaml', message: `not YAML: ${(error as Error).message}` },
      ];
    }
  });
}
