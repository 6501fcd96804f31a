/**
 * The merge commit of a merged pull request, as every host reports it: a full object id
 * (SHA-1 or SHA-256) or nothing. Pure.
 */

/** `{ mergeCommitSha }` for a merged pull request with a well-formed sha, else `{}`. */
export function mergeCommitOf(merged: boolean, sha: string | null | undefined): { mergeCommitSha?: string } {
  return merged && typeof sha === 'string' && /^[0-9a-f]{40,64}$/.test(sha) ? { mergeCommitSha: sha } : {};
}
