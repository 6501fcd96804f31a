/**
 * The transport gitbeaker uses in this project, given through its documented
 * `requesterFn` option. It replaces gitbeaker's own request handler, which retries
 * 429/502 up to ten times within milliseconds and ignores `Retry-After`: here every
 * request goes once through {@link createHostFetch} (bounded, backoff, honours the
 * host) and failures become token-free {@link PlatformError}s.
 */
import { FetchLike } from '../http';
import { requestJson } from '../json-client';

/** What gitbeaker passes when it builds a requester (the subset used here). */
export interface GitbeakerResourceOptions {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly authHeaders: Record<string, () => Promise<string>>;
}

/** What gitbeaker passes with each request (the subset used here). */
export interface GitbeakerRequestOptions {
  body?: FormData | Record<string, unknown>;
  searchParams?: Record<string, unknown>;
  sudo?: string | number;
  method?: string;
  asStream?: boolean;
  signal?: AbortSignal;
}

/** What gitbeaker expects back. */
export interface GitbeakerResponse {
  body:
    | Record<string, unknown>
    | Record<string, unknown>[]
    | ReadableStream
    | Blob
    | string
    | string[]
    | number
    | void
    | null;
  headers: Record<string, string>;
  status: number;
}

type Send = (endpoint: string, options?: GitbeakerRequestOptions) => Promise<GitbeakerResponse>;

/** gitbeaker's methods on a requester. */
export interface GitbeakerRequester {
  get: Send;
  post: Send;
  put: Send;
  patch: Send;
  delete: Send;
}

/** `sourceBranch` -> `source_branch` (pure); GitLab's API is snake_case, gitbeaker's options camelCase. */
export function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Snake-cases the keys of a plain object, recursively (pure). */
export function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [snakeCase(k), snakeKeys(v)]),
    );
  }
  return value;
}

/** Makes the `requesterFn` to hand to gitbeaker resource constructors. */
export function createGitbeakerRequesterFn(
  fetch: FetchLike,
  token: string,
): (options: GitbeakerResourceOptions) => GitbeakerRequester {
  return (resource) => {
    const send =
      (method: string): Send =>
      async (endpoint, options = {}) => {
        const headers: Record<string, string> = { ...resource.headers };
        for (const [name, value] of Object.entries(resource.authHeaders)) headers[name] = await value();
        if (options.sudo !== undefined) headers.sudo = String(options.sudo);
        const query = snakeKeys(options.searchParams ?? {}) as Record<
          string,
          string | number | boolean | Array<string | number>
        >;
        const response = await requestJson(
          fetch,
          {
            method,
            url: resource.url.replace(/\/+$/, '') + '/' + endpoint.replace(/^\/+/, ''),
            query,
            bracketArrays: true,
            headers,
            body: options.body === undefined ? undefined : snakeKeys(options.body),
          },
          token,
        );
        return {
          status: response.status,
          headers: response.headers,
          body: response.body as GitbeakerResponse['body'],
        };
      };
    return {
      get: send('GET'),
      post: send('POST'),
      put: send('PUT'),
      patch: send('PATCH'),
      delete: send('DELETE'),
    };
  };
}
