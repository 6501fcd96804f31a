/**
 * The hosts' rate limits, emulated by the loopback forge on its own clock, as the
 * hosts document them:
 * - primary: a budget of requests per window. GitHub and Gitea report it on every
 *   answer in `x-ratelimit-limit`/`-remaining`/`-used`/`-reset` (epoch seconds) and,
 *   when it is spent, answer 403 with `x-ratelimit-remaining: 0`; GitLab reports
 *   `RateLimit-Limit`/`-Remaining`/`-Reset` and answers 429 with `Retry-After`.
 * - secondary (GitHub's content creation: about 80 a minute and 500 an hour): too many
 *   writes in a window answer 403 with `Retry-After`; one window or several at once.
 * - the open pull request cap of a base branch (GitHub: 1,000): one more is refused with 422.
 */
import { ForgeReply } from './handlers';

/** A limit on writes (content-creating requests) per window. */
export interface SecondaryLimit {
  readonly writes: number;
  readonly windowSeconds: number;
  readonly retryAfterSeconds: number;
}

/** What a forge limits (all optional; none by default). */
export interface ForgeLimits {
  readonly primary?: { readonly requests: number; readonly windowSeconds: number };
  /** One window, or several that all apply (GitHub: 80 a minute and 500 an hour). */
  readonly secondary?: SecondaryLimit | readonly SecondaryLimit[];
  readonly maxOpenPullRequests?: number;
}

/** What the forge counted, for tests to assert on. */
export interface LimitCounters {
  /** Answers refused by the primary limit. */
  primaryRefused: number;
  /** Writes refused by the secondary limit. */
  secondaryRefused: number;
  /** Pull requests refused by the open pull request cap. */
  capRefused: number;
}

type Provider = 'github' | 'gitlab' | 'gitea';

/** Counts requests in fixed windows on the forge's clock. */
export class LimitKeeper {
  public readonly counters: LimitCounters = { primaryRefused: 0, secondaryRefused: 0, capRefused: 0 };
  private primaryWindow = { start: 0, used: 0 };
  private readonly secondary: readonly SecondaryLimit[];
  private readonly writeWindows: Array<{ start: number; used: number }>;

  public constructor(
    private readonly provider: Provider,
    private readonly limits: ForgeLimits,
    private readonly now: () => Date,
  ) {
    const secondary = limits.secondary;
    this.secondary = secondary === undefined ? [] : 'writes' in secondary ? [secondary] : secondary;
    this.writeWindows = this.secondary.map(() => ({ start: 0, used: 0 }));
  }

  /**
   * Checks a request against the limits. Returns the refusal to answer instead, or the
   * headers to add to the real answer.
   */
  public check(method: string): { refuse?: ForgeReply; headers: Record<string, string> } {
    const headers: Record<string, string> = {};
    // The clock is read only when a limit is set: tests whose clock ticks per reading must see no extra ticks.
    if (this.limits.primary === undefined && this.limits.secondary === undefined) return { headers };
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    const primary = this.limits.primary;
    if (primary !== undefined) {
      const window = this.roll(this.primaryWindow, nowSeconds, primary.windowSeconds);
      const reset = window.start + primary.windowSeconds;
      if (window.used >= primary.requests) {
        this.counters.primaryRefused++;
        return { refuse: this.primaryRefusal(primary.requests, reset, nowSeconds), headers };
      }
      window.used++;
      Object.assign(headers, this.primaryHeaders(primary.requests, primary.requests - window.used, reset));
    }
    if (method !== 'GET') {
      const windows = this.secondary.map((limit, i) =>
        this.roll(this.writeWindows[i], nowSeconds, limit.windowSeconds),
      );
      // A write counts against every window, and is refused when any one is spent.
      const spent = this.secondary.findIndex((limit, i) => windows[i].used >= limit.writes);
      if (spent >= 0) {
        this.counters.secondaryRefused++;
        return {
          refuse: {
            status: 403,
            headers: { ...headers, 'retry-after': String(this.secondary[spent].retryAfterSeconds) },
            body: {
              message:
                'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
              documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
            },
          },
          headers,
        };
      }
      for (const window of windows) window.used++;
    }
    return { headers };
  }

  /** True (and counted) when opening one more pull request on a base would pass the cap. */
  public refusesPullRequest(openOnBase: number): boolean {
    const max = this.limits.maxOpenPullRequests;
    if (max === undefined || openOnBase < max) return false;
    this.counters.capRefused++;
    return true;
  }

  private roll(window: { start: number; used: number }, now: number, length: number) {
    if (now >= window.start + length) {
      window.start = now - (now % length);
      window.used = 0;
    }
    return window;
  }

  private primaryHeaders(limit: number, remaining: number, reset: number): Record<string, string> {
    if (this.provider === 'gitlab') {
      return {
        'ratelimit-limit': String(limit),
        'ratelimit-remaining': String(remaining),
        'ratelimit-reset': String(reset),
      };
    }
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-used': String(limit - remaining),
      'x-ratelimit-reset': String(reset),
    };
  }

  private primaryRefusal(limit: number, reset: number, now: number): ForgeReply {
    const headers = this.primaryHeaders(limit, 0, reset);
    if (this.provider === 'gitlab') {
      return {
        status: 429,
        headers: { ...headers, 'retry-after': String(Math.max(0, reset - now)) },
        body: { message: 'Retry later' },
      };
    }
    return {
      status: 403,
      headers,
      body: {
        message: 'API rate limit exceeded for installation.',
        documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      },
    };
  }
}
