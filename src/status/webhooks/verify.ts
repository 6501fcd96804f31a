/**
 * Checks that a webhook delivery came from the Git host that knows the shared
 * secret (pure; constant-time comparisons only):
 * - GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>`.
 * - Gitea/Forgejo: `X-Gitea-Signature: <hex HMAC-SHA256(secret, body)>` (or GitHub's header, which newer versions also send).
 * - GitLab: `X-Gitlab-Token: <secret>` (GitLab signs nothing; the token is compared in constant time).
 */
import { createHmac, timingSafeEqual } from 'crypto';
import { ProviderName } from '../../platform/types';

/** Headers as node gives them (lower-case names). */
export type DeliveryHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** Why a delivery was refused; undefined when it is authentic. */
export type VerifyFailure = 'unsigned' | 'forged';

/** The first value of a header, or undefined. */
export function header(headers: DeliveryHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Verifies a delivery's signature (or GitLab's token) against `secret`. */
export function verifyDelivery(
  provider: ProviderName,
  headers: DeliveryHeaders,
  body: Buffer,
  secret: string,
): VerifyFailure | undefined {
  switch (provider) {
    case 'github':
      return verifyHmac(header(headers, 'x-hub-signature-256'), 'sha256=', body, secret);
    case 'gitea': {
      const gitea = header(headers, 'x-gitea-signature');
      return gitea !== undefined
        ? verifyHmac(gitea, '', body, secret)
        : verifyHmac(header(headers, 'x-hub-signature-256'), 'sha256=', body, secret);
    }
    case 'gitlab': {
      const token = header(headers, 'x-gitlab-token');
      if (token === undefined || token === '') return 'unsigned';
      // Digests of equal length, so the comparison takes the same time whatever the token's length.
      return timingSafeEqual(digest(token), digest(secret)) ? undefined : 'forged';
    }
  }
}

/** The signature a host would send for `body` (tests sign deliveries with it). */
export function signBody(body: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** Checks `<prefix><hex HMAC-SHA256(secret, body)>` in constant time. */
export function verifyHmac(
  received: string | undefined,
  prefix: string,
  body: Buffer,
  secret: string,
): VerifyFailure | undefined {
  if (received === undefined || received === '') return 'unsigned';
  const hex = received.startsWith(prefix) ? received.slice(prefix.length) : '';
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return 'forged';
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(Buffer.from(hex, 'hex'), expected) ? undefined : 'forged';
}

function digest(value: string): Buffer {
  return createHmac('sha256', 'gitops-synth webhook token').update(value).digest();
}
