import { GitopsSynthError } from '../errors';
/**
 * The JSON-over-HTTP client every host adapter that has no vendor library talks
 * through (Gitea/Forgejo, GitLab): one transport ({@link createHostFetch}: bounded
 * retries, the host's `Retry-After` honoured, a timeout per attempt) and one error
 * path (non-2xx answers become a token-free {@link PlatformError}). GitHub's Octokit is
 * given the same {@link createHostFetch}, so all three hosts share one retry policy.
 */
import { AdapterOptions } from './adapter-options';
import { PlatformError, reasonOf, redact } from './errors';
import { createHostFetch, FetchLike } from './http';

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

/** A request to a host's API: `path` is appended to the API base URL. */
export type HostRequest = Omit<JsonRequest, 'url' | 'headers'> & { readonly path: string };

/** Sends requests to one host's API, authenticated by `auth` headers; returns the parsed answer. */
export type JsonHost = (request: HostRequest) => Promise<JsonResponse>;

/**
 * The client for one host: its API base URL, its retry policy and clock, and the
 * headers that carry the token (`authorization: token …` on Gitea, `private-token` on GitLab).
 */
export function createJsonHost(options: AdapterOptions, auth: Record<string, string>): JsonHost {
  const fetch = createHostFetch({ fetch: options.fetch, clock: options.clock, policy: options.retry });
  const base = options.apiUrl.replace(/\/+$/, '');
  return ({ path, ...request }) =>
    requestJson(fetch, { ...request, url: `${base}${path}`, headers: auth }, options.token);
}

/**
 * Every item of a paged list, page by page (`page` from 1, `sizeParam` items per page),
 * until a short page or `maxPages`: a cap, because no fleet repository has more.
 */
export async function allPages<T>(
  host: JsonHost,
  request: HostRequest,
  paging: { readonly sizeParam: string; readonly size: number; readonly maxPages: number },
): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; page <= paging.maxPages; page++) {
    const { body } = await host({
      ...request,
      query: { ...request.query, page, [paging.sizeParam]: paging.size },
    });
    const list = Array.isArray(body) ? (body as T[]) : [];
    items.push(...list);
    if (list.length < paging.size) break;
  }
  return items;
}
