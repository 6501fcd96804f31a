/**
 * Secrets by meaning: the probe's cases, every key family and every value detector, as a
 * table through the whole validator. Each row's value is distinctive, so the test can
 * check that no message ever repeats it; the allow-list clears each row.
 */
import { isHighEntropy, shannonBitsPerChar } from '../../src/intents/secret-values';
import { problemsOfYaml, validWith } from './intents-text';

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const RANDOM = 'x9Kq2LmP7vR4tY8wB3nZ6cF1hJ5sD0gA';

/** The application with `values` (flow YAML) and optionally `allowPlainText`. */
function application(values: string, allow?: readonly string[]): string {
  const allowLine = allow === undefined ? '' : `    allowPlainText: ${JSON.stringify(allow)}\n`;
  return validWith('    app: nextcloud\n', `    app: nextcloud\n    values: ${values}\n${allowLine}`);
}

// [what, values (flow YAML), path under values, rule, the secret that must never be echoed]
const CASES: ReadonlyArray<readonly [string, string, string, string, string]> = [
  ['probe: db_pass', '{ db_pass: Vv1-dbpass }', 'db_pass', 'plain-text-secret-key', 'Vv1-dbpass'],
  ['probe: dbPass', '{ db: { dbPass: Vv2-dbpass } }', 'db.dbPass', 'plain-text-secret-key', 'Vv2-dbpass'],
  ['probe: pwd', '{ pwd: Vv3-pwd }', 'pwd', 'plain-text-secret-key', 'Vv3-pwd'],
  ['probe: pass word', '{ "pass word": Vv4-space }', 'pass word', 'plain-text-secret-key', 'Vv4-space'],
  ['probe: apikey2', '{ apikey2: Vv5-apikey }', 'apikey2', 'plain-text-secret-key', 'Vv5-apikey'],
  [
    'probe: auth.basic holding base64',
    `{ auth: { basic: "${b64('admin:Vv6-basic')}" } }`,
    'auth.basic',
    'plain-text-secret-key',
    b64('admin:Vv6-basic'),
  ],
  ['pass*: passwd', '{ smtp: { passwd: Vv7 } }', 'smtp.passwd', 'plain-text-secret-key', 'Vv7'],
  ['pass*: PASSPHRASE_V2', '{ PASSPHRASE_V2: Vv8 }', 'PASSPHRASE_V2', 'plain-text-secret-key', 'Vv8'],
  ['*secret*: jwtSecretValue', '{ jwtSecretValue: Vv9 }', 'jwtSecretValue', 'plain-text-secret-key', 'Vv9'],
  [
    '*secret*: client-secret',
    '{ oidc: { client-secret: Vv10 } }',
    'oidc.client-secret',
    'plain-text-secret-key',
    'Vv10',
  ],
  [
    '*token*: refresh_token_v2',
    '{ refresh_token_v2: Vv11 }',
    'refresh_token_v2',
    'plain-text-secret-key',
    'Vv11',
  ],
  [
    '*token*: GITLAB_RUNNER_TOKEN',
    '{ GITLAB_RUNNER_TOKEN: Vv12 }',
    'GITLAB_RUNNER_TOKEN',
    'plain-text-secret-key',
    'Vv12',
  ],
  [
    'api key: x-api-key',
    '{ headers: { x-api-key: Vv13 } }',
    'headers.x-api-key',
    'plain-text-secret-key',
    'Vv13',
  ],
  ['api key: "API Key"', '{ "API Key": Vv14 }', 'API Key', 'plain-text-secret-key', 'Vv14'],
  [
    'private key: private_key',
    '{ ssh: { private_key: Vv15 } }',
    'ssh.private_key',
    'plain-text-secret-key',
    'Vv15',
  ],
  [
    'auth*: authorization: Bearer',
    '{ authorization: "Bearer Vv16-bearer-credential" }',
    'authorization',
    'plain-text-secret-key',
    'Vv16-bearer-credential',
  ],
  [
    'auth*: auth.user with user:password',
    '{ auth: { user: "admin:Vv17-pair" } }',
    'auth.user',
    'plain-text-secret-key',
    'Vv17-pair',
  ],
  [
    'connection string key',
    '{ connectionString: "Server=db;User Id=app;Password=Vv18;" }',
    'connectionString',
    'plain-text-secret-key',
    'Vv18',
  ],
  [
    'connection string value',
    '{ db: "Server=db;Database=app;Pwd=Vv19" }',
    'db',
    'plain-text-secret-value',
    'Vv19',
  ],
  [
    'user:pass@ in a URL',
    '{ redis: "redis://default:Vv20@redis:6379" }',
    'redis',
    'plain-text-secret-value',
    'Vv20',
  ],
  [
    'base64 of user:pass under any key',
    `{ header: "Basic ${b64('robot:Vv21')}" }`,
    'header',
    'plain-text-secret-value',
    b64('robot:Vv21'),
  ],
  [
    'a PEM block',
    '{ tls: "-----BEGIN RSA PRIVATE KEY-----\\nVv22\\n-----END RSA PRIVATE KEY-----" }',
    'tls',
    'plain-text-secret-value',
    'Vv22',
  ],
  [
    'a known token prefix',
    `{ extra: [ghp_${'Vv23'.repeat(9)}] }`,
    'extra[0]',
    'plain-text-secret-value',
    'Vv23Vv23',
  ],
  ['a high-entropy string', `{ seed: ${RANDOM} }`, 'seed', 'plain-text-secret-value', RANDOM],
];

describe('secrets by meaning', () => {
  it.each(CASES)(
    'GIVEN %s WHEN validated THEN it is refused, and the value is never echoed',
    (_what, values, path, rule, secret) => {
      const problems = problemsOfYaml(application(values));

      const where = path.includes(' ') ? `["${path}"]` : `.${path}`;
      expect(problems.map((p) => [p.path, p.rule])).toEqual([[`applications[0].values${where}`, rule]]);
      expect(problems[0]?.message).toContain('allowPlainText');
      expect(JSON.stringify(problems)).not.toContain(secret);
    },
  );

  it.each(CASES)(
    'GIVEN %s listed in allowPlainText WHEN validated THEN nothing is refused',
    (_what, values, path) => {
      expect(problemsOfYaml(application(values, [path]))).toEqual([]);
    },
  );

  it('GIVEN look-alikes that are no secrets WHEN validated THEN nothing is refused', () => {
    const values =
      `{ bypass: on, compass: north, author: Jane, passwordMinLength: 12, tokenTtl: 3600, secretName: db, apiKeyHeader: X-Api-Key,
      digest: "sha256:${'0123456789abcdef'.repeat(4)}", uid: 123e4567-e89b-12d3-a456-426614174000, image: ghcr.io/acme/nextcloud-enterprise:28.0.4-fpm-alpine,
      auth: { enabled: true, url: "https://sso.example.org/auth", method: oidc }, connectionString: "Server=db;Database=app;Integrated Security=true",
      note: "The quick brown fox jumps over the lazy dog again and again" }`.replace(/\n/g, ' ');
    expect(problemsOfYaml(application(values))).toEqual([]);
  });

  it('GIVEN an allow-list entry WHEN it names a different path THEN the secret is still refused (paths match exactly)', () => {
    expect(problemsOfYaml(application('{ db: { password: Vv30 } }', ['db'])).map((p) => p.path)).toEqual([]);
    expect(problemsOfYaml(application('{ db: { password: Vv30 } }', ['db.pass'])).map((p) => p.path)).toEqual(
      ['applications[0].values.db.password'],
    );
  });

  it('GIVEN allowPlainText that is not a list of strings WHEN validated THEN it is a type error', () => {
    expect(
      problemsOfYaml(application('{}', 'db.password' as unknown as string[])).map((p) => p.rule),
    ).toEqual(['wrong-type']);
  });

  it('GIVEN the documented threshold THEN hex digests stay below it and 32 random characters are above it', () => {
    expect(shannonBitsPerChar('0123456789abcdef'.repeat(4))).toBeLessThanOrEqual(4);
    expect(isHighEntropy('0123456789abcdef'.repeat(4))).toBe(false);
    expect(isHighEntropy(RANDOM)).toBe(true);
    expect(isHighEntropy(RANDOM.slice(0, 31))).toBe(false);
  });

  it('GIVEN ASCII and non-ASCII strings WHEN their entropy is measured THEN it is, to the last bit, the textbook sum over characters in order of first appearance', () => {
    const textbook = (value: string): number => {
      const counts = new Map<string, number>();
      for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
      return [...counts.values()].reduce(
        (bits, count) => bits - (count / value.length) * Math.log2(count / value.length),
        0,
      );
    };
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const samples = ['', 'a', RANDOM, 'ünïcode-ßecret-Ωmega-42', '0123456789abcdef'.repeat(4)];
    for (let n = 0; n < 500; n += 1) {
      const length = 1 + Math.floor(random() * 64);
      samples.push(
        Array.from({ length }, () => String.fromCharCode(32 + Math.floor(random() * 95))).join(''),
      );
    }
    for (const value of samples) expect([value, shannonBitsPerChar(value)]).toEqual([value, textbook(value)]);
  });
});
