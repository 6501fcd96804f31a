/**
 * Every commit status seen, by commit and context. Polls and webhook deliveries
 * both write here, in any order: for one commit and one context the status with
 * the newest `createdAt` wins, so a replayed or late delivery never overwrites a
 * newer report, and statuses of different contexts (clusters, controllers) never
 * overwrite one another.
 */
import { CommitStatus } from '../platform/types';

/** Statuses by commit SHA, then by context. */
export class StatusStore {
  private readonly byCommit = new Map<string, Map<string, CommitStatus>>();

  /** Records `status` for `sha`; returns true when it changed what the store holds. */
  public record(sha: string, status: CommitStatus): boolean {
    let contexts = this.byCommit.get(sha);
    if (contexts === undefined) {
      contexts = new Map();
      this.byCommit.set(sha, contexts);
    }
    const held = contexts.get(status.context);
    if (held !== undefined && !isNewer(status, held)) {
      return false;
    }
    contexts.set(status.context, status);
    return true;
  }

  /** The newest status of each context reported on `sha`. */
  public statusesOf(sha: string): CommitStatus[] {
    return [...(this.byCommit.get(sha)?.values() ?? [])];
  }

  /** How many commits the store holds statuses for. */
  public get size(): number {
    return this.byCommit.size;
  }
}

/** Newer by time; at the same time (or without one), a different state or description is the later word. */
function isNewer(candidate: CommitStatus, held: CommitStatus): boolean {
  const a = Date.parse(candidate.createdAt);
  const b = Date.parse(held.createdAt);
  if (!Number.isNaN(a) && !Number.isNaN(b) && a !== b) {
    return a > b;
  }
  return candidate.state !== held.state || candidate.description !== held.description || candidate.targetUrl !== held.targetUrl;
}
