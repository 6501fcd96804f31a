import { GitopsSynthError } from '../errors';

/** Someone other than gitops-synth pushed commits onto one of its branches. */
export class ForeignCommitError extends GitopsSynthError {
  public readonly branch: string;
  public readonly commits: readonly string[];

  public constructor(branch: string, commits: readonly string[]) {
    super(
      'FOREIGN_COMMIT_ON_BRANCH',
      `the branch '${branch}' holds commits gitops-synth did not make, and it will not overwrite them:\n${commits.map((c) => `  ${c}`).join('\n')}`,
      {
        hint: `'${branch}' is gitops-synth's own branch. Move those changes into the intents (or merge the pull request as it is), then delete the branch or drop the commits, and publish again.`,
      },
    );
    this.branch = branch;
    this.commits = commits;
  }
}
