/**
 * Every code a {@link GitopsSynthError} can carry: stable, so scripts may match them
 * (`gitops-synth: error [CODE]: …`). One list, here; docs/errors.md documents each
 * code once, and test/errors/error-codes.test.ts keeps the two in step. A new code
 * goes into both, or the build (the union) or the test (the table) fails.
 */
export const ERROR_CODES = [
  // Input: intents, config, flags and environment.
  'CONFIG_INVALID',
  'CONFIG_NOT_FOUND',
  'INTENTS_INVALID',
  'INTENTS_NOT_FOUND',
  'INTENTS_TOO_LARGE',
  'INVALID_ENVIRONMENT',
  'INVALID_FLAG',
  'UNKNOWN_COMMAND',
  'UNKNOWN_CLUSTER',
  'EMPTY_SELECTION',
  'EMPTY_SHARD',
  'YAML_MERGE_KEY',
  // Schemas and synthesis.
  'CRD_DIR_EMPTY',
  'CRD_DIR_UNREADABLE',
  'CRD_INVALID',
  'CRD_NOT_SERVED',
  'REPO_URL_REQUIRED',
  'SYNTH_OUTPUT_INVALID',
  'BOOTSTRAP_OUTPUT_INVALID',
  'ARGOCD_REPOSITORY_MISSING',
  'DUPLICATE_PATH',
  'LAYOUT_NO_PLACE',
  'YAML_UNSUPPORTED_VALUE',
  'PROVENANCE_INVALID',
  'PULL_REQUEST_BODY_LIMIT_INVALID',
  'PULL_REQUEST_CLUSTER_MISSING',
  // The tree on disk.
  'TREE_ROOT_MISSING',
  'TREE_OPTION_INVALID',
  'TREE_INVALID',
  'TREE_CHANGED',
  'TREE_APPLY_FAILED',
  'TREE_ROLLBACK_FAILED',
  'TREE_JOURNAL_INVALID',
  'TREE_STAMP_CLUSTER_INVALID',
  'FOREIGN_FILE',
  'DELETION_GUARD',
  'STATE_SYMLINK',
  // Locks.
  'TREE_LOCKED',
  'REPOSITORY_LOCKED',
  'LOCK_LOST',
  // Git.
  'GIT_FAILED',
  'GIT_ARGUMENT_INVALID',
  'GIT_CREDENTIALS_INVALID',
  'REF_NOT_FOUND',
  'PUSH_REJECTED',
  'PUSH_STALE',
  'REMOTE_BRANCH_MISMATCH',
  'FOREIGN_COMMIT_ON_BRANCH',
  // Git hosts and URLs.
  'PROVIDER_UNKNOWN',
  'PROJECT_INVALID',
  'REMOTE_URL_INVALID',
  'REPO_URL_UNSUPPORTED',
  'REPO_URL_HAS_SECRET',
  'TOKEN_MISSING',
  'PLATFORM_REQUEST_FAILED',
  'PLATFORM_BODY_TOO_LONG',
  // Rollouts and pacing.
  'RUN_DEFERRED',
  'ROLLOUT_NOT_CONFIGURED',
  // Credentials, signatures and the preflight (docs/security.md).
  'GITHUB_APP_INVALID',
  'GITHUB_APP_AUTH_FAILED',
  'PREFLIGHT_FAILED',
  'API_COMMIT_TOO_LARGE',
  'API_COMMIT_MISMATCH',
  // Rollback.
  'COMMIT_NOT_ON_BASE',
  'PULL_REQUEST_NOT_MERGED',
  'NOTHING_TO_REVERT',
  'REVERT_CONFLICT',
  // status serve.
  'WEBHOOK_SECRET_MISSING',
  'STATUS_TOKEN_MISSING',
  'LISTEN_FAILED',
] as const;

/** A stable error code; see docs/errors.md. */
export type ErrorCode = (typeof ERROR_CODES)[number];
