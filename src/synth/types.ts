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

/**
 * Where the time of a streamed synthesis goes, added up over every cluster: building
 * and rendering are interleaved one cluster at a time, so the benchmark cannot time them
 * as stages of their own. Each field only ever grows; all are milliseconds.
 */
export interface PhaseTimes {
  /** Building cdk8s constructs. */
  buildMs: number;
  /** Checking objects against their CRD schemas. */
  validateMs: number;
  /** Everything spent producing clusters: building, rendering (toJson and YAML) and checking. */
  synthesizeMs: number;
  /**
   * With render workers: their time producing clusters, summed over the workers (then
   * `buildMs` and `validateMs` are worker time too, and `synthesizeMs` is what the main
   * thread waited for clusters).
   */
  workerMs?: number;
}

/** Milliseconds since an arbitrary point, for {@link PhaseTimes}. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
