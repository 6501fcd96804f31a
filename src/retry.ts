/**
 * Bounded retries with jittered exponential backoff, shared by the git layer
 * (non-fast-forward pushes) and the platform layer (rate limits, server errors).
 * Time and randomness are injected so tests run instantly and deterministically.
 */

/** How to retry. */
export interface RetryPolicy {
  /** Total attempts, including the first (at least 1). */
  readonly attempts: number;
  /** Delay before the second attempt, in milliseconds; it doubles each time. */
  readonly baseDelayMs: number;
  /** No single delay exceeds this. */
  readonly maxDelayMs: number;
}

/** The world a retry loop touches: a clock to sleep on and a source of jitter. */
export interface RetryClock {
  sleep(ms: number): Promise<void>;
  /** A number in [0, 1). */
  random(): number;
}

/** The real clock. */
export const realClock: RetryClock = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/** What the loop should do with an error: retry it (optionally after at least `delayMs`) or give up at once. */
export type RetryDecision = { retry: false } | { retry: true; delayMs?: number };

/**
 * The delay before attempt `attempt + 1` ("full jitter": uniformly random up to the
 * exponential cap), so that competing runs do not retry in lock-step.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(cap / 2 + (random() * cap) / 2);
}

/**
 * Runs `operation` until it succeeds, `classify` says an error is final, or the
 * attempts are spent; then rethrows the last error. `onRetry` lets callers log.
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  classify: (error: unknown) => RetryDecision,
  policy: RetryPolicy,
  clock: RetryClock = realClock,
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      const decision = classify(error);
      if (!decision.retry || attempt >= policy.attempts) {
        throw error;
      }
      const delayMs = Math.max(
        decision.delayMs ?? 0,
        backoffDelay(policy, attempt, () => clock.random()),
      );
      onRetry?.(error, attempt, delayMs);
      await clock.sleep(Math.min(delayMs, policy.maxDelayMs));
    }
  }
}
