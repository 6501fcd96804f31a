/**
 * The state `status serve` holds: the last poll, every status seen, and the work
 * deliveries ask for. Work runs one job at a time from a bounded queue, so a burst
 * of deliveries is absorbed (or refused with 503 when the queue is full) instead
 * of starting unbounded API calls; refreshes requested while one runs collapse
 * into one more.
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

/** Holds and updates the fleet's sync state. */
export class StatusMonitor {
  public readonly statuses = new StatusStore();
  private last: PollResult | undefined;
  private readonly queue: Array<() => Promise<void>> = [];
  private draining: Promise<void> | undefined;
  private refreshQueued = false;
  /** Deliveries applied (not counting refused, duplicate or ignored ones). */
  public applied = 0;

  public constructor(private readonly options: MonitorOptions) {}

  /** The first poll: how a (re)started server recovers its state. Throws when it fails. */
  public async start(): Promise<void> {
    this.last = await this.options.poll(this.statuses);
  }

  /** True once the first poll has succeeded. */
  public get ready(): boolean {
    return this.last !== undefined;
  }

  /** The status list now, or undefined before the first poll. */
  public list(): ClusterStatusList | undefined {
    if (this.last === undefined) return undefined;
    return deriveStatuses({ ...this.last, statuses: this.statuses, selects: this.options.selects, now: this.options.now(), staleAfterSeconds: this.options.staleAfterSeconds });
  }

  /** Queues what an event asks for; false when the queue is full (the caller answers 503). */
  public accept(event: WebhookEvent): boolean {
    switch (event.kind) {
      case 'status':
        // Recording is cheap and order-independent: no need to queue it.
        this.statuses.record(event.sha, event.status);
        this.applied++;
        return true;
      case 'controller-event':
        this.statuses.recordEvent(event.event);
        this.applied++;
        // An event about a commit the last poll did not see (a merge no push delivery announced yet) asks for a re-read.
        return this.last?.history.firstParents.includes(event.event.sha) === false ? this.accept({ kind: 'refresh', reason: 'an event about a new commit' }) : true;
      case 'poll-commit':
        return this.enqueue(async () => {
          this.statuses.recordListing(event.sha, await this.options.commitStatuses(event.sha));
          this.applied++;
        });
      case 'refresh':
        this.applied++;
        if (this.refreshQueued) return true;
        // Marked before enqueueing: an idle queue starts the job at once, and the job clears the mark
        // synchronously; assigning enqueue's result afterwards would leave it set, and drop every later refresh.
        this.refreshQueued = true;
        const queued = this.enqueue(async () => {
          this.refreshQueued = false;
          this.last = await this.options.poll(this.statuses);
        });
        if (!queued) this.refreshQueued = false;
        return queued;
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
