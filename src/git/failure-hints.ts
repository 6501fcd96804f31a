/**
 * Recognising why a git command failed from its (C-locale) output, to give the
 * user a hint that names the setting to check. Pure.
 */
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

/** True when the output says the credentials were refused. */
export function isAuthFailure(output: string): boolean {
  return AUTH_FAILURE_PATTERNS.some((pattern) => pattern.test(output));
}

/** A hint for a failed git command, or undefined when the output is not recognised. */
export function hintForGitFailure(output: string): string | undefined {
  if (isAuthFailure(output)) {
    return PUSH_REJECTION_HINTS['auth-failed'];
  }
  if (/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/i.test(output)) {
    return 'The SSH server\'s host key is not the one pinned. Put the server\'s host key in the file named by GITOPS_SSH_KNOWN_HOSTS (or ~/.ssh/known_hosts); host keys are never accepted blindly.';
  }
  if (/Could not resolve host|Connection refused|Connection timed out|Failed to connect/i.test(output)) {
    return 'The Git server could not be reached; check the repository URL and the network, then publish again.';
  }
  if (/does not appear to be a git repository|repository .* not found|Repository not found/i.test(output)) {
    return 'Check the repository URL; a repository the credentials cannot see is also reported as not found.';
  }
  return undefined;
}
