/** The shapes synthesis produces and takes. */

/**
 * A synthesized GitOps tree as data: POSIX paths relative to the repository root
 * (`clusters/<id>/namespaces/<ns>/<kind>-<name>.yaml`), in sorted order, to file
 * contents. Nothing is on disk until another stage reconciles it.
 */
export type SynthTree = ReadonlyMap<string, string>;

/** How to synthesize. */
export interface SynthOptions {
  /** The GitOps repository URL; required when any cluster syncs with Argo CD. */
  readonly repoUrl?: string;
  /** The branch clusters follow; `main` when not given. */
  readonly branch?: string;
  /** How long the operator keeps finished Operations; one week (604800) when not given. */
  readonly operationTtlSeconds?: number;
}

/** The branch clusters follow when {@link SynthOptions.branch} is not given. */
export const DEFAULT_BRANCH = 'main';
