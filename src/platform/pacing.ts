/**
 * Pacing within the host's limits, for runs that write a lot (a fleet-wide change):
 * API writes are counted against a per-run budget (`--max-api-writes`) and spaced by
 * a pause (GitHub documents about 80 content-creating requests a minute); the host's
 * primary-limit headers (`x-ratelimit-remaining`/`reset`, GitLab's `RateLimit-*`) and
 * secondary-limit answers (`Retry-After`) are followed. A wait longer than the run
 * may take ends the run early with {@link RunDeferred}: publish reports what it
 * deferred and exits 0, and the next run resumes from Git and the host.
 */
import { GitopsSynthError } from '../errors';
import { FetchLike, PlatformClock, realPlatformClock, requestedDelayMs } from './http';
import { EnsurePullRequestInput, EnsurePullRequestResult, Platform } from './types';

/** Thrown (before the request is sent, or on the host's answer) when the run must stop and resume later. */
export class RunDeferred extends GitopsSynthError {
  public constructor(public readonly reason: string) {
    super('RUN_DEFERRED', reason, {
      source: 'external',
      hint: 'run publish again later: it resumes where this run stopped',
    });
  }
}

/** GitHub documents about 80 content-creating requests a minute (one every 750 ms): one a second stays below it. */
export const DEFAULT_WRITE_PAUSE_MS = 1000;
/** A host that asks for a longer wait than this ends the run (as the retry policy's cap). */
export const DEFAULT_MAX_WAIT_MS = 60_000;
/** GitHub refuses more than 1,000 open pull requests on a base branch: stay well below. */
export const DEFAULT_MAX_OPEN_PULL_REQUESTS = 900;
/** The most writes one group's pull request takes: create, add labels, request reviewers. */
export const WRITES_PER_PULL_REQUEST = 3;

/** Options of {@link ApiPacer}. */
export interface PacingOptions {
  /** Writes (POST, PATCH, PUT, DELETE) one run may send; undefined: no budget. */
  readonly maxApiWrites?: number;
  readonly writePauseMs?: number;
  readonly maxWaitMs?: number;
  readonly clock?: PlatformClock;
}

/** Counts and paces one run's API requests; see the module comment. */
export class ApiPacer {
  /**
   * Why the run must stop, once it must. Kept here as well as thrown: an adapter's
   * client library may wrap what fetch throws (Octokit turns it into a 500), and the
   * caller still needs to tell a deferral from a failure.
   */
  public deferral: RunDeferred | undefined;
  /** Requests sent, by method. */
  public readonly requests: Record<string, number> = {};
  private writes = 0;
  private lastWriteAt: number | undefined;
  private blockedUntil: number | undefined;
  /** Rate-limit refusals in a row (reset by any other answer). */
  private refusalsInARow = 0;
  private readonly clock: PlatformClock;
  private readonly pauseMs: number;
  private readonly maxWaitMs: number;

  public constructor(private readonly options: PacingOptions = {}) {
    this.clock = options.clock ?? realPlatformClock;
    this.pauseMs = options.writePauseMs ?? DEFAULT_WRITE_PAUSE_MS;
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  }

  /** Writes sent so far. */
  public get writesSent(): number {
    return this.writes;
  }

  /** Writes the budget still allows (Infinity without one). */
  public writesLeft(): number {
    return this.options.maxApiWrites === undefined ? Infinity : this.options.maxApiWrites - this.writes;
  }

  /** `fetch` with the pacing applied; give it to the adapter (under its retrying fetch). */
  public wrap(fetch: FetchLike): FetchLike {
    return async (url, init) => {
      try {
        const method = (init?.method ?? 'GET').toUpperCase();
        await this.beforeRequest(method !== 'GET' && method !== 'HEAD');
        this.requests[method] = (this.requests[method] ?? 0) + 1;
        const response = await fetch(url, init);
        this.afterResponse(response);
        return response;
      } catch (error) {
        if (error instanceof RunDeferred) this.deferral ??= error;
        throw error;
      }
    };
  }

  /** `error` as the deferral it stands for, if the run was deferred; else undefined. */
  public deferredBy(error: unknown): RunDeferred | undefined {
    return error instanceof RunDeferred ? error : this.deferral;
  }

  private async beforeRequest(write: boolean): Promise<void> {
    if (this.blockedUntil !== undefined) {
      const wait = this.blockedUntil - this.clock.now();
      if (wait > this.maxWaitMs) {
        throw new RunDeferred(
          `the host's rate limit is spent until ${new Date(this.blockedUntil).toISOString()} (x-ratelimit-remaining: 0)`,
        );
      }
      if (wait > 0) await this.clock.sleep(wait);
      this.blockedUntil = undefined;
    }
    if (!write) return;
    if (this.writesLeft() <= 0) {
      throw new RunDeferred(
        `the run's API write budget of ${this.options.maxApiWrites} is spent (--max-api-writes)`,
      );
    }
    if (this.lastWriteAt !== undefined) {
      const wait = this.lastWriteAt + this.pauseMs - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
    }
    this.writes++;
    this.lastWriteAt = this.clock.now();
  }

  private afterResponse(response: Response): void {
    const { headers, status } = response;
    const now = this.clock.now();
    const remaining = headers.get('x-ratelimit-remaining') ?? headers.get('ratelimit-remaining');
    const limited = status === 429 || (status === 403 && (remaining === '0' || headers.has('retry-after')));
    if (remaining === '0') {
      const reset = headers.get('x-ratelimit-reset') ?? headers.get('ratelimit-reset');
      if (reset !== null && /^\d+$/.test(reset.trim())) this.blockedUntil = Number(reset) * 1000;
    }
    if (!limited) {
      this.refusalsInARow = 0;
      return;
    }
    this.refusalsInARow++;
    const delay = requestedDelayMs(headers, now);
    const asked =
      delay === undefined ? 'without saying how long to wait' : `to wait ${Math.ceil(delay / 1000)}s`;
    if (delay === undefined || delay > this.maxWaitMs) {
      throw new RunDeferred(`the host answered ${status} (rate limit) and asked ${asked}`);
    }
    // A refusal right after waiting as asked means a longer window is spent (GitHub's
    // hourly content-creation limit answers Retry-After: 60 all hour): waiting again
    // would spend the run's retries and fail it, so the run stops here and resumes later.
    if (this.refusalsInARow > 1) {
      throw new RunDeferred(`the host answered ${status} (rate limit) again after waiting as asked`);
    }
  }
}

/**
 * `platform` that opens at most `capLeft` new pull requests; the one after that ends
 * the run with {@link RunDeferred} before anything is created. Updating an open pull
 * request is never refused.
 */
export function withPullRequestCap(platform: Platform, capLeft: number, max: number): Platform {
  let left = capLeft;
  return {
    name: platform.name,
    maxBodyLength: platform.maxBodyLength,
    findPullRequest: (branch) => platform.findPullRequest(branch),
    getPullRequest: (number) => platform.getPullRequest(number),
    listCommitStatuses: (sha) => platform.listCommitStatuses(sha),
    ensurePullRequest: async (input: EnsurePullRequestInput): Promise<EnsurePullRequestResult> => {
      if ((await platform.findPullRequest(input.branch)) === undefined) {
        if (left <= 0) {
          throw new RunDeferred(`${max} pull requests are open (--max-open-pull-requests)`);
        }
        left--;
      }
      return platform.ensurePullRequest(input);
    },
  };
}
