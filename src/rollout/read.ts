/**
 * `gitops-synth rollout`'s read: the rendered intents against the base branch's
 * tree (which clusters the change touches), and the plan from Git and the host.
 * Reads publish's working copy under its lock; writes nothing anywhere.
 */
import * as fs from 'fs';
import * as path from 'path';
import { withRepositoryLock } from '../git/lock';
import { readTreeAtRef } from '../git/read-tree';
import { Rendered } from '../pipeline/render';
import { Platform } from '../platform/types';
import { openWorkspace, workdirFor, WorkspaceOptions } from '../workspace/workspace';
import { isOwnedContent, mayBeOwned } from '../tree/ownership';
import { changingClusters } from './changing';
import { readRolloutPlan } from './gate';
import { RolloutPolicy } from './policy';
import { rolloutStatus, RolloutStatus } from './report';

/** What {@link readRollout} needs, every flag already checked. */
export interface ReadRolloutRequest {
  readonly workspace: WorkspaceOptions;
  readonly rendered: Rendered;
  readonly selects: (id: string) => boolean;
  readonly policy: RolloutPolicy;
  readonly platform: Platform;
  readonly intentsRevision?: string;
  readonly now: Date;
  readonly overrideFreeze?: string;
  readonly maxOpenPullRequests?: number;
}

/** The rollout document for the intents as they are now. */
export async function readRollout(request: ReadRolloutRequest): Promise<RolloutStatus> {
  const workdir = workdirFor(request.workspace);
  fs.mkdirSync(path.dirname(workdir), { recursive: true });
  return withRepositoryLock(workdir, async () => {
    const repo = await openWorkspace({ ...request.workspace, workdir });
    const baseSha = await repo.fetchBase(request.workspace.base);
    const onBase = new Map(
      [...(await readTreeAtRef(repo.dir, baseSha, 'clusters', request.workspace.env))].filter(
        ([file, content]) => mayBeOwned(file) && isOwnedContent(content),
      ),
    );
    const ids = [
      ...new Set([
        ...request.rendered.fleet.clusters.map((c) => c.id),
        ...[...onBase.keys()].map((file) => file.split('/')[1]),
      ]),
    ].filter(request.selects);
    const { plan } = await readRolloutPlan({
      dir: repo.dir,
      env: request.workspace.env,
      tokenSource: request.workspace.tokenSource,
      base: request.workspace.base,
      platform: request.platform,
      selects: request.selects,
      policy: request.policy,
      clusters: ids,
      changing: changingClusters(ids, request.rendered.tree, onBase),
      target:
        request.intentsRevision === undefined
          ? { trailer: 'Intents-Digest', value: request.rendered.digest }
          : { trailer: 'Intents-Revision', value: request.intentsRevision },
      now: request.now,
      overrideFreeze: request.overrideFreeze,
      maxOpenPullRequests: request.maxOpenPullRequests,
    });
    return rolloutStatus(plan, { branch: request.workspace.base, sha: baseSha }, request.now);
  });
}
