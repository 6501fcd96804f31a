/**
 * Errors from talking to a Git host. Library errors are never passed on as they
 * are: they can carry request headers, so they are summarised into a
 * {@link PlatformError} whose every string has the token removed.
 */
import { secretForms } from '../git/redact';
import { GitopsSynthError, type ErrorCode } from '../errors';

/** Stable code of every failed host request. */
export const PLATFORM_REQUEST_FAILED: ErrorCode = 'PLATFORM_REQUEST_FAILED';

/** What is known about the failed request. */
export interface PlatformErrorDetails {
  readonly method: string;
  /** The request path (no host, no query), e.g. `/repos/acme/fleet/pulls`. */
  readonly path: string;
  /** The HTTP status, or undefined when no response came (network error, timeout). */
  readonly status?: number;
  /** What the host said, already redacted. */
  readonly reason: string;
}

/** A request to the Git host failed (after any retries). */
export class PlatformError extends GitopsSynthError {
  public readonly method: string;
  public readonly path: string;
  public readonly status?: number;

  public constructor(details: PlatformErrorDetails, code: ErrorCode = PLATFORM_REQUEST_FAILED) {
    super(code, describe(details), { source: 'external', hint: hintFor(details.status) });
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
  }
}

/** What a user can do about a failed request, by its status. */
function hintFor(status: number | undefined): string {
  if (status === 401 || status === 403) {
    return 'check that GITOPS_TOKEN is set, not expired, and has the scopes to read and write pull requests';
  }
  if (status === undefined || status >= 500 || status === 429) {
    return 'the Git host is unavailable or rate-limiting after retries; nothing was closed or deleted, so run publish again later (it converges)';
  }
  return 'check --provider, --api-url and --project (the request names the path it used)';
}

function describe(details: PlatformErrorDetails): string {
  const status = details.status === undefined ? 'no response' : `HTTP ${details.status}`;
  const auth =
    details.status === 401 || details.status === 403
      ? '; check GITOPS_TOKEN scopes (and that it is not expired)'
      : '';
  return `${details.method} ${details.path} failed with ${status}: ${details.reason}${auth}`;
}

/**
 * Removes every occurrence of `secret` (and its URL-encoded and base64 forms, {@link secretForms}) from `text`.
 * Empty or very short secrets are ignored: replacing them would mangle the text
 * without protecting anything.
 */
export function redact(text: string, secret: string): string {
  if (secret.length < 4) {
    return text;
  }
  let out = text;
  // Longest first, so that a form containing another is replaced whole.
  for (const form of secretForms(secret).sort((a, b) => b.length - a.length)) {
    out = out.split(form).join('[REDACTED]');
  }
  return out;
}

/** Turns anything thrown into a short, token-free sentence. */
export function reasonOf(error: unknown, secret: string): string {
  const raw = error instanceof Error ? error.message : typeof error === 'string' ? error : 'unknown error';
  return redact(raw, secret).slice(0, 500);
}
