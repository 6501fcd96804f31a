import type { Problem } from '../errors';
import { readOwnedTree } from '../tree/read';
import { inFile, isRecord } from './finding';
import { KUSTOMIZATION_FILE, checkResourcesExist, isKustomizeConfig } from './kustomize-rules';
import { parseManifest } from './parse-manifest';
import type { CrdRegistry } from './registry';
import { validateManifest, validateManifestObject } from './validate-manifest';

/**
 * Checks a whole tree in memory (tree path → file contents, as synthesis
 * produces it): every file with {@link validateManifest}, and every
 * `kustomization.yaml`'s resources against the paths in the tree. Pure.
 */
export function validateTree(files: ReadonlyMap<string, string>, registry: CrdRegistry): Problem[] {
  return validateFiles(files, (treePath) => files.has(treePath), registry);
}

/**
 * {@link validateTree} for a tree synthesis has just written, given the object each
 * file holds (`objects`, tree path → JSON data, as `synthFleetWithObjects` or `synthClusters` return
 * it): the same problems, in the same order, without parsing the YAML back. A file
 * with no object in `objects` is parsed and checked like {@link validateTree} does.
 * Only for objects whose file was written from them by one YAML writer (see
 * {@link validateManifestObject}): the YAML syntax and single-document checks are
 * not run on them. Pure.
 */
export function validateObjects(
  files: ReadonlyMap<string, string>,
  objects: ReadonlyMap<string, unknown>,
  registry: CrdRegistry,
): Problem[] {
  const exists = (treePath: string): boolean => files.has(treePath);
  return [...files.keys()].sort().flatMap((file) => {
    if (!objects.has(file)) {
      const content = files.get(file) ?? '';
      return [...validateManifest(file, content, registry), ...resourceProblems(file, content, exists)];
    }
    return validateObjectInTree(file, objects.get(file), registry, exists);
  });
}

/**
 * One object of a tree, checked as {@link validateObjects} checks it: against its
 * schema and, for a `kustomization.yaml`, that every resource it lists `exists`
 * (only then is `exists` called). Pure.
 */
export function validateObjectInTree(
  file: string,
  object: unknown,
  registry: CrdRegistry,
  exists: (treePath: string) => boolean,
): Problem[] {
  return [...validateManifestObject(file, object, registry), ...objectResourceProblems(file, object, exists)];
}

/** Options for {@link validateTreeOnDisk}. */
export interface ValidateTreeOnDiskOptions {
  /** Check only the clusters this accepts (by cluster id); all when not given. */
  readonly clusters?: (clusterId: string) => boolean;
}

/**
 * Reads the files gitops-synth owns under `root/clusters/` (those carrying the
 * `app.vworkspace.io/managed-by: control-plane` label line; foreign files such as
 * `clusters/<id>/flux-system/` are skipped, but count as existing for
 * kustomization resources) and checks them like {@link validateTree}. Problems
 * name files by their tree path, relative to `root`.
 */
export async function validateTreeOnDisk(
  root: string,
  registry: CrdRegistry,
  options: ValidateTreeOnDiskOptions = {},
): Promise<Problem[]> {
  const tree = await readOwnedTree(root, { clusters: options.clusters });
  return validateFiles(
    tree.files,
    (treePath) => tree.files.has(treePath) || tree.foreign.has(treePath),
    registry,
  );
}

function validateFiles(
  files: ReadonlyMap<string, string>,
  exists: (treePath: string) => boolean,
  registry: CrdRegistry,
): Problem[] {
  const paths = [...files.keys()].sort();
  return paths.flatMap((file) => {
    const content = files.get(file) ?? '';
    return [...validateManifest(file, content, registry), ...resourceProblems(file, content, exists)];
  });
}

/** The tree-level check of a kustomization file: what it lists must exist. */
function resourceProblems(file: string, content: string, exists: (treePath: string) => boolean): Problem[] {
  if (!isKustomizationFile(file)) {
    return [];
  }
  return objectResourceProblems(file, parseManifest(content).object, exists);
}

/** {@link resourceProblems} on the file's object. */
function objectResourceProblems(
  file: string,
  object: unknown,
  exists: (treePath: string) => boolean,
): Problem[] {
  if (!isKustomizationFile(file) || !isRecord(object) || !isKustomizeConfig(object)) {
    return [];
  }
  return inFile(file, checkResourcesExist(file, object, exists));
}

/** True for the files whose resources {@link validateObjectInTree} checks against the tree. */
export function isKustomizationFile(file: string): boolean {
  return file.endsWith(`/${KUSTOMIZATION_FILE}`) || file === KUSTOMIZATION_FILE;
}
