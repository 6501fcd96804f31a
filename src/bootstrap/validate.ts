/**
 * Checks bootstrap objects against the upstream CRD schemas, the rules their CEL
 * carries, and Kubernetes metadata rules. The tree's placement rules do not apply:
 * these objects live on the cluster, not under `clusters/<id>/`. Pure.
 */
import { Problem } from '../errors';
import { checkCelRules } from '../schema/cel-rules';
import { inFile } from '../schema/finding';
import { checkMetadata } from '../schema/metadata-rules';
import { CrdRegistry, splitApiVersion } from '../schema/registry';
import { findingsFromAjv } from '../schema/schema-findings';

/** One object as JSON, with what names it. */
export interface ManifestObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly [field: string]: unknown;
}

/** Every problem of `objects`, each filed under `<kind>/<name>`; empty when all are valid. */
export function validateBootstrapObjects(objects: readonly ManifestObject[], registry: CrdRegistry): Problem[] {
  return objects.flatMap((object) => {
    const file = `${object.kind}/${object.metadata.name}`;
    const crd = registry.findVersion(object.apiVersion, object.kind);
    if (crd === undefined) {
      return [{ file, path: 'apiVersion', rule: 'unknown-kind', message: `no CRD serves ${object.apiVersion} ${object.kind}` }];
    }
    const validate = registry.getValidator(object.apiVersion, object.kind);
    validate(object);
    const celFindings = checkCelRules(splitApiVersion(object.apiVersion).group, object.kind, object as Record<string, unknown>);
    // A code rule says more than the schema's pattern error at the same path, as in validateManifest.
    const covered = new Set(celFindings.map((finding) => finding.path));
    return inFile(file, [
      ...findingsFromAjv(validate.errors, object).filter((f) => !(f.rule === 'crd-schema:pattern' && covered.has(f.path))),
      ...celFindings,
      ...checkMetadata(object.metadata, { nameSyntax: 'dns-1123-subdomain', namespaced: crd.scope !== 'Cluster' }),
    ]);
  });
}
