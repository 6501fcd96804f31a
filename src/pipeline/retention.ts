/**
 * Operation retention (`--operation-retention <duration>`): Operations requested longer
 * ago than the retention are left out of the tree even while the intents still list
 * them, so the repository and each cluster's kustomization stay small under high
 * operation traffic. Leaving the tree never aborts an Operation on the cluster: every
 * Operation carries the no-prune marks (see `src/charts/operation.ts`), so Flux and
 * Argo CD leave the object alone and the operator's own TTL deletes it once finished.
 *
 * Pure apart from {@link checkDeletionsBeyondRetention}, which reads the tree on disk.
 * The clock is passed in (the CLI's `io.now()`), never read here.
 */
import { Fleet, OperationIntent } from '../intents/model';
import { manifestPath } from '../synth/layout';

/** The flag the retention comes from; errors quote it. */
export const RETENTION_FLAG = '--operation-retention';

/** How long Operations stay in the tree, measured against a clock. */
export interface OperationRetention {
  /** Operations requested more than this many milliseconds before `now` are dropped. */
  readonly maxAgeMs: number;
  /** The time the run measures ages against (the CLI passes `io.now()`). */
  readonly now: Date;
}

/** The fleet with expired Operations left out, and what was left out. */
export interface RetainedFleet {
  readonly fleet: Fleet;
  /** The Operations dropped by retention, in the fleet's order. */
  readonly expired: readonly OperationIntent[];
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * The instant an RFC 3339 timestamp names, in milliseconds since the epoch, or
 * undefined when it is not one. Parsed by hand: `Date.parse` rejects some valid
 * RFC 3339 forms (lower-case `t`/`z`, more than three fractional digits).
 */
export function findRequestedAtMs(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (m === null) return undefined;
  const millis = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  const local = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
    millis,
  );
  const offsetMinutes =
    m[8] !== undefined ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  return local - offsetMinutes * 60_000;
}

/**
 * True when `operation` was requested more than the retention before `now`. An
 * Operation whose time cannot be read, or that is requested in the future, is kept:
 * retention only ever drops what it can prove is old.
 */
export function isExpired(operation: OperationIntent, retention: OperationRetention): boolean {
  const requested = findRequestedAtMs(operation.requestedAt);
  return requested !== undefined && retention.now.getTime() - requested > retention.maxAgeMs;
}

/** Leaves the expired Operations out of `fleet` (pure); the fleet is returned as is without a retention. */
export function retainOperations(fleet: Fleet, retention: OperationRetention | undefined): RetainedFleet {
  if (retention === undefined) return { fleet, expired: [] };
  const expired = fleet.operations.filter((operation) => isExpired(operation, retention));
  if (expired.length === 0) return { fleet, expired };
  const dropped = new Set(expired);
  return {
    fleet: { ...fleet, operations: fleet.operations.filter((operation) => !dropped.has(operation)) },
    expired,
  };
}

/** The tree paths the expired Operations' files have (or had), sorted. */
export function expiredOperationPaths(expired: readonly OperationIntent[]): string[] {
  return expired
    .map((operation) =>
      manifestPath(operation.cluster, {
        apiVersion: 'ops.vworkspace.io/v1alpha1',
        kind: 'Operation',
        name: operation.name,
        namespace: operation.namespace,
      }),
    )
    .sort();
}
