/**
 * The publish benchmark: one changed intent published to a local bare remote that
 * holds the whole fleet's tree, cold (clone and publish) and warm (the cached working
 * copy), with the partial clone and sparse checkout of the changed cluster or with a
 * full clone. The forge is an in-memory stand-in: the API is not what is measured.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { renderFleet } from '../src/pipeline/render';
import { Platform, PullRequest } from '../src/platform/types';
import { publish } from '../src/publish/publish';
import { clusterFilter, ClusterSelection } from '../src/selection';
import { clusterId } from './fleet';
import { stage, StageFigures } from './measure';

/** A forge that accepts every pull request; publish's API calls cost nothing here. */
function memoryPlatform(): Platform {
  const pulls = new Map<string, PullRequest>();
  return {
    name: 'github',
    maxBodyLength: 65536,
    findPullRequest: async (branch) => pulls.get(branch),
    getPullRequest: async (number) => [...pulls.values()].find((p) => p.number === number)!,
    ensurePullRequest: async (input) => {
      const existing = pulls.get(input.branch);
      const pullRequest: PullRequest = {
        number: existing?.number ?? pulls.size + 1,
        url: `memory://${input.branch}`,
        state: 'open',
        ...input,
      };
      pulls.set(input.branch, pullRequest);
      return { pullRequest, action: existing === undefined ? 'created' : 'updated', notes: [] };
    },
    listCommitStatuses: async () => [],
  };
}

/** Makes the bare remote from the full run's committed tree (not timed). */
export function setUpRemote(work: string): string {
  const remote = path.join(work, 'remote.git');
  if (!fs.existsSync(remote)) {
    execFileSync('git', ['clone', '--quiet', '--bare', path.join(work, 'tree-1'), remote]);
    execFileSync('git', ['config', 'uploadpack.allowFilter', 'true'], { cwd: remote });
    execFileSync('git', ['config', 'gc.auto', '0'], { cwd: remote });
  }
  return `file://${remote}`;
}

/** Changes the replicas of the first application of cluster 0 in the intents (one changed intent). */
function changeOneIntent(work: string, replicas: number): void {
  const file = path.join(work, 'intents', `${clusterId(0)}.json`);
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, text.replace(/"replicas": \d+/, `"replicas": ${replicas}`));
}

/** Publishes one changed intent twice (cold, then warm) and reports the figures; `sparse` picks the clone. */
export async function publishRun(work: string, sparse: boolean, run: string): Promise<unknown> {
  const remote = setUpRemote(work);
  const workdir = path.join(work, `publish-${sparse ? 'sparse' : 'full'}-${run}`);
  fs.rmSync(workdir, { recursive: true, force: true });
  const intents = path.join(work, 'intents');
  const original = fs.readFileSync(path.join(intents, `${clusterId(0)}.json`), 'utf8');
  const selection: ClusterSelection = { pattern: clusterId(0) };
  const stages: StageFigures[] = [];
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'bench',
    GIT_AUTHOR_EMAIL: 'bench@example.org',
    GIT_COMMITTER_NAME: 'bench',
    GIT_COMMITTER_EMAIL: 'bench@example.org',
  };
  const once = async (name: string, replicas: number): Promise<readonly string[]> => {
    changeOneIntent(work, replicas);
    const rendered = await stage(`render (${name})`, stages, () =>
      renderFleet({ intents, branch: 'main', selection }),
    );
    const outcomes = await stage(name, stages, () =>
      publish({
        workspace: { repo: remote, base: 'main', workdir, cwd: work, env },
        rendered,
        allClusters: rendered.allClusters,
        selects: clusterFilter(selection),
        groupBy: 'cluster',
        shardSuffix: '',
        identities: {
          author: { name: 'bench', email: 'bench@example.org' },
          committer: { name: 'bench', email: 'bench@example.org' },
        },
        toolVersion: 'bench',
        allowDeletions: false,
        maxDeletionShare: 0.5,
        platform: memoryPlatform(),
        log: () => undefined,
        sparse,
      }),
    );
    const outcome = outcomes[0];
    return outcome !== undefined && outcome.status === 'published'
      ? [...outcome.content.files.added, ...outcome.content.files.changed, ...outcome.content.files.removed]
      : [];
  };
  try {
    const cold = await once('clone and publish', 91);
    const warm = await once('publish (cached working copy)', 92);
    const committed = execFileSync('git', ['show', '--name-only', '--format=', 'HEAD'], {
      cwd: workdir,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((l) => l !== '');
    const checkedOut = fs.readdirSync(path.join(workdir, 'clusters')).length;
    return {
      stages,
      changedFiles: { cold, warm },
      committedFiles: committed,
      clustersCheckedOut: checkedOut,
    };
  } finally {
    fs.writeFileSync(path.join(intents, `${clusterId(0)}.json`), original);
    fs.rmSync(workdir, { recursive: true, force: true });
  }
}
