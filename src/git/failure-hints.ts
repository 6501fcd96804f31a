/**
 * Recognising why a git command failed from its (C-locale) output, to give the
 * user a hint that names the setting to check. Pure.
 */
import { DEFAULT_COMMIT_IDENTITY } from '../workspace/identity';
import { PUSH_REJECTION_HINTS } from './errors';

/** Output that means the credentials were missing, wrong, or lack write access (git, GitHub, GitLab, Gitea, OpenSSH wordings). */
export const AUTH_FAILURE_PATTERNS: readonly RegExp[] = [
  /Authentication failed/i,
  /could not read (Username|Password)/i,
  /terminal prompts disabled/i,
  /Permission denied \((publickey|password|keyboard-interactive)/i,
  /Permission denied, please try again/i,
  /requested URL returned error: 40[13]/i,
  /HTTP Basic: Access denied/i,
  /Invalid username or (password|token)/i,
  /Permission to \S+ denied/i,
  /not allowed to push code to this project/i,
  /marked as read only/i,
  /deploy key.*(read[- ]only|write access)/i,
];

/** Output of git refusing to commit for want of a usable name or email (`git commit`, `git revert`, `git var`). */
export const IDENTITY_FAILURE_PATTERNS: readonly RegExp[] = [
  /Please tell me who you are/i,
  /(Author|Committer) identity unknown/i,
  /unable to auto-detect (email address|name)/i,
  /empty ident name/i,
  /no (email|name) was given and auto-detection is disabled/i,
  /name consists only of disallowed characters/i,
];

/** What to do when git has no usable commit identity; names the default so the user knows what an unset runner commits as. */
export const IDENTITY_HINT =
  "Git has no usable commit identity. Pass --author 'Name <email>' (and --committer), or set GITOPS_AUTHOR_NAME and GITOPS_AUTHOR_EMAIL " +
  '(GITOPS_COMMITTER_NAME and GITOPS_COMMITTER_EMAIL for the committer), or fix user.name and user.email in the git config of the working copy. ' +
  `With no identity configured at all, gitops-synth commits as ${DEFAULT_COMMIT_IDENTITY.name} <${DEFAULT_COMMIT_IDENTITY.email}>.`;

/** True when the output says the credentials were refused. */
export function isAuthFailure(output: string): boolean {
  return AUTH_FAILURE_PATTERNS.some((pattern) => pattern.test(output));
}

/** A hint for a failed git command, or undefined when the output is not recognised. */
export function hintForGitFailure(output: string): string | undefined {
  if (isAuthFailure(output)) {
    return PUSH_REJECTION_HINTS['auth-failed'];
  }
  if (IDENTITY_FAILURE_PATTERNS.some((pattern) => pattern.test(output))) {
    return IDENTITY_HINT;
  }
  if (/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/i.test(output)) {
    return "The SSH server's host key is not the one pinned. Put the server's host key in the file named by GITOPS_SSH_KNOWN_HOSTS (or ~/.ssh/known_hosts); host keys are never accepted blindly.";
  }
  if (/Could not resolve host|Connection refused|Connection timed out|Failed to connect/i.test(output)) {
    return 'The Git server could not be reached; check the repository URL and the network, then publish again.';
  }
  if (/does not appear to be a git repository|repository .* not found|Repository not found/i.test(output)) {
    return 'Check the repository URL; a repository the credentials cannot see is also reported as not found.';
  }
  return undefined;
}
