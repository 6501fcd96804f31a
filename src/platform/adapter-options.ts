/**
 * What every adapter is built from. The token is passed in (the CLI reads
 * GITOPS_TOKEN); adapters keep it to themselves and redact it from every error.
 */
import { RetryPolicy } from '../retry';
import { FetchLike, PlatformClock } from './http';
import type { TokenSource } from '../contract/token-source';

/** Options every adapter takes. */
export interface AdapterOptions {
  /** The API base URL (see `defaultApiUrl`). */
  readonly apiUrl: string;
  /** `owner/name`, or `group/sub/name` on GitLab. */
  readonly project: string;
  readonly token: string;
  /**
   * GitHub only: short-lived tokens (a GitHub App's installation tokens); when given,
   * each request sends the current one instead of `token`.
   */
  readonly tokenSource?: TokenSource;
  /** Time and jitter for retries; tests inject a fake one so they run instantly. */
  readonly clock?: PlatformClock;
  readonly retry?: RetryPolicy;
  /** Replaces global fetch (tests, proxies). */
  readonly fetch?: FetchLike;
}
