import { redact, REDACTED } from '../../src/git';

describe('redact', () => {
  it('GIVEN text holding a secret, raw and URL-encoded WHEN redacted THEN every occurrence is replaced', () => {
    const secret = 'abc/def+ghi=';
    const text = `token ${secret} and ${encodeURIComponent(secret)} and again ${secret}`;

    expect(redact(text, [secret])).toBe(`token ${REDACTED} and ${REDACTED} and again ${REDACTED}`);
  });

  it('GIVEN URLs with user information WHEN redacted THEN http(s) user info and any password are removed even for unknown secrets', () => {
    const text = "fatal: unable to access 'https://x-access-token:ghp_unknown@github.com/o/r.git/' and https://ghp_alone@github.com/o/r and ssh://git:pw@host/r and ssh://git@host/r";

    expect(redact(text, [])).toBe(
      `fatal: unable to access 'https://${REDACTED}@github.com/o/r.git/' and https://${REDACTED}@github.com/o/r and ssh://git:${REDACTED}@host/r and ssh://git@host/r`,
    );
  });

  it('GIVEN overlapping secrets and very short values WHEN redacted THEN the longer wins whole and short ones are left alone', () => {
    expect(redact('key=abcdef1234 x=ab', ['abcdef', 'abcdef1234', 'ab'])).toBe(`key=${REDACTED} x=ab`);
  });
});
