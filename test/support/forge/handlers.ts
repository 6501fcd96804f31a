/**
 * The shape every provider's handlers share.
 */
import { ForgeState } from './state';

/** One validated request, as a handler sees it. */
export interface ForgeRequest {
  readonly method: string;
  readonly template: string;
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;

  readonly body: any;
  readonly state: ForgeState;
  /** `http://127.0.0.1:port`, for URLs in answers. */
  readonly origin: string;
  /** The forge's clock, for timestamps of what the request creates. */
  readonly now: () => Date;
}

/** What a handler answers. */
export interface ForgeReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** One provider's side of the forge. */
export interface ProviderBehaviour {
  /** Handlers keyed by `METHOD template` exactly as in the description. */
  readonly handlers: Record<string, (request: ForgeRequest) => ForgeReply>;
  /** True when the request carries `token` the way this host expects it. */
  authorized(headers: Record<string, string | string[] | undefined>, token: string): boolean;
  /** The host's 401 answer; it echoes the credential it got, to prove the adapters redact it. */
  unauthorized(received: string): ForgeReply;
  /** The part of the URL before the description's paths (`/api/v1` for Gitea). */
  readonly apiPrefix: string;
}

/** The credential a request carried, whatever header it was in. */
export function receivedCredential(headers: Record<string, string | string[] | undefined>): string {
  return String(headers.authorization ?? headers['private-token'] ?? '');
}

/** `date` as RFC 3339 UTC without fractional seconds, the way GitHub and Gitea print timestamps. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
