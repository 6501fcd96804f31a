import * as path from 'path';
import { formatFieldPath } from './field-path';
import { quote, type Finding } from './finding';

/**
 * `kustomization.yaml` files (kustomize.config.k8s.io/v1beta1 Kustomization, not
 * the Flux kind): what they list must exist in the tree, stay inside their
 * directory, and be sorted and unique so that regenerating a tree never reorders it.
 */

/** The apiVersion of kustomize's own configuration files. */
export const KUSTOMIZE_API_VERSION = 'kustomize.config.k8s.io/v1beta1';
/** The only file name kustomize looks for that gitops-synth writes. */
export const KUSTOMIZATION_FILE = 'kustomization.yaml';
/** The file names kustomize accepts for a directory resource. */
const KUSTOMIZATION_FILE_NAMES: readonly string[] = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

/** Top-level fields of a kustomize Kustomization; kustomize refuses others. */
const FIELDS: ReadonlySet<string> = new Set([
  'apiVersion',
  'kind',
  'metadata',
  'resources',
  'components',
  'namespace',
  'namePrefix',
  'nameSuffix',
  'labels',
  'commonLabels',
  'commonAnnotations',
  'patches',
  'images',
  'replicas',
  'replacements',
  'configMapGenerator',
  'secretGenerator',
  'generatorOptions',
  'generators',
  'transformers',
  'validators',
  'crds',
  'openapi',
  'helmCharts',
  'buildMetadata',
  'sortOptions',
]);

/** Whether an object is a kustomize configuration (rather than a Flux Kustomization). */
export function isKustomizeConfig(object: Record<string, unknown>): boolean {
  return object.apiVersion === KUSTOMIZE_API_VERSION && object.kind === 'Kustomization';
}

/** Checks one kustomization file on its own: known fields, and `resources` relative, inside, sorted, unique. */
export function checkKustomization(object: Record<string, unknown>): Finding[] {
  const unknown: Finding[] = Object.keys(object)
    .filter((key) => !FIELDS.has(key))
    .map((key) => ({
      path: formatFieldPath([key]),
      rule: 'unknown-field',
      message: `unknown field ${quote(key)}: kustomize refuses it`,
    }));
  return [...unknown, ...checkResources(object.resources)];
}

function checkResources(resources: unknown): Finding[] {
  if (resources === undefined) {
    return [];
  }
  if (!Array.isArray(resources) || !resources.every((r) => typeof r === 'string')) {
    return [
      {
        path: 'resources',
        rule: 'kustomization:resources',
        message: 'resources must be a list of relative paths',
      },
    ];
  }
  const findings: Finding[] = [];
  const seen = new Map<string, number>();
  resources.forEach((resource: string, index) => {
    const at = formatFieldPath(['resources', index]);
    const reason = relativePathError(resource);
    if (reason !== undefined) {
      findings.push({
        path: at,
        rule: 'kustomization:resource-path',
        message: `resource ${quote(resource)} ${reason}`,
      });
    }
    const first = seen.get(resource);
    if (first !== undefined) {
      findings.push({
        path: at,
        rule: 'kustomization:resource-duplicate',
        message: `resource ${quote(resource)} is already listed at resources[${first}]`,
      });
    } else {
      seen.set(resource, index);
    }
  });
  const sorted = [...resources].sort(compareCodePoints);
  if (sorted.some((resource, index) => resource !== resources[index])) {
    findings.push({
      path: 'resources',
      rule: 'kustomization:resources-unsorted',
      message: `resources must be sorted (by code point): ${sorted.map(quote).join(', ')}`,
    });
  }
  return findings;
}

/** Why a resource entry is not a plain path inside the kustomization's directory, or undefined. */
function relativePathError(resource: string): string | undefined {
  if (
    resource === '' ||
    /^[a-z][a-z0-9+.-]*:\/\//i.test(resource) ||
    path.posix.isAbsolute(resource) ||
    resource.includes('\\')
  ) {
    return 'must be a relative path with / separators';
  }
  const normalized = path.posix.normalize(resource);
  return normalized === '..' || normalized.startsWith('../')
    ? "must not leave the kustomization's directory"
    : undefined;
}

/**
 * Checks that every resource of a kustomization file at `file` exists, as a file
 * or as a directory holding a kustomization. `exists` answers for tree paths.
 */
export function checkResourcesExist(
  file: string,
  object: Record<string, unknown>,
  exists: (treePath: string) => boolean,
): Finding[] {
  const resources = object.resources;
  if (!Array.isArray(resources)) {
    return [];
  }
  const dir = path.posix.dirname(file);
  return resources.flatMap((resource: unknown, index) => {
    if (typeof resource !== 'string' || relativePathError(resource) !== undefined) {
      return [];
    }
    const target = path.posix.join(dir, resource);
    if (exists(target) || KUSTOMIZATION_FILE_NAMES.some((name) => exists(path.posix.join(target, name)))) {
      return [];
    }
    return [
      {
        path: formatFieldPath(['resources', index]),
        rule: 'kustomization:resource-missing',
        message: `resource ${quote(resource)} does not exist in the tree (looked for ${target}, or a kustomization in it)`,
      },
    ];
  });
}

/** Orders strings by UTF-16 code unit, like `sort` in the C locale: the same on every machine. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
