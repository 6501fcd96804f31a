/**
 * gitops-synth's library entry point, in pipeline order:
 * intents → charts → synth → tree → diff → messages → git → platform → publish → status.
 * The CLI (`gitops-synth`) is a thin layer over these: each command has its function
 * here, listed under "Commands". test/package/public-api.test.ts compares the export
 * list with test/package/public-api.txt, so nothing leaves it by accident.
 */

// Commands, one function each (the CLI adds flags, output and exit codes):
//   synth     → synthesizeTree        validate  → loadFleet + validateTreeOnDisk
//   check     → checkTree             diff      → diffAgainstRef
//   publish   → publish               rollback  → rollback
//   status    → poll + deriveStatuses (+ renderStatusText / renderStatusJson)
//   status serve → StatusMonitor + startStatusServer
//   bootstrap → bootstrapHost + buildBootstrap
//   doctor    → doctor (publish and rollback run its host checks as `preflight`)

/** `synth`: intents → the tree on disk, writing only what changed. */
export { synthesizeTree, type SynthTreeRequest, type SynthTreeResult } from './pipeline/synth-tree';
/** `check`: the tree on disk compared with what the intents produce. */
export { checkTree, type CheckRequest, type CheckResult } from './pipeline/check-tree';
/** `diff`: what the intents would change against a Git ref. */
export { diffAgainstRef, type DiffRequest } from './pipeline/diff-ref';
/** `rollback`: a pull request that reverts one published change. */
export {
  rollback,
  type RollbackRequest,
  type RollbackOutcome,
  type RollbackTarget,
} from './rollback/rollback';
export {
  RevertConflictError,
  NothingToRevertError,
  CommitNotOnBaseError,
  PullRequestNotMergedError,
} from './rollback/errors';
/** `status`: each cluster's sync state, rebuilt from Git and the host's commit statuses. */
export { poll, type GitSource, type PollRequest, type PollResult } from './status/poll';
export { deriveStatuses, type StatusInputs } from './status/derive';
export { renderStatusJson, renderStatusText } from './status/render-text';
export * from './status/model';
/** `status serve`: the same state kept current by webhooks and Flux events, over HTTP. */
export { StatusMonitor, type MonitorOptions, type ChangeListener } from './status/monitor';
export { startStatusServer, type StatusServer, type StatusServerOptions } from './status/server';
/** `bootstrap`: what an administrator applies once so that a cluster follows its path. */
export {
  buildBootstrap,
  type Bootstrap,
  type BootstrapHost,
  type BootstrapRequest,
} from './bootstrap/bootstrap';
export { bootstrapHost, checkStatusUrl, type HostFlags } from './bootstrap/host';
export { ARGOCD_NOTIFIERS, type ArgoCdNotifier } from './bootstrap/argocd-notifications';

// The stages, for callers that compose their own pipeline.
export * from './errors';
export * from './labels';
export * from './config/config';
export * from './selection';
/** `validate` reads the intents with `loadFleet` and checks a tree with `validateTreeOnDisk`. */
export * from './intents';
export * from './synth';
export * from './schema';
export * from './tree';
export * from './diff';
export * from './messages';
export * from './pipeline/render';
export * from './pipeline/compare';
export * from './git';
export * from './platform/types';
export {
  createPlatform,
  detectProvider,
  parseProjectFromRemote,
  platformOptionsFromRemote,
} from './platform/registry';
/** The repository layout publish, rollback and status share: the bot's branch prefix, where CODEOWNERS may live. */
export * from './workspace/conventions';
export * from './publish/codeowners';
export * from './publish/groups';
/** `publish`: synth → diff → commit → push with a lease → ensure the pull request. */
export * from './publish/publish';
/** `doctor`: the checklist of this machine and the credential; `preflight` is its host part, before any side effect. */
export { doctor, hostFailure, type DoctorReport, type DoctorRequest } from './preflight/doctor';
export { allHold, PreflightError, type Check, type CheckStatus } from './preflight/checks';
export { preflight, readHostChecks } from './preflight/host-checks';
/** Commit signing with a key on the runner (`--sign ssh|gpg`). */
export { resolveSigning, SIGN_MODES, type CommitSigning, type SignMode } from './git/signing';
/** GitHub App installation tokens (GITOPS_GITHUB_APP_*), minted and refreshed. */
export {
  createGitHubAppTokenSource,
  githubAppFromEnv,
  GITHUB_APP_ENV_VARS,
  type GitHubAppCredentials,
  type GitHubAppTokenOptions,
} from './platform/github/app-auth';
export type { TokenSource } from './contract/token-source';
/** The CLI itself, in-process: `main(['synth', '--intents', 'intents/'])` returns the exit code. */
export { main } from './cli/main';
