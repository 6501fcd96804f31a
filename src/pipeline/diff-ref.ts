import { diffTrees } from '../diff/diff';
import type { ChangeSet } from '../diff/model';
import { readTreeAtRef, resolveRef } from '../git/read-tree';
import { clusterFilter } from '../selection';
import { isOwnedContent } from '../tree/ownership';
import { renderFleet, type RenderRequest } from './render';

/** What {@link diffAgainstRef} compares. */
export interface DiffRequest extends RenderRequest {
  /** The repository whose ref is read (absolute). */
  readonly root: string;
  /** The Git ref to compare with (a branch, tag or commit). */
  readonly ref: string;
  /** The flag that named the ref, for error messages (`--against`, `--base`). */
  readonly refFlag?: string;
  /** The environment git runs with. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * `gitops-synth diff` as a function: what the intents would change against `ref`, per
 * cluster, resource and field, for the selected clusters. Reads the ref with git
 * (only the owned files under `clusters/`); writes nothing. The intents are rendered
 * first, so an empty selection fails before git is asked anything.
 */
export async function diffAgainstRef(request: DiffRequest): Promise<ChangeSet> {
  const rendered = await renderFleet(request);
  const env = request.env ?? process.env;
  await resolveRef(request.root, request.ref, request.refFlag ?? '--against', env);
  const selected = clusterFilter(request.selection);
  const atRef = await readTreeAtRef(request.root, request.ref, 'clusters', env);
  const base = new Map(
    [...atRef].filter(
      ([path, content]) =>
        selected(path.split('/')[1] ?? '') && path.endsWith('.yaml') && isOwnedContent(content),
    ),
  );
  return diffTrees(base, rendered.tree);
}
