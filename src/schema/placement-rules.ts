import { CLUSTER_ID_LABEL, MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../labels';
import { formatFieldPath } from './field-path';
import { isRecord, quote, type Finding } from './finding';

/**
 * Where a file sits in the tree must agree with what it holds: the cluster
 * directory with the cluster-id label, the namespace directory with the
 * namespace, the file name with the kind and name. gitops-synth finds and
 * prunes its files by these, so a mismatch is a file it would lose track of.
 */

/** What a tree path says about the object it holds. */
export interface TreeLocation {
  /** `<id>` of `clusters/<id>/...`, when the file is under a cluster. */
  readonly clusterId?: string;
  /** `<ns>` of `clusters/<id>/namespaces/<ns>/...`, when the file is under a namespace. */
  readonly namespace?: string;
  /** The file's base name. */
  readonly fileName: string;
}

/** Reads a tree path (`/` or `\` separated, relative to the tree root) into a {@link TreeLocation}. */
export function locate(file: string): TreeLocation {
  const parts = file.split(/[\\/]/).filter((part) => part !== '' && part !== '.');
  const fileName = parts[parts.length - 1] ?? '';
  const at = parts.indexOf('clusters');
  if (at < 0 || at + 2 >= parts.length) {
    return { fileName };
  }
  const clusterId = parts[at + 1];
  const namespace = parts[at + 2] === 'namespaces' && at + 4 < parts.length ? parts[at + 3] : undefined;
  return { clusterId, namespace, fileName };
}

/** The object's identity, as far as placement is concerned. */
export interface PlacedObject {
  readonly kind: string;
  readonly name: unknown;
  readonly namespace: unknown;
  readonly labels: unknown;
}

/** Checks the ownership labels: managed-by is `control-plane`, cluster-id is set and names the file's cluster. */
export function checkOwnershipLabels(object: PlacedObject, location: TreeLocation): Finding[] {
  const labels = isRecord(object.labels) ? object.labels : {};
  const findings: Finding[] = [];
  const managedBy = labels[MANAGED_BY_LABEL];
  if (
    managedBy === MANAGED_BY_VALUE &&
    labels[CLUSTER_ID_LABEL] !== undefined &&
    (location.clusterId === undefined || labels[CLUSTER_ID_LABEL] === location.clusterId)
  ) {
    // The case of every file gitops-synth writes: nothing to report, nothing to format.
    return findings;
  }
  const managedPath = formatFieldPath(['metadata', 'labels', MANAGED_BY_LABEL]);
  if (managedBy === undefined) {
    findings.push({
      path: managedPath,
      rule: 'label-missing',
      message: `label ${MANAGED_BY_LABEL}: ${MANAGED_BY_VALUE} is missing; gitops-synth marks everything it writes with it`,
    });
  } else if (managedBy !== MANAGED_BY_VALUE) {
    findings.push({
      path: managedPath,
      rule: 'label-mismatch',
      message: `label ${MANAGED_BY_LABEL} is ${quote(managedBy)} but must be ${quote(MANAGED_BY_VALUE)}`,
    });
  }
  const clusterId = labels[CLUSTER_ID_LABEL];
  const clusterPath = formatFieldPath(['metadata', 'labels', CLUSTER_ID_LABEL]);
  if (clusterId === undefined) {
    findings.push({
      path: clusterPath,
      rule: 'label-missing',
      message: `label ${CLUSTER_ID_LABEL} is missing; it must name the cluster${location.clusterId === undefined ? '' : ` (${quote(location.clusterId)})`}`,
    });
  } else if (location.clusterId !== undefined && clusterId !== location.clusterId) {
    findings.push({
      path: clusterPath,
      rule: 'label-mismatch',
      message: `label ${CLUSTER_ID_LABEL} is ${quote(clusterId)} but the file is under clusters/${location.clusterId}/`,
    });
  }
  return findings;
}

/**
 * Under `clusters/<id>/namespaces/<ns>/`: a Namespace is `namespace.yaml` and is
 * named `<ns>`; anything else is `<kind>-<name>.yaml` in namespace `<ns>`.
 */
export function checkPlacement(object: PlacedObject, location: TreeLocation): Finding[] {
  if (location.namespace === undefined) {
    return [];
  }
  const isNamespace = object.kind === 'Namespace';
  const expectedFile = isNamespace
    ? 'namespace.yaml'
    : `${object.kind.toLowerCase()}-${String(object.name)}.yaml`;
  const findings: Finding[] = [];
  if (location.fileName !== expectedFile) {
    findings.push({
      path: '',
      rule: 'file-name',
      message: `a ${object.kind} named ${quote(object.name)} belongs in ${expectedFile}, not ${location.fileName}`,
    });
  }
  const actual = isNamespace ? object.name : object.namespace;
  if (actual !== location.namespace) {
    findings.push({
      path: isNamespace ? 'metadata.name' : 'metadata.namespace',
      rule: 'namespace-directory',
      message: `the file is under namespaces/${location.namespace}/ but ${isNamespace ? 'metadata.name' : 'metadata.namespace'} is ${quote(actual)}; they must be equal`,
    });
  }
  return findings;
}
