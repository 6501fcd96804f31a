import type { Problem } from '../errors';
import { evaluateCrdRules } from './crd-cel';
import { splitApiVersion, type CrdRegistry, type CrdVersion } from './registry';
import { inFile, isRecord, quote, type Finding } from './finding';
import { KUSTOMIZATION_FILE, checkKustomization, isKustomizeConfig } from './kustomize-rules';
import { checkMetadata } from './metadata-rules';
import { NAMESPACE_API_VERSION, NAMESPACE_KIND, checkNamespace } from './namespace-rules';
import { parseManifest } from './parse-manifest';
import { checkOwnershipLabels, checkPlacement, locate, type TreeLocation } from './placement-rules';
import { findingsFromAjv } from './schema-findings';

/**
 * Checks one manifest file of a GitOps tree: one document; a kind and version the
 * registry serves (or a Namespace, or a kustomization file); the CRD schema with
 * unknown fields as errors; the CEL rules; metadata; ownership labels; and, from
 * `file` (a tree path such as `clusters/c1/namespaces/ns/helmrelease-x.yaml`),
 * the labels and placement the path implies. Pure: reads nothing but its arguments.
 */
export function validateManifest(file: string, content: string, registry: CrdRegistry): Problem[] {
  return inFile(file, sortFindings(manifestFindings(file, content, registry)));
}

/**
 * {@link validateManifest} on the object a file holds rather than on its text: every
 * check but the two only text can fail (YAML syntax, exactly one document). Meant for
 * objects whose file was written by one YAML writer from this very object, as
 * synthesis does (`toManifestYaml` writes exactly one document per file, never a
 * `---`, and only valid YAML): for those the two text checks cannot fail, and the
 * problems are the ones {@link validateManifest} reports for the file. `object` must
 * be JSON data as a YAML reader returns it (no `undefined` map values). Pure.
 */
export function validateManifestObject(file: string, object: unknown, registry: CrdRegistry): Problem[] {
  return inFile(file, sortFindings(objectFileFindings(file, object, registry)));
}

function manifestFindings(file: string, content: string, registry: CrdRegistry): Finding[] {
  const parsed = parseManifest(content);
  if (parsed.findings !== undefined) {
    return parsed.findings;
  }
  return objectFileFindings(file, parsed.object, registry);
}

/** Everything checked once the file's one document is known. */
function objectFileFindings(file: string, object: unknown, registry: CrdRegistry): Finding[] {
  if (!isRecord(object)) {
    return [
      {
        path: '',
        rule: 'not-an-object',
        message: `a manifest must be a mapping with apiVersion, kind and metadata (got ${quote(object)})`,
      },
    ];
  }
  const location = locate(file);
  if (isKustomizeConfig(object)) {
    // kustomize ignores metadata, but gitops-synth finds its own files by these labels.
    const labels = isRecord(object.metadata) ? object.metadata.labels : undefined;
    const placed = { kind: 'Kustomization', name: undefined, namespace: undefined, labels };
    return [
      ...checkKustomization(object),
      ...kustomizationFileName(location, true),
      ...checkOwnershipLabels(placed, location),
    ];
  }
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return [...kustomizationFileName(location, false), ...missingTypeFields(object)];
  }
  return [
    ...kustomizationFileName(location, false),
    ...objectFindings(object, apiVersion, kind, location, registry),
  ];
}

function objectFindings(
  object: Record<string, unknown>,
  apiVersion: string,
  kind: string,
  location: TreeLocation,
  registry: CrdRegistry,
): Finding[] {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const placed = { kind, name: metadata.name, namespace: metadata.namespace, labels: metadata.labels };
  const treeFindings = [...checkOwnershipLabels(placed, location), ...checkPlacement(placed, location)];
  if (apiVersion === NAMESPACE_API_VERSION && kind === NAMESPACE_KIND) {
    return [...checkNamespace(object), ...treeFindings];
  }
  const crd = registry.findVersion(apiVersion, kind);
  const metadataFindings = checkMetadata(object.metadata, {
    nameSyntax: 'dns-1123-subdomain',
    namespaced: crd?.scope !== 'Cluster',
  });
  if (crd !== undefined) {
    return [...customResourceFindings(object, crd, registry), ...metadataFindings, ...treeFindings];
  }
  const { group, version } = splitApiVersion(apiVersion);
  const served = registry.servedVersions(group, kind);
  if (served.length > 0) {
    const use = served.map((v) => `${group}/${v}`).join(' or ');
    return [
      {
        path: 'apiVersion',
        rule: 'unsupported-version',
        message: `${kind} ${apiVersion} is not served (version ${version} was removed); use apiVersion ${use}`,
      },
      ...metadataFindings,
      ...treeFindings,
    ];
  }
  return [
    {
      path: 'kind',
      rule: 'unknown-kind',
      message: `no CRD serves ${apiVersion} ${kind}; gitops-synth writes ${knownKinds(registry)}`,
    },
  ];
}

/** Schema, the CRD's own CEL rules (evaluated, not re-typed) and `status`. */
function customResourceFindings(
  object: Record<string, unknown>,
  crd: CrdVersion,
  registry: CrdRegistry,
): Finding[] {
  const status = object.status;
  // The copy without `status` is only needed when there is a status to leave out.
  const withoutStatus = 'status' in object ? withoutKey(object, 'status') : object;
  const validate = registry.getValidator(`${crd.group}/${crd.version}`, crd.kind);
  validate(withoutStatus);
  const statusFindings: Finding[] =
    status === undefined
      ? []
      : [
          {
            path: 'status',
            rule: 'status-not-allowed',
            message: 'status is written by the controller, not by manifests; remove it',
          },
        ];
  return [
    ...findingsFromAjv(validate.errors, withoutStatus),
    ...evaluateCrdRules(crd.schema, withoutStatus),
    ...statusFindings,
  ];
}

/** A shallow copy of `object` without `key`. */
function withoutKey(object: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _left, ...rest } = object;
  return rest;
}

function kustomizationFileName(location: TreeLocation, isKustomization: boolean): Finding[] {
  if (isKustomization === (location.fileName === KUSTOMIZATION_FILE)) {
    return [];
  }
  return [
    {
      path: '',
      rule: 'file-name',
      message: isKustomization
        ? `a kustomize Kustomization belongs in ${KUSTOMIZATION_FILE}, not ${location.fileName}`
        : `${KUSTOMIZATION_FILE} is kustomize's file name; it must hold a kustomize.config.k8s.io/v1beta1 Kustomization`,
    },
  ];
}

function missingTypeFields(object: Record<string, unknown>): Finding[] {
  return (['apiVersion', 'kind'] as const)
    .filter((field) => typeof object[field] !== 'string')
    .map((field) => ({
      path: field,
      rule: 'required',
      message: `${field} is required and must be a string`,
    }));
}

function knownKinds(registry: CrdRegistry): string {
  const kinds = registry.versions.map((v) => `${v.group}/${v.version} ${v.kind}`);
  return [...kinds, `${NAMESPACE_API_VERSION} ${NAMESPACE_KIND}`].join(', ');
}

function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }) || a.rule.localeCompare(b.rule, 'en'),
  );
}
