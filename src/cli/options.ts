import type { Argv, Options } from 'yargs';
import { PROVIDER_NAMES } from '../platform/types';
import { DEFAULT_COMMIT_IDENTITY } from '../workspace/identity';
import { DURATION_SYNTAX } from '../duration';
import { DEFAULT_MAX_OPEN_PULL_REQUESTS } from '../platform/pacing';
import { SIGN_MODES, type SignMode } from '../git/signing';

/**
 * Every flag more than one command takes, defined once: one name, one description, one
 * default, whichever command `--help` shows it for. Commands pick theirs with
 * {@link withFlags} (or the groups below); a flag only one command takes stays in that
 * command's module. test/cli/flags.test.ts checks that every flag of every command has
 * a description and a row in the README's flag table.
 */

/** The default identity as `--help` and messages print it. */
const DEFAULT_IDENTITY_TEXT = `${DEFAULT_COMMIT_IDENTITY.name} <${DEFAULT_COMMIT_IDENTITY.email}>`;

export const SHARED_FLAGS = {
  intents: {
    type: 'string',
    describe: 'Intents file or directory (.yaml, .yml, .json). Default: `intents` in the config file',
    requiresArg: true,
  },
  root: {
    type: 'string',
    // No yargs default: publish, rollback and status tell "not given" from "the current directory".
    describe:
      "The checkout of the GitOps repository: synth writes the tree under it, check, diff and validate read it; publish and rollback clone into it and reuse it; status reads it instead of its own working copy, rollout reads publish's",
    defaultDescription:
      'the current directory (synth, check, diff, validate); a cache directory per repository under $XDG_CACHE_HOME/gitops-synth (publish, rollback, rollout, status)',
    requiresArg: true,
  },
  repo: {
    type: 'string',
    describe:
      'The GitOps repository clusters pull from (Argo CD Applications point at it): https://, ssh:// or git@host:owner/name; publish, rollback and status also take a local path. Default: `repo` in the config file',
    requiresArg: true,
  },
  base: {
    type: 'string',
    describe:
      'The branch clusters follow and pull requests target. Default: `base` in the config file, else main',
    requiresArg: true,
  },
  clusters: {
    type: 'string',
    describe: 'Only clusters whose id matches these comma-separated globs (e.g. cluster-prod-*)',
    requiresArg: true,
  },
  shard: {
    type: 'string',
    describe:
      'Only shard i of n (e.g. 2/4): a stable hash of the cluster id picks the shard, so shards publish disjoint branches',
    requiresArg: true,
  },
  'max-intents-file-size': {
    type: 'string',
    describe: 'Refuse (before reading) an intents file larger than this (bytes, or 64MiB, 1GiB)',
    defaultDescription: '32MiB',
    requiresArg: true,
  },
  'max-intents-total-size': {
    type: 'string',
    describe: 'Refuse (before reading) intents larger than this in all',
    defaultDescription: '512MiB',
    requiresArg: true,
  },
  'max-intents-depth': {
    type: 'number',
    describe: 'Refuse intents that nest maps and lists deeper than this (rule depth-limit)',
    defaultDescription: '100',
    requiresArg: true,
  },
  'allow-deletions': {
    type: 'boolean',
    default: false,
    describe:
      'Allow a run that deletes more than --max-deletion-share of the owned files, or every object of a cluster',
  },
  'max-deletion-share': {
    type: 'number',
    describe:
      'Share of owned files (0 to 1) a run may delete without --allow-deletions. Default: `maxDeletionShare` in the config file, else 0.5',
    requiresArg: true,
  },
  'operation-retention': {
    type: 'string',
    requiresArg: true,
    describe: `Leave out of the tree Operations requested longer ago than this, even while the intents list them; ${DURATION_SYNTAX}. Running Operations are never aborted: they are marked never to be pruned`,
  },
  progress: {
    type: 'boolean',
    describe: 'Show clusters done of total with a rate on standard error. Default: on a terminal outside CI',
  },
  author: {
    type: 'string',
    describe: `Commit author 'Name <email>'. Default: GITOPS_AUTHOR_NAME/EMAIL, else git's own identity (user.name/user.email, GIT_AUTHOR_NAME/EMAIL), else ${DEFAULT_IDENTITY_TEXT}`,
    requiresArg: true,
  },
  committer: {
    type: 'string',
    describe: `Commit committer 'Name <email>'. Default: GITOPS_COMMITTER_NAME/EMAIL, else the author given by flag or GITOPS_AUTHOR_*, else git's own identity, else ${DEFAULT_IDENTITY_TEXT}`,
    requiresArg: true,
  },
  provider: {
    choices: PROVIDER_NAMES,
    describe:
      'The Git host (bootstrap: the one the controllers post commit statuses to). Default: detected from the --repo URL',
  },
  'api-url': {
    type: 'string',
    describe:
      "The host's API base URL (GitHub Enterprise Server: https://host/api/v3). Default: derived from --repo",
    requiresArg: true,
  },
  project: {
    type: 'string',
    describe: 'owner/name (GitLab: group/sub/name). Default: derived from --repo',
    requiresArg: true,
  },
  'allow-insecure-http': {
    type: 'boolean',
    default: false,
    describe:
      'Send the API token over plain http:// to a host that is not this machine (loopback is always allowed); only on a network you trust',
  },
  'intents-revision': {
    type: 'string',
    describe:
      'The intents revision publish records in the Intents-Revision trailer, and the one a rollout carries. Default: GITOPS_INTENTS_REVISION (rollout: else the intents digest)',
    requiresArg: true,
  },
  'override-freeze': {
    type: 'string',
    requiresArg: true,
    describe:
      'The emergency exit: open pull requests inside a freeze window of the config file, recording this reason in the pull request body and the Freeze-Override commit trailer',
  },
  'max-open-pull-requests': {
    type: 'number',
    requiresArg: true,
    default: DEFAULT_MAX_OPEN_PULL_REQUESTS,
    describe:
      "Open no new pull request once this many of gitops-synth's are open on the base branch (GitHub caps a base branch at 1,000); the rest are deferred to a later run",
  },
  sign: {
    choices: SIGN_MODES,
    default: 'none' as SignMode,
    describe:
      'Sign every commit: ssh (an SSH key) or gpg (a GPG key) with --signing-key on this runner; api (GitHub only) has GitHub make and sign the commits, no key here; none leaves it to git configuration',
  },
  'signing-key': {
    type: 'string',
    requiresArg: true,
    describe:
      'For --sign ssh: the SSH private key file; for --sign gpg: the key id or fingerprint (GNUPGHOME names the keyring). Default: GITOPS_SIGNING_KEY',
  },
  signoff: {
    type: 'boolean',
    default: false,
    describe: "Add a Signed-off-by trailer (the committer's identity) to every commit",
  },
} as const satisfies Record<string, Options>;

/** `--config`, `--debug`, `--quiet`: every command takes them (yargs' `--help` and `--version` too). */
export function globalOptions<T>(yargs: Argv<T>): Argv<T> {
  return yargs
    .option('config', {
      type: 'string',
      describe: 'Config file (default: gitops-synth.yaml in the current directory, when present)',
      requiresArg: true,
      global: true,
    })
    .option('debug', { type: 'boolean', describe: 'Show stack traces and git commands', global: true })
    .option('quiet', {
      type: 'boolean',
      describe: 'Print only errors and results',
      global: true,
    });
}

/** The name of a flag several commands share. */
export type SharedFlag = keyof typeof SHARED_FLAGS;

/** Adds the shared flags `names`, in that order, as {@link SHARED_FLAGS} defines them. */
export function withFlags<T>(yargs: Argv<T>, names: readonly SharedFlag[]): Argv<T> {
  // Typed as Argv<T>: the handlers read these through their own argument interfaces.
  return names.reduce((built, name) => built.option(name, SHARED_FLAGS[name]) as unknown as Argv<T>, yargs);
}

/** `--max-intents-file-size`, `--max-intents-total-size`, `--max-intents-depth` (docs/limits.md). */
export const INTENT_LIMIT_FLAGS: readonly SharedFlag[] = [
  'max-intents-file-size',
  'max-intents-total-size',
  'max-intents-depth',
];

/** What the tree commands (synth, check, diff, validate) take to find and select the tree. */
export const TREE_FLAGS: readonly SharedFlag[] = [
  'intents',
  'root',
  'repo',
  'base',
  'clusters',
  'shard',
  ...INTENT_LIMIT_FLAGS,
];

/** `--provider`, `--api-url`, `--allow-insecure-http`, `--project`: the host's API (publish, rollback, status). */
export const PLATFORM_FLAGS: readonly SharedFlag[] = [
  'provider',
  'api-url',
  'allow-insecure-http',
  'project',
];

/** `--sign`, `--signing-key`, `--signoff`: how publish and rollback sign their commits (doctor checks the first two). */
export const SIGNING_FLAGS: readonly SharedFlag[] = ['sign', 'signing-key', 'signoff'];

/**
 * `--format`, for diff (text, markdown, json), status, rollout, doctor and publish (text,
 * json): the same flag, each command passing the formats it writes. Publish passes its own
 * `describe`: its text is never coloured, so the shared one's NO_COLOR would mislead.
 */
export function formatOption<T, const F extends string>(
  yargs: Argv<T>,
  formats: readonly F[],
  describe?: string,
): Argv<T & { readonly format: F }> {
  return yargs.option('format', {
    choices: formats,
    default: 'text',
    describe:
      describe ??
      'Output format: text for people (coloured on a terminal unless NO_COLOR is set); json for machines (diff: a ChangeSet, status: a ClusterStatusList, rollout: a RolloutStatus, doctor: its checklist); markdown (diff only) for a pull request comment',
  }) as unknown as Argv<T & { readonly format: F }>;
}

/** `--intents`, `--root`, `--repo`, `--base`, `--clusters`, `--shard` and the intent limits. */
export function treeOptions<T>(yargs: Argv<T>): Argv<T> {
  return withFlags(yargs, TREE_FLAGS);
}

/** `--max-intents-file-size`, `--max-intents-total-size`, `--max-intents-depth` (docs/limits.md). */
export function intentLimitOptions<T>(yargs: Argv<T>): Argv<T> {
  return withFlags(yargs, INTENT_LIMIT_FLAGS);
}

/** `--allow-deletions`, `--max-deletion-share`. */
export function deletionOptions<T>(yargs: Argv<T>): Argv<T> {
  return withFlags(yargs, ['allow-deletions', 'max-deletion-share']);
}

/** `--author`, `--committer` (publish, rollback): the same precedence for every commit the tool makes. */
export function identityOptions<T>(yargs: Argv<T>): Argv<T> {
  return withFlags(yargs, ['author', 'committer']);
}
