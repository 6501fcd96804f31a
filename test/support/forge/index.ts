/**
 * The loopback forge: a real HTTP server on 127.0.0.1 that speaks the subset of
 * GitHub's, GitLab's or Gitea's REST API the adapters use, keeps pull requests in
 * memory, injects faults on demand, and checks every request and response against
 * the provider's published API description. A request or response that breaks the
 * description is answered with 500 and the reason, and recorded in
 * `validationFailures`, which tests assert stays empty.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import githubDescription from './openapi/github.json';
import gitlabDescription from './openapi/gitlab.json';
import giteaDescription from './openapi/gitea.json';
import { giteaBehaviour } from './gitea';
import { githubBehaviour } from './github';
import { gitlabBehaviour } from './gitlab';
import { ForgeReply, ProviderBehaviour, receivedCredential } from './handlers';
import { emptyState, ForgeState } from './state';
import { DescriptionValidator } from './validator';
import { ForgeLimits, LimitCounters, LimitKeeper } from './limits';

export type { ForgeLimits, LimitCounters } from './limits';
import { accessHandlers, ForgeAccessOptions } from './github-access';
import { answerGraphql } from './github-graphql';
import { giteaAccessHandlers } from './gitea-access';
import { gitlabAccessHandlers } from './gitlab-access';
import {
  appHandlers,
  createForgeApp,
  ForgeApp,
  ForgeAppOptions,
  isLiveInstallationToken,
  jwtProblem,
  needsAppJwt,
} from './github-app';

export type ForgeProvider = 'github' | 'gitlab' | 'gitea';

/** One request the forge received. */
export interface RecordedRequest {
  readonly method: string;
  /** Path without query, as sent (still percent-encoded). */
  readonly path: string;
  readonly query: string;
  readonly body: unknown;
  /** The status the forge answered. */
  status: number;
}

/** A canned failure answered instead of the real one. */
export interface Fault {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

/** A running forge. */
export interface LoopbackForge {
  /** The URL to give the adapter as apiUrl. */
  readonly apiUrl: string;
  readonly token: string;
  readonly state: ForgeState;
  readonly requests: RecordedRequest[];
  readonly validationFailures: string[];
  /** Answer the next `count` requests with `fault`. */
  failNext(count: number, fault: Fault): void;
  /** Answer every request with `fault` until cleared with `failNext(0, ...)`. */
  failAlways(fault: Fault): void;
  /** Requests other than GET so far. */
  writes(): RecordedRequest[];
  /** What the emulated rate limits refused (all 0 without `limits`). */
  readonly limited: LimitCounters;
  /** The GitHub App, when the forge was started with one. */
  readonly app?: ForgeApp;
  /** True when git over HTTPS should accept `password` (the token, or a live installation token). */
  acceptsToken(password: string): boolean;
  close(): Promise<void>;
}

/** Options of {@link startLoopbackForge}. */
export interface ForgeOptions {
  readonly provider: ForgeProvider;
  /** `owner/name`, or `group/sub/name` for GitLab. */
  readonly project?: string;
  readonly token?: string;
  /** The clock stamping statuses created through the API (default: real time), so tests can pin created_at. */
  readonly now?: () => Date;
  /** The host's rate limits and open pull request cap to emulate, on the forge's clock (see limits.ts). */
  readonly limits?: ForgeLimits;
  /** GitHub only: a GitHub App whose installation tokens the forge mints and accepts. */
  readonly app?: ForgeAppOptions;
  /** GitHub, Gitea and GitLab: the token's role, the branches and the branch rules the preflight reads. */
  readonly access?: ForgeAccessOptions;
  /** GitHub only: the bare repository GraphQL mutations (`--sign api`) write commits and refs to. */
  readonly gitDir?: string;
}

/** Where each provider opens a pull request, and the body field naming its base branch. */
const CREATE_PULL: Record<ForgeProvider, { template: string; base: string }> = {
  github: { template: '/repos/{owner}/{repo}/pulls', base: 'base' },
  gitea: { template: '/repos/{owner}/{repo}/pulls', base: 'base' },
  gitlab: { template: '/api/v4/projects/{id}/merge_requests', base: 'target_branch' },
};

const BEHAVIOUR: Record<ForgeProvider, ProviderBehaviour> = {
  github: githubBehaviour,
  gitlab: gitlabBehaviour,
  gitea: giteaBehaviour,
};
const DESCRIPTION: Record<ForgeProvider, unknown> = {
  github: githubDescription,
  gitlab: gitlabDescription,
  gitea: giteaDescription,
};
const validators = new Map<ForgeProvider, DescriptionValidator>();

/** Starts a forge on 127.0.0.1 with a free port. */
export async function startLoopbackForge(options: ForgeOptions): Promise<LoopbackForge> {
  const { provider } = options;
  const project = options.project ?? (provider === 'gitlab' ? 'platform/fleet/gitops' : 'acme/fleet');
  const token = options.token ?? 'forge-secret-token-0123456789';
  const now = options.now ?? ((): Date => new Date());
  const behaviour = BEHAVIOUR[provider];
  let validator = validators.get(provider);
  if (!validator) {
    validator = new DescriptionValidator(DESCRIPTION[provider] as Record<string, unknown>);
    validators.set(provider, validator);
  }
  const state = emptyState(project);
  const keeper = new LimitKeeper(provider, options.limits ?? {}, now);
  const app = options.app === undefined ? undefined : createForgeApp(options.app);
  const handlers = {
    ...behaviour.handlers,
    ...(provider === 'github' ? accessHandlers(options.access ?? {}) : {}),
    ...(provider === 'gitea' ? giteaAccessHandlers(options.access ?? {}) : {}),
    ...(provider === 'gitlab' ? gitlabAccessHandlers(options.access ?? {}) : {}),
    ...(app === undefined ? {} : appHandlers(app)),
  };
  const requests: RecordedRequest[] = [];
  const validationFailures: string[] = [];
  let faults: { remaining: number; fault: Fault } | undefined;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      const record: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.search,
        body: undefined,
        status: 0,
      };
      requests.push(record);
      const reply = answer(record, url, text, req.headers);
      record.status = reply.status;
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });

  /** An installation token, sent as GitHub accepts it (`token x` or `Bearer x`), minted here and not expired. */
  function installationAuthorized(headers: http.IncomingHttpHeaders): boolean {
    const sent = /^(?:token|bearer) (\S+)$/i.exec(String(headers.authorization ?? ''))?.[1];
    return sent !== undefined && isLiveInstallationToken(app, sent, now());
  }

  function fail(reason: string): ForgeReply {
    validationFailures.push(reason);
    return { status: 500, body: { message: `loopback forge: ${reason}` } };
  }

  function answer(
    record: RecordedRequest,
    url: URL,
    text: string,
    headers: http.IncomingHttpHeaders,
  ): ForgeReply {
    let body: unknown;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        return fail(`${record.method} ${record.path}: the request body is not JSON`);
      }
    }
    (record as { body: unknown }).body = body;
    if (faults && (faults.remaining > 0 || faults.remaining === Infinity)) {
      faults.remaining--;
      return {
        status: faults.fault.status,
        headers: faults.fault.headers,
        body: faults.fault.body ?? { message: `injected ${faults.fault.status}` },
      };
    }
    if (app !== undefined && needsAppJwt(url.pathname)) {
      // The App signs its JWT with the real clock (as it would against GitHub), so the JWT is
      // judged by the real clock; `now` is the simulated one that ages installation tokens.
      const problem = jwtProblem(app, String(headers.authorization ?? ''), new Date());
      if (problem !== undefined) {
        app.refusedJwts.push(problem);
        return { status: 401, body: { message: `A JSON web token could not be decoded (${problem})` } };
      }
    } else if (!behaviour.authorized(headers, token) && !installationAuthorized(headers)) {
      return behaviour.unauthorized(receivedCredential(headers));
    }
    const limited = keeper.check(record.method);
    if (limited.refuse !== undefined) return limited.refuse;
    if (provider === 'github' && record.method === 'POST' && url.pathname === '/graphql') {
      if (options.gitDir === undefined) return fail('POST /graphql: the forge was started without gitDir');
      return answerGraphql({ gitDir: options.gitDir, state, origin }, body, fail);
    }
    const match = validator!.match(record.method, url.pathname);
    if (!match)
      return fail(`${record.method} ${url.pathname}: no such operation in the ${provider} API description`);
    const capped = capRefusal(match.method, match.template, body);
    if (capped !== undefined) return capped;
    const requestProblems = validator!.validateRequest(match, url.searchParams, body, text !== '');
    if (requestProblems.length > 0)
      return fail(`${record.method} ${match.template}: ${requestProblems.join('; ')}`);
    const handler = handlers[`${match.method} ${match.template}`];
    if (!handler)
      return fail(`${record.method} ${match.template}: described but not implemented by the loopback forge`);
    const reply = handler({
      method: match.method,
      template: match.template,
      params: match.params,
      query: url.searchParams,
      body,
      state,
      origin,
      now,
    });
    const responseProblems = validator!.validateResponse(match, reply.status, reply.body);
    if (responseProblems.length > 0)
      return fail(
        `${record.method} ${match.template} answered ${reply.status}: ${responseProblems.join('; ')}`,
      );
    return { ...reply, headers: { ...limited.headers, ...reply.headers } };
  }

  /** The host's refusal of one more open pull request on a base branch at its cap. */
  function capRefusal(method: string, template: string, body: unknown): ForgeReply | undefined {
    const create = CREATE_PULL[provider];
    if (method !== 'POST' || template !== create.template) return undefined;
    const base = (body as Record<string, unknown> | undefined)?.[create.base];
    const open = state.pulls.filter((p) => p.state === 'open' && p.base === base).length;
    if (!keeper.refusesPullRequest(open)) return undefined;
    return {
      status: 422,
      body: { message: `Validation Failed: the base branch ${String(base)} has ${open} open pull requests` },
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: origin + behaviour.apiPrefix,
    token,
    state,
    requests,
    validationFailures,
    failNext: (count, fault) => {
      faults = { remaining: count, fault };
    },
    failAlways: (fault) => {
      faults = { remaining: Infinity, fault };
    },
    writes: () => requests.filter((r) => r.method !== 'GET'),
    limited: keeper.counters,
    app,
    acceptsToken: (password) => password === token || isLiveInstallationToken(app, password, now()),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // fetch keeps connections alive; without this close() waits for them to time out.
        server.closeAllConnections();
      }),
  };
}
