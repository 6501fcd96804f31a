/**
 * Every commit status seen, by commit and context. Polls and webhook deliveries
 * both write here, in any order: for one commit and one context the status with
 * the newest `createdAt` wins, so a replayed or late delivery never overwrites a
 * newer report, and statuses of different contexts (clusters, controllers) never
 * overwrite one another.
 */
import { CommitStatus } from '../platform/types';
import { ControllerEvent } from './webhooks/flux-events';

/** How many distinct reports per commit and context (or cluster) the timeline keeps: enough for fail, retry, restore. */
const TIMELINE_LIMIT = 20;

/** Statuses by commit SHA, then by context; controller events by commit SHA, then by cluster. */
export class StatusStore {
  private readonly byCommit = new Map<string, Map<string, CommitStatus>>();
  private readonly eventsByCommit = new Map<string, Map<string, ControllerEvent>>();
  /** Every distinct status and event seen, not just the newest: a failure later restored on the same commit still counts (delivery metrics). */
  private readonly seen = new Map<string, Array<CommitStatus | ControllerEvent>>();

  /** Records `status` for `sha`; returns true when it changed what the store holds. */
  public record(sha: string, status: CommitStatus): boolean {
    this.remember(
      `${sha}\n${status.context}`,
      status,
      (a, b) => a.createdAt === b.createdAt && a.state === b.state,
    );
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

  /**
   * Records a host's listing of one commit's statuses, which hosts give newest
   * first. Oldest first here, so that statuses posted within the same second
   * (a controller's pending, then its success) end as the host ordered them.
   */
  public recordListing(sha: string, newestFirst: readonly CommitStatus[]): void {
    for (let i = newestFirst.length - 1; i >= 0; i--) this.record(sha, newestFirst[i]);
  }

  /** Records a controller event (newest timestamp wins per commit and cluster); true when it changed what the store holds. */
  public recordEvent(event: ControllerEvent): boolean {
    this.remember(
      `${event.sha}\n\n${event.cluster}`,
      event,
      (a, b) => a.timestamp === b.timestamp && a.severity === b.severity,
    );
    let clusters = this.eventsByCommit.get(event.sha);
    if (clusters === undefined) {
      clusters = new Map();
      this.eventsByCommit.set(event.sha, clusters);
    }
    const held = clusters.get(event.cluster);
    if (held !== undefined && !(Date.parse(event.timestamp) >= Date.parse(held.timestamp))) {
      return false;
    }
    clusters.set(event.cluster, event);
    return true;
  }

  /** The newest controller event of `cluster` on `sha`, if one arrived. */
  public eventOf(sha: string, cluster: string): ControllerEvent | undefined {
    return this.eventsByCommit.get(sha)?.get(cluster);
  }

  /** Every distinct status of `context` seen on `sha`, in arrival order (at most the newest 20). */
  public statusTimeline(sha: string, context: string): readonly CommitStatus[] {
    return (this.seen.get(`${sha}\n${context}`) ?? []) as CommitStatus[];
  }

  /** Every distinct controller event of `cluster` seen on `sha`, in arrival order (at most the newest 20). */
  public eventTimeline(sha: string, cluster: string): readonly ControllerEvent[] {
    return (this.seen.get(`${sha}\n\n${cluster}`) ?? []) as ControllerEvent[];
  }

  private remember<T extends CommitStatus | ControllerEvent>(
    key: string,
    item: T,
    same: (a: T, b: T) => boolean,
  ): void {
    const list = (this.seen.get(key) ?? []) as T[];
    if (list.some((held) => same(held, item))) return;
    list.push(item);
    if (list.length > TIMELINE_LIMIT) list.shift();
    this.seen.set(key, list);
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
  return (
    candidate.state !== held.state ||
    candidate.description !== held.description ||
    candidate.targetUrl !== held.targetUrl
  );
}
