/**
 * A real GitOps repository for status tests: a bare repository and a working
 * clone that commits cluster files at chosen times (the committer date is what
 * status reads as the merge time) and pushes them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createBareRepository, createTestHome, git, testGitEnv } from '../support/git-server';

/** The repository and a way to add history to it. */
export interface FleetRepo {
  readonly bareDir: string;
  readonly url: string;
  readonly workDir: string;
  /** Commits `files` on the current branch at `date` (ISO) and returns the SHA. */
  commit(files: Record<string, string>, message: string, date: string): string;
  /** Checks out `branch` (created from `from` when given). */
  checkout(branch: string, from?: string): void;
  /** Merges `branch` into the current branch with a merge commit at `date`. */
  merge(branch: string, date: string): string;
  /** Pushes `branch` to the bare repository. */
  push(branch: string): void;
  readonly env: Record<string, string>;
}

/** Creates the repository under `root` with a seed commit on main. */
export function createFleetRepo(root: string): FleetRepo {
  const bare = createBareRepository({ root, name: 'fleet.git' });
  const home = createTestHome(root);
  const env = testGitEnv(home);
  const workDir = path.join(root, 'work');
  git(['clone', '--quiet', bare.url, workDir], { cwd: root, env });
  const run = (args: string[], date?: string) =>
    git(args, {
      cwd: workDir,
      env: date === undefined ? env : { ...env, GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date },
    });
  return {
    bareDir: bare.dir,
    url: bare.url,
    workDir,
    env,
    commit: (files, message, date) => {
      for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(workDir, file)), { recursive: true });
        fs.writeFileSync(path.join(workDir, file), content);
      }
      run(['add', '--all']);
      run(['commit', '--quiet', '-m', message], date);
      return run(['rev-parse', 'HEAD']);
    },
    checkout: (branch, from) => {
      run(from === undefined ? ['checkout', '--quiet', branch] : ['checkout', '--quiet', '-b', branch, from]);
    },
    merge: (branch, date) => {
      run(['merge', '--quiet', '--no-ff', '-m', `Merge ${branch}`, branch], date);
      return run(['rev-parse', 'HEAD']);
    },
    push: (branch) => {
      run(['push', '--quiet', '--force', 'origin', `${branch}:refs/heads/${branch}`]);
    },
  };
}

/** A file of cluster `id` whose content `version` makes each commit differ. */
export function clusterFile(id: string, version = 1): Record<string, string> {
  return { [`clusters/${id}/namespaces/kustomization.yaml`]: `resources: []\n# version ${version}\n` };
}

/** A gitops-synth commit message with trailers. */
export function synthMessage(subject: string, revision: string): string {
  return `${subject}\n\nIntents-Digest: sha256:${'0'.repeat(64)}\nIntents-Revision: ${revision}\nGenerated-By: gitops-synth 0.1.0\n`;
}
