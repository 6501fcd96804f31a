import { GitopsSynthError } from '../errors';
/**
 * A small JSON-over-HTTP client for hosts driven without a vendor library (Gitea)
 * or through a library whose transport we supply (gitbeaker's requester). Non-2xx
 * answers become a token-free {@link PlatformError}.
 */
import { PlatformError, reasonOf, redact } from './errors';
import { FetchLike } from './http';

/** A parsed answer. */
export interface JsonResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/** One request. `query` values that are arrays are sent as `key[]=a&key[]=b` when `bracketArrays`, else repeated. */
export interface JsonRequest {
  readonly method: string;
  /** Absolute URL, without the query. */
  readonly url: string;
  readonly query?: Record<string, string | number | boolean | ReadonlyArray<string | number> | undefined>;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly bracketArrays?: boolean;
}

/** Builds a query string (pure). */
export function queryString(query: JsonRequest['query'], bracketArrays = false): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value) params.append(bracketArrays ? `${key}[]` : key, String(item));
    } else {
      params.append(key, String(value));
    }
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** Sends one request through `fetch` (already retrying) and parses the answer. */
export async function requestJson(
  fetch: FetchLike,
  request: JsonRequest,
  token: string,
): Promise<JsonResponse> {
  const url = request.url + queryString(request.query, request.bracketArrays);
  const path = new URL(request.url).pathname;
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body: string | undefined;
  if (request.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.body);
  }
  let response: Response;
  try {
    response = await fetch(url, { method: request.method, headers, body });
  } catch (error) {
    // The run must stop (src/platform/pacing.ts): not a failure of this request.
    if (error instanceof GitopsSynthError && error.code === 'RUN_DEFERRED') throw error;
    throw new PlatformError({ method: request.method, path, reason: reasonOf(error, token) });
  }
  const text = await response.text();
  if (!response.ok) {
    throw new PlatformError({
      method: request.method,
      path,
      status: response.status,
      reason: describeBody(text, token),
    });
  }
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers.entries()),
    body: text === '' ? null : parseJson(text, request.method, path, response.status),
  };
}

function parseJson(text: string, method: string, path: string, status: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new PlatformError({
      method,
      path,
      status,
      reason: 'the host answered with something that is not JSON',
    });
  }
}

/** The host's own error message when it sent one, else the start of the body; redacted. */
function describeBody(text: string, token: string): string {
  let message = text;
  try {
    const parsed = JSON.parse(text) as { message?: unknown; error?: unknown };
    const picked = parsed.message ?? parsed.error;
    if (picked !== undefined) message = typeof picked === 'string' ? picked : JSON.stringify(picked);
  } catch {
    // not JSON: keep the text
  }
  return redact(message, token).slice(0, 300) || 'no message';
}
