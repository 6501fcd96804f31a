import type { Problem } from '../errors';
import { readOwnedTree } from '../tree/read';
import { inFile, isRecord } from './finding';
import { KUSTOMIZATION_FILE, checkResourcesExist, isKustomizeConfig } from './kustomize-rules';
import { parseManifest } from './parse-manifest';
import type { CrdRegistry } from './registry';
import { validateManifest } from './validate-manifest';

/**
 * Checks a whole tree in memory (tree path → file contents, as synthesis
 * produces it): every file with {@link validateManifest}, and every
 * `kustomization.yaml`'s resources against the paths in the tree. Pure.
 */
export function validateTree(files: ReadonlyMap<string, string>, registry: CrdRegistry): Problem[] {
  return validateFiles(files, (treePath) => files.has(treePath), registry);
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
export async function validateTreeOnDisk(root: string, registry: CrdRegistry, options: ValidateTreeOnDiskOptions = {}): Promise<Problem[]> {
  const tree = await readOwnedTree(root, { clusters: options.clusters });
  return validateFiles(tree.files, (treePath) => tree.files.has(treePath) || tree.foreign.has(treePath), registry);
}

function validateFiles(files: ReadonlyMap<string, string>, exists: (treePath: string) => boolean, registry: CrdRegistry): Problem[] {
  const paths = [...files.keys()].sort();
  return paths.flatMap((file) => {
    const content = files.get(file) ?? '';
    return [...validateManifest(file, content, registry), ...resourceProblems(file, content, exists)];
  });
}

/** The tree-level check of a kustomization file: what it lists must exist. */
function resourceProblems(file: string, content: string, exists: (treePath: string) => boolean): Problem[] {
  if (!file.endsWith(`/${KUSTOMIZATION_FILE}`) && file !== KUSTOMIZATION_FILE) {
    return [];
  }
  const parsed = parseManifest(content);
  if (!isRecord(parsed.object) || !isKustomizeConfig(parsed.object)) {
    return [];
  }
  return inFile(file, checkResourcesExist(file, parsed.object, exists));
}
