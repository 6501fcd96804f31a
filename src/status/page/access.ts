/**
 * Who may read the fleet's state. On loopback anyone on the machine may (as
 * before); bound to any other address `status serve` refuses to start without
 * GITOPS_STATUS_TOKEN, and the page, `/events`, `/metrics` and the JSON API then
 * ask for it: `Authorization: Bearer <token>` (scripts, Prometheus), or a session
 * cookie that the token form sets (a browser cannot add a header to EventSource).
 * The webhook routes keep their own signatures and are not gated here.
 */
import http from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { GitopsSynthError } from '../../errors';

/** The cookie the token form sets. */
export const SESSION_COOKIE = 'gitops-synth-status';

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1, localhost (pure). */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  const v4 = bare.startsWith('::ffff:') ? bare.slice('::ffff:'.length) : bare;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/** Decides, per request, whether the reader holds the token. */
export class AccessGate {
  private readonly session: string | undefined;

  /** `token` undefined: everyone may read (loopback without a token). */
  public constructor(private readonly token: string | undefined) {
    // The cookie holds a value derived from the token, not the token: it opens the page, not the API of another tool sharing the token.
    this.session =
      token === undefined
        ? undefined
        : createHmac('sha256', token).update('gitops-synth status page session').digest('hex');
  }

  /** The gate for a server bound to `host`; throws when a non-loopback address has no token (pure). */
  public static forHost(host: string, token: string | undefined): AccessGate {
    const set = token === undefined || token === '' ? undefined : token;
    if (set === undefined && !isLoopback(host)) {
      throw new GitopsSynthError(
        'STATUS_TOKEN_MISSING',
        `status serve binds ${host}, which is not loopback, and GITOPS_STATUS_TOKEN is not set`,
        {
          hint: 'set GITOPS_STATUS_TOKEN to a long random value (readers send it as Authorization: Bearer, or type it into the page), or bind 127.0.0.1',
        },
      );
    }
    return new AccessGate(set);
  }

  /** True when the gate is open to everyone. */
  public get open(): boolean {
    return this.token === undefined;
  }

  /** Whether `req` carries the bearer token or the session cookie. */
  public allows(req: http.IncomingMessage): boolean {
    if (this.token === undefined || this.session === undefined) return true;
    const auth = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (auth !== null && same(auth[1], this.token)) return true;
    const cookie = cookies(req.headers.cookie ?? '').get(SESSION_COOKIE);
    return cookie !== undefined && same(cookie, this.session);
  }

  /** True when `candidate` is the token (the token form). */
  public accepts(candidate: string): boolean {
    return this.token !== undefined && same(candidate, this.token);
  }

  /** The `Set-Cookie` value of a session: HTTP only (scripts never see it), strict same-site, 12 hours. */
  public sessionCookie(): string {
    return `${SESSION_COOKIE}=${this.session ?? ''}; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200`;
  }
}

/** Constant-time comparison of two strings of any length. */
function same(a: string, b: string): boolean {
  const x = createHmac('sha256', 'compare').update(a).digest();
  const y = createHmac('sha256', 'compare').update(b).digest();
  return timingSafeEqual(x, y);
}

function cookies(header: string): Map<string, string> {
  return new Map(
    header
      .split(';')
      .map((part) => part.trim().split('='))
      .filter((kv) => kv.length >= 2)
      .map(([k, ...v]) => [k, v.join('=')]),
  );
}
