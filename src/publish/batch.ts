/**
 * The batch path of a large run: every group's commit is built at once with
 * `git fast-import` (no checkout per group), the branches are pushed in bounded
 * chunks with one lease per branch, and only then are the pull requests ensured.
 * A group that needs more care than this (a deletion, a file gitops-synth does not
 * own, a bot branch whose content differs, a lost lease) is handed back to the
 * per-group path, which handles every such case.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fetchBranches, gitIdent, importCommits, pushBranches } from '../git/batch';
import { OwnedTree } from '../tree/read';
import { codeownersPath, fleetCodeowners } from './codeowners';
import { groupContent, GroupContent, groupTree } from './group-content';
import { BRANCH_PREFIX } from '../workspace/conventions';
import { PublishGroup } from './groups';
import { GroupRun } from './publish-group';

/** Runs with at least this many groups take the batch path. */
export const BATCH_MIN_GROUPS = 10;
/** Branches per `git push`. */
export const DEFAULT_PUSH_CHUNK = 100;

/** A group the batch made ready for its pull request. */
export type Prepared =
  | { readonly status: 'up-to-date'; readonly group: PublishGroup }
  | {
      readonly status: 'unchanged' | 'published';
      readonly group: PublishGroup;
      readonly sha: string;
      readonly content: GroupContent;
    };

/** What the batch did: groups ready for their pull request, and groups for the per-group path. */
export interface BatchResult {
  readonly prepared: Prepared[];
  readonly fallback: PublishGroup[];
  /** `git push` processes run. */
  readonly pushes: number;
}

/**
 * True when `groups` should take the batch path: a large per-cluster run whose commits
 * git pushes as they are. Signed or signed-off commits (`--sign`, `--signoff`, the
 * user's `commit.gpgsign`) and commits the host makes (`--sign api`) take the per-group
 * path: fast-import can neither sign nor sign off, and would publish them unsigned.
 */
export async function wantsBatch(run: GroupRun, groups: readonly PublishGroup[]): Promise<boolean> {
  if (run.platform === undefined || run.groupBy !== 'cluster' || groups.length < BATCH_MIN_GROUPS)
    return false;
  if ((run.transport ?? 'git') !== 'git') return false;
  return run.repo.commitsArePlain();
}

/** Builds, pushes and verifies the groups' commits (see the module comment). */
export async function pushInBatches(
  run: GroupRun,
  groups: readonly PublishGroup[],
  onBase: OwnedTree,
  baseSha: string,
  chunk = DEFAULT_PUSH_CHUNK,
): Promise<BatchResult> {
  const prepared: Prepared[] = [];
  const fallback: PublishGroup[] = [];
  const commits: Array<{ group: PublishGroup; content: GroupContent; files: Map<string, string> }> = [];
  const codeowners = codeownersChange(run);
  for (const group of groups) {
    const before = clusterFiles(onBase.files, group.cluster!);
    const desired = groupTree(run.tree, group);
    if (sameFiles(before, desired)) {
      prepared.push({ status: 'up-to-date', group });
    } else if ([...before.keys()].some((file) => !desired.has(file)) || hasForeign(onBase, group.cluster!)) {
      fallback.push(group);
    } else {
      const content = groupContent(group, before, desired, run.clusters, {
        ...run.provenance,
        groupBy: run.groupBy,
        maxBodyLength: run.maxBodyLength,
      });
      const files = new Map(desired);
      if (codeowners !== undefined) files.set(codeowners.path, codeowners.text);
      commits.push({ group, content, files });
    }
  }
  if (commits.length === 0) return { prepared, fallback, pushes: 0 };
  const { repo } = run;
  const built = await importCommits(
    repo,
    commits.map((c) => ({
      branch: c.group.branch,
      parent: baseSha,
      message: c.content.commitMessage,
      files: c.files,
      deletions: [],
    })),
    {
      author: await gitIdent(repo, 'author', run.identities.author),
      committer: await gitIdent(repo, 'committer', run.identities.committer),
    },
  );
  const remote = await fetchBranches(repo, BRANCH_PREFIX);
  const toPush: typeof commits = [];
  for (const commit of commits) {
    const local = built.get(commit.group.branch)!;
    const existing = remote.get(commit.group.branch);
    if (existing === undefined) toPush.push(commit);
    else if (existing.tree === local.tree) {
      // The branch already holds exactly this content (an earlier run pushed it): push nothing.
      prepared.push({ status: 'unchanged', group: commit.group, sha: existing.sha, content: commit.content });
    } else fallback.push(commit.group);
  }
  let pushes = 0;
  const pushed: typeof commits = [];
  for (let i = 0; i < toPush.length; i += chunk) {
    const slice = toPush.slice(i, i + chunk);
    const results = await pushBranches(
      repo,
      slice.map((c) => ({
        branch: c.group.branch,
        expectedSha: null,
        localSha: built.get(c.group.branch)!.sha,
      })),
    );
    pushes++;
    for (const commit of slice) {
      const result = results.get(commit.group.branch)!;
      if (result.status === 'pushed') pushed.push(commit);
      else {
        run.log(`${commit.group.branch}: ${result.detail.split('\n')[0]}; published on its own instead`);
        fallback.push(commit.group);
      }
    }
  }
  // Checked after the pushes, as the per-group path does: a base that moved meanwhile means
  // every branch just pushed is rebuilt on the new base by the per-group path.
  if ((await repo.findRemoteBranchSha(run.base)) !== baseSha) {
    run.log(`the base branch '${run.base}' moved while pushing; the pushed branches are rebuilt on it`);
    fallback.push(...pushed.map((c) => c.group));
    return { prepared, fallback, pushes };
  }
  const now = await repo.listRemoteBranches(BRANCH_PREFIX);
  for (const commit of pushed) {
    const sha = built.get(commit.group.branch)!.sha;
    if (now.get(commit.group.branch) === sha) {
      prepared.push({ status: 'published', group: commit.group, sha, content: commit.content });
    } else fallback.push(commit.group);
  }
  return { prepared, fallback, pushes };
}

function clusterFiles(files: ReadonlyMap<string, string>, id: string): Map<string, string> {
  const prefix = `clusters/${id}/`;
  return new Map([...files].filter(([file]) => file.startsWith(prefix)));
}

function sameFiles(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([file, content]) => b.get(file) === content);
}

function hasForeign(onBase: OwnedTree, id: string): boolean {
  return [...onBase.foreign].some(
    (entry) => entry === `clusters/${id}` || entry.startsWith(`clusters/${id}/`),
  );
}

/** The fleet's CODEOWNERS file as every branch writes it, when it differs from the base's. */
function codeownersChange(run: GroupRun): { path: string; text: string } | undefined {
  const file = codeownersPath((candidate) => fs.existsSync(path.join(run.repo.dir, candidate)));
  const absolute = path.join(run.repo.dir, file);
  const existing = fs.existsSync(absolute) ? fs.readFileSync(absolute, 'utf8') : undefined;
  const next = fleetCodeowners(existing, run.clusters);
  return next === (existing ?? '') ? undefined : { path: file, text: next };
}
