/**
 * The state `status serve` holds: the last poll, every status seen, and the work
 * deliveries ask for. Work runs one job at a time from a bounded queue, so a burst
 * of deliveries is absorbed (or refused with 503 when the queue is full) instead
 * of starting unbounded API calls; refreshes requested while one runs collapse
 * into one more. Listeners hear of every change of the derived list (the page's
 * live updates), whatever caused it: a delivery, an event, a poll or the clock.
 */
import { CommitStatus } from '../platform/types';
import { deriveStatuses } from './derive';
import { ClusterStatusList } from './model';
import { PollResult } from './poll';
import { StatusStore } from './status-store';
import { WebhookEvent } from './webhooks/events';

/** What the monitor needs from the world. */
export interface MonitorOptions {
  /** One full poll recording into `statuses` (see poll.ts). */
  readonly poll: (statuses: StatusStore) => Promise<PollResult>;
  /** The statuses of one commit (GitLab deliveries name a commit, not a status). */
  readonly commitStatuses: (sha: string) => Promise<CommitStatus[]>;
  readonly selects: (clusterId: string) => boolean;
  readonly staleAfterSeconds: number;
  readonly now: () => Date;
  readonly log: (line: string) => void;
  /** Jobs waiting at most (default 1,000). */
  readonly queueLimit?: number;
}

/** Called with the new list after it changed. */
export type ChangeListener = (list: ClusterStatusList) => void;

/** Holds and updates the fleet's sync state. */
export class StatusMonitor {
  public readonly statuses = new StatusStore();
  private last: PollResult | undefined;
  private readonly queue: Array<() => Promise<void>> = [];
  private draining: Promise<void> | undefined;
  private refreshQueued = false;
  /** Deliveries applied (not counting refused, duplicate or ignored ones). */
  public applied = 0;
  private readonly listeners = new Set<ChangeListener>();
  /** What the listeners last heard, to tell a change from a repeat. */
  private heard: string | undefined;

  public constructor(private readonly options: MonitorOptions) {}

  /** The first poll: how a (re)started server recovers its state. Throws when it fails. */
  public async start(): Promise<void> {
    this.last = await this.options.poll(this.statuses);
    this.check();
  }

  /** Calls `listener` after every change of the derived list; returns the unsubscribe. */
  public onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Derives the list and tells the listeners when it differs from what they last
   * heard. Runs after every state change; `status serve` also runs it on a timer,
   * because `stale` comes with the clock, not with a delivery.
   */
  public check(): void {
    const list = this.list();
    if (list === undefined || this.listeners.size === 0) return;
    const key = fingerprint(list);
    if (key === this.heard) return;
    this.heard = key;
    for (const listener of this.listeners) {
      try {
        listener(list);
      } catch (error) {
        // One broken listener (a closed connection) must not stop the others or the delivery.
        this.options.log(
          `status serve: a change listener failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }

  /** True once the first poll has succeeded. */
  public get ready(): boolean {
    return this.last !== undefined;
  }

  /** The status list now, or undefined before the first poll. */
  public list(): ClusterStatusList | undefined {
    if (this.last === undefined) return undefined;
    return deriveStatuses({
      ...this.last,
      statuses: this.statuses,
      selects: this.options.selects,
      now: this.options.now(),
      staleAfterSeconds: this.options.staleAfterSeconds,
    });
  }

  /** Queues what an event asks for; false when the queue is full (the caller answers 503). */
  public accept(event: WebhookEvent): boolean {
    switch (event.kind) {
      case 'status':
        // Recording is cheap and order-independent: no need to queue it.
        if (this.statuses.record(event.sha, event.status)) this.check();
        this.applied++;
        return true;
      case 'controller-event':
        if (this.statuses.recordEvent(event.event)) this.check();
        this.applied++;
        // An event about a commit the last poll did not see (a merge no push delivery announced yet) asks for a re-read.
        return this.last?.history.firstParents.includes(event.event.sha) === false
          ? this.accept({ kind: 'refresh', reason: 'an event about a new commit' })
          : true;
      case 'poll-commit':
        return this.enqueue(async () => {
          this.statuses.recordListing(event.sha, await this.options.commitStatuses(event.sha));
          this.applied++;
          this.check();
        });
      case 'refresh': {
        this.applied++;
        if (this.refreshQueued) return true;
        // Marked before enqueueing: an idle queue starts the job at once, and the job clears the mark
        // synchronously; assigning enqueue's result afterwards would leave it set, and drop every later refresh.
        this.refreshQueued = true;
        const queued = this.enqueue(async () => {
          this.refreshQueued = false;
          this.last = await this.options.poll(this.statuses);
          this.check();
        });
        if (!queued) this.refreshQueued = false;
        return queued;
      }
      case 'ignored':
        return true;
    }
  }

  /** Resolves when every queued job has run (tests, shutdown). */
  public async idle(): Promise<void> {
    while (this.draining !== undefined) await this.draining;
  }

  private enqueue(job: () => Promise<void>): boolean {
    if (this.queue.length >= (this.options.queueLimit ?? 1000)) return false;
    this.queue.push(job);
    this.draining ??= this.drain();
    return true;
  }

  private async drain(): Promise<void> {
    try {
      for (let job = this.queue.shift(); job !== undefined; job = this.queue.shift()) {
        try {
          await job();
        } catch (error) {
          // A failed job keeps the last good state; the next delivery or refresh tries again.
          this.options.log(`status serve: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    } finally {
      // Cleared in the same turn the queue was found empty, so no job is left behind.
      this.draining = undefined;
    }
  }
}

/** The list without what changes by the clock alone (`generatedAt`, the window's length). */
function fingerprint(list: ClusterStatusList): string {
  return JSON.stringify([
    list.base,
    list.clusters,
    { ...list.delivery, windowSeconds: 0, deploymentsPerDay: 0 },
  ]);
}
