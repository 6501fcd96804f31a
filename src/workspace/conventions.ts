/**
 * The layout of a GitOps repository that publish, rollback and status all rely on:
 * which branches are gitops-synth's own and where CODEOWNERS may live. Kept here, not
 * in one command's folder, so no command reaches into another's.
 */

/** The prefix of every branch gitops-synth pushes; the branches are the tool's own. */
export const BRANCH_PREFIX = 'gitops/';

/** Where CODEOWNERS may live, in the order GitHub, GitLab and Gitea look for it. */
export const CODEOWNERS_LOCATIONS: readonly string[] = [
  '.github/CODEOWNERS',
  'CODEOWNERS',
  'docs/CODEOWNERS',
  '.gitlab/CODEOWNERS',
  '.gitea/CODEOWNERS',
];
