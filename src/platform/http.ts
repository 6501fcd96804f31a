/**
 * The one HTTP path every adapter's requests take: bounded retries with backoff on
 * rate limits (429, and 403 when the host says it is a rate limit) and on 5xx,
 * honouring `Retry-After` / `x-ratelimit-reset` when the wait fits under the cap.
 * Other 4xx answers are returned at once: retrying them cannot help.
 */
import { GitopsSynthError } from '../errors';
import { RetryClock, RetryDecision, RetryPolicy, realClock, withRetry } from '../retry';

/** A `fetch` as the adapters call it (URL string and init only). */
export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

/** A retry clock that also tells the time, to turn a reset timestamp into a wait. */
export interface PlatformClock extends RetryClock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The real clock. */
export const realPlatformClock: PlatformClock = { ...realClock, now: () => Date.now() };

/**
 * Four attempts in all, 1 s then 2 s then 4 s (jittered); a host that asks for
 * more than a minute is not waited for: the run fails and CI retries it later.
 */
export const DEFAULT_HOST_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 60_000 };

/** How long one attempt may take before it is abandoned. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Options of {@link createHostFetch}. */
export interface HostFetchOptions {
  readonly fetch?: FetchLike;
  readonly policy?: RetryPolicy;
  readonly clock?: PlatformClock;
  readonly timeoutMs?: number;
  /** Called before each retry, e.g. to log `retrying in 2s after 429`. */
  readonly onRetry?: (status: number | undefined, attempt: number, delayMs: number) => void;
}

/** Thrown inside the retry loop for a response worth retrying; unwrapped when attempts run out. */
class RetryableResponse extends Error {
  public constructor(
    public readonly response: Response,
    public readonly decision: RetryDecision,
  ) {
    super(`HTTP ${response.status}`);
  }
}

/**
 * Wraps `fetch` so that every call retries within `policy`. When the attempts are
 * spent the last response is returned as it is, for the adapter to turn into an error.
 */
export function createHostFetch(options: HostFetchOptions = {}): FetchLike {
  const doFetch: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const policy = options.policy ?? DEFAULT_HOST_RETRY;
  const clock = options.clock ?? realPlatformClock;
  const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return async (url, init) => {
    try {
      return await withRetry(
        async () => {
          const signal = init?.signal
            ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)])
            : AbortSignal.timeout(timeoutMs);
          const response = await doFetch(url, { ...init, signal });
          const decision = await classifyResponse(response, clock.now());
          if (decision.retry) {
            throw new RetryableResponse(response, decision);
          }
          return response;
        },
        (error) => classifyThrown(error, policy),
        policy,
        clock,
        (error, attempt, delayMs) =>
          options.onRetry?.(
            error instanceof RetryableResponse ? error.response.status : undefined,
            attempt,
            delayMs,
          ),
      );
    } catch (error) {
      if (error instanceof RetryableResponse) {
        return error.response;
      }
      throw error;
    }
  };
}

function classifyThrown(error: unknown, policy: RetryPolicy): RetryDecision {
  // The run itself must stop (a budget or a limit longer than it waits): not a transient failure.
  if (error instanceof GitopsSynthError && error.code === 'RUN_DEFERRED') {
    return { retry: false };
  }
  if (error instanceof RetryableResponse) {
    // A host that asks us to wait longer than the cap is not hammered early.
    const wanted = error.decision.retry ? error.decision.delayMs : undefined;
    return wanted !== undefined && wanted > policy.maxDelayMs ? { retry: false } : error.decision;
  }
  // No response at all (connection reset, timeout): worth another try. Writes are
  // safe to repeat because the hosts refuse a second open pull request per branch
  // and adding labels / reviewers twice is harmless.
  return { retry: true };
}

/** Decides whether a response is worth retrying, and after how long (pure but for reading a 403 body). */
export async function classifyResponse(response: Response, nowMs: number): Promise<RetryDecision> {
  const { status, headers } = response;
  if (status === 429 || (status === 403 && (await isRateLimited403(response)))) {
    return { retry: true, delayMs: requestedDelayMs(headers, nowMs) };
  }
  if (status >= 500 && status <= 599) {
    // Only Retry-After counts here: GitHub sends its hourly reset time on every
    // response, and a 502 is no reason to wait for it.
    return { retry: true, delayMs: retryAfterMs(headers, nowMs) };
  }
  return { retry: false };
}

async function isRateLimited403(response: Response): Promise<boolean> {
  const { headers } = response;
  if (
    headers.has('retry-after') ||
    headers.get('x-ratelimit-remaining') === '0' ||
    headers.get('ratelimit-remaining') === '0'
  ) {
    return true;
  }
  const text = await response
    .clone()
    .text()
    .catch(() => '');
  return /rate limit/i.test(text);
}

/**
 * The wait a host asked for: `Retry-After` (seconds or an HTTP date), else a reset
 * time in epoch seconds (`x-ratelimit-reset` on GitHub and Gitea, `ratelimit-reset`
 * on GitLab). Undefined when the host said nothing.
 */
export function requestedDelayMs(headers: Headers, nowMs: number): number | undefined {
  const retryAfter = retryAfterMs(headers, nowMs);
  if (retryAfter !== undefined) {
    return retryAfter;
  }
  const reset = headers.get('x-ratelimit-reset') ?? headers.get('ratelimit-reset');
  if (reset !== null && /^\d+$/.test(reset.trim())) {
    return Math.max(0, Number(reset) * 1000 - nowMs);
  }
  return undefined;
}

/** `Retry-After` in milliseconds (it may be seconds or an HTTP date), if present and readable. */
export function retryAfterMs(headers: Headers, nowMs: number): number | undefined {
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') {
    return undefined;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds * 1000);
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
