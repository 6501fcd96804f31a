import { findPlainTextSecrets, isSecretKeyName, splitWords } from '../../src/intents/secrets';
import { problemsOfYaml, validWith } from './intents-text';

/** VALID with `values` (and optionally operation `parameters`) in flow style. */
function withValues(values: string, parameters?: string): string {
  const text = validWith('    app: nextcloud\n', `    app: nextcloud\n    values: ${values}\n`);
  return parameters === undefined
    ? text
    : text.replace('    type: backup\n', `    type: backup\n    parameters: ${parameters}\n`);
}

/** The end of every secret message: how to clear a false positive. */
const allow = (path: string): string => `; if it is no secret, list "${path}" in allowPlainText`;

const FIX =
  "Put the value in a Kubernetes Secret in namespace 'org-myteam' and reference it with valuesFrom: [{kind: Secret, name: <secret-name>, valuesKey: <key>, targetPath:";

describe('secrets: problems', () => {
  it('GIVEN a secret-named key holding a literal WHEN validated THEN the message says to use a Secret and valuesFrom [plain-text-secret-key]', () => {
    expect(problemsOfYaml(withValues('{ auth: { adminPassword: hunter2 } }'))).toEqual([
      {
        file: 'intents.yaml',
        path: 'applications[0].values.auth.adminPassword',
        rule: 'plain-text-secret-key',
        message: `line 10:23: the secret-named key 'adminPassword' holds a literal, which would be committed to Git in plain text. ${FIX} auth.adminPassword}]${allow('auth.adminPassword')}`,
      },
    ]);
  });

  it('GIVEN a number under a secret key and an env entry with a secret name WHEN validated THEN both are reported [plain-text-secret-key]', () => {
    expect(
      problemsOfYaml(
        withValues('{ db: { pin_code: 1, password: 123456 }, env: [{ name: DB_PASSWORD, value: hunter2 }] }'),
      ),
    ).toEqual([
      {
        file: 'intents.yaml',
        path: 'applications[0].values.db.password',
        rule: 'plain-text-secret-key',
        message: `line 10:34: the secret-named key 'password' holds a literal, which would be committed to Git in plain text. ${FIX} db.password}]${allow('db.password')}`,
      },
      {
        file: 'intents.yaml',
        path: 'applications[0].values.env[0].value',
        rule: 'plain-text-secret-key',
        message: `line 10:81: the environment variable 'DB_PASSWORD' holds a literal, which would be committed to Git in plain text. ${FIX} env[0].value}]${allow('env[0].value')}`,
      },
    ]);
  });

  it('GIVEN a PEM private key and a GitHub token WHEN validated THEN each is named by what it looks like, never echoed [plain-text-secret-value]', () => {
    const pem = '"-----BEGIN OPENSSH PRIVATE KEY-----\\nb3Bl\\n-----END OPENSSH PRIVATE KEY-----"';
    const problems = problemsOfYaml(
      withValues(`{ tls: ${pem}, extra: [ghp_abcdefghijklmnopqrstuvwxyz0123456789] }`),
    );
    expect(problems).toEqual([
      {
        file: 'intents.yaml',
        path: 'applications[0].values.extra[0]',
        rule: 'plain-text-secret-value',
        message: `line 10:108: a GitHub token, which would be committed to Git in plain text. ${FIX} extra[0]}]${allow('extra[0]')}`,
      },
      {
        file: 'intents.yaml',
        path: 'applications[0].values.tls',
        rule: 'plain-text-secret-value',
        message: `line 10:15: a PEM private key, which would be committed to Git in plain text. ${FIX} tls}]${allow('tls')}`,
      },
    ]);
    expect(problems.map((p) => p.message).join('\n')).not.toContain('ghp_abc');
  });

  it('GIVEN a token in operation parameters WHEN validated THEN the fix names a Secret in the namespace [plain-text-secret-value]', () => {
    expect(problemsOfYaml(withValues('{}', '{ s3: { accessKeyId: AKIAIOSFODNN7EXAMPLE } }'))).toEqual([
      {
        file: 'intents.yaml',
        path: 'operations[0].parameters.s3.accessKeyId',
        rule: 'plain-text-secret-value',
        message:
          "line 18:25: an AWS access key id, which would be committed to Git in plain text. Put the value in a Kubernetes Secret in namespace 'org-myteam' and pass the Secret's name in parameters instead; if it is no secret, list \"s3.accessKeyId\" in allowPlainText",
      },
    ]);
  });

  it('GIVEN references, placeholders, empty values and booleans under secret-ish keys WHEN validated THEN nothing is reported', () => {
    const values = `{
      existingSecret: nextcloud-db, passwordSecretRef: db, secretName: db, passwordKey: admin-password,
      existingSecretPasswordKey: pw, password_min_length: 8, tokenTtl: 3600, tokenUrl: "https://sso.example.org/token",
      privateKeyPath: /etc/key, secretRef: { name: db }, password: "", token: "\${API_TOKEN}", clientSecret: "{{ .Values.x }}",
      createSecret: true, passwordless: "yes", tokenizer: bert, secrets: [db], secretKeyRef: { name: db, key: password },
      env: [{ name: DB_PASSWORD, valueFrom: { secretKeyRef: { name: db, key: password } } }, { name: LOG_LEVEL, value: debug }],
      dsn: "postgres://app:\${DB_PASSWORD}@db:5432/app", url: "https://user@example.org/x" }`.replace(
      /\n/g,
      ' ',
    );
    expect(problemsOfYaml(withValues(values))).toEqual([]);
  });
});

describe('secrets: key names', () => {
  it.each([
    'password',
    'adminPassword',
    'DB_PASSWORD',
    'db-passwd',
    'passphrase',
    'secret',
    'clientSecret',
    'jwt_secret',
    'token',
    'apiToken',
    'accessToken',
    'apiKey',
    'api_key',
    'API_KEY',
    'apikey',
    'privateKey',
    'private_key',
    'accessKey',
    'secretAccessKey',
    'secretKey',
    'credentials',
    'awsCredentials',
    'passwordValue',
    'token_b64',
  ])('GIVEN the key %s WHEN checked THEN it names a secret', (key) => {
    expect(isSecretKeyName(key)).toBe(true);
  });

  it.each([
    'passwordSecretRef',
    'existingSecret',
    'existingSecretKey',
    'secretName',
    'passwordKey',
    'tokenTtl',
    'tokenUrl',
    'privateKeyPath',
    'accessKeyId',
    'password_hash',
    'passwordPolicy',
    'secretRef',
    'tokenizer',
    'passwordless',
    'key',
    'sshKey',
    'username',
    'secrets',
  ])('GIVEN the key %s WHEN checked THEN it does not name a secret', (key) => {
    expect(isSecretKeyName(key)).toBe(false);
  });

  it('GIVEN camelCase, snake_case, kebab and SCREAMING keys WHEN split THEN the words come out lowercase', () => {
    expect([
      splitWords('clientSecretValue'),
      splitWords('DB_PASSWORD'),
      splitWords('apiKey'),
      splitWords('HTTPSProxyToken'),
      splitWords('x-api-key'),
    ]).toEqual([
      ['client', 'secret', 'value'],
      ['db', 'password'],
      ['api', 'key'],
      ['https', 'proxy', 'token'],
      ['x', 'api', 'key'],
    ]);
  });
});

describe('secrets: shapes', () => {
  it.each([
    ['a PEM private key', '-----BEGIN EC PRIVATE KEY-----'],
    ['a PEM private key', '-----BEGIN PRIVATE KEY-----'],
    ['a PEM private key', '-----BEGIN PGP PRIVATE KEY BLOCK-----'],
    ['an AWS access key id', 'ASIAY34FZKBOKMUTVV7A'],
    ['a GitHub token', `gho_${'a'.repeat(36)}`],
    ['a GitHub fine-grained token', `github_pat_${'A1_'.repeat(10)}`],
    ['a GitLab token', 'glpat-abcdefghij0123456789'],
    ['a Slack token', 'xoxb-1234567890-abcdef'],
    ['a Slack webhook URL', 'https://hooks.slack.com/services/T000/B000/XXXX'],
    ['a Google API key', `AIza${'b'.repeat(35)}`],
    ['a Stripe secret key', `sk_live_${'c'.repeat(24)}`],
    ['an npm token', `npm_${'d'.repeat(36)}`],
    ['a password inside a URL', 'redis://:hunter2@redis:6379'.replace('://:', '://default:')],
  ])('GIVEN %s WHEN scanned THEN it is found', (what, value) => {
    expect(findPlainTextSecrets({ nested: [value] })).toEqual([
      { path: ['nested', 0], rule: 'plain-text-secret-value', what },
    ]);
  });

  it('GIVEN public certificates and look-alikes WHEN scanned THEN nothing is found', () => {
    expect(
      findPlainTextSecrets({
        ca: '-----BEGIN CERTIFICATE-----',
        ghp: 'ghp_short',
        aws: 'AKIA-not-a-key',
        host: 'https://charts.example.org',
      }),
    ).toEqual([]);
  });
});
