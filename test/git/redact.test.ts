import { redact as platformRedact } from '../../src/platform/errors';
import { redact, REDACTED } from '../../src/git';
import { secretForms } from '../../src/git/redact';

describe('redact', () => {
  it('GIVEN text holding a secret, raw and URL-encoded WHEN redacted THEN every occurrence is replaced', () => {
    const secret = 'abc/def+ghi=';
    const text = `token ${secret} and ${encodeURIComponent(secret)} and again ${secret}`;

    expect(redact(text, [secret])).toBe(`token ${REDACTED} and ${REDACTED} and again ${REDACTED}`);
  });

  it('GIVEN URLs with user information WHEN redacted THEN http(s) user info and any password are removed even for unknown secrets', () => {
    const text =
      "fatal: unable to access 'https://x-access-token:ghp_unknown@github.com/o/r.git/' and https://ghp_alone@github.com/o/r and ssh://git:pw@host/r and ssh://git@host/r";

    expect(redact(text, [])).toBe(
      `fatal: unable to access 'https://${REDACTED}@github.com/o/r.git/' and https://${REDACTED}@github.com/o/r and ssh://git:${REDACTED}@host/r and ssh://git@host/r`,
    );
  });

  it('GIVEN overlapping secrets and very short values WHEN redacted THEN the longer wins whole and short ones are left alone', () => {
    expect(redact('key=abcdef1234 x=ab', ['abcdef', 'abcdef1234', 'ab'])).toBe(`key=${REDACTED} x=ab`);
  });

  it.each(['', 'x', 'x-access-token', 'oauth2', 'ab'])(
    'GIVEN a host echoing the token base64- and URL-encoded inside "%s:token" WHEN redacted THEN no form of the token survives',
    (user) => {
      const token = 'ghp_Secret+Token/With=Odd?Chars&1234567890';
      const pair = Buffer.from(user === '' ? token : `${user}:${token}`);
      const echoed = [
        `Authorization: Basic ${pair.toString('base64')}`,
        `basic-url: ${pair.toString('base64url')}`,
        `query: ?t=${encodeURIComponent(token)} path: ${encodeURI(token)}`,
      ].join('\n');

      const out = redact(echoed, [token]);

      for (const form of [
        token,
        encodeURIComponent(token),
        encodeURI(token),
        pair.toString('base64'),
        pair.toString('base64url'),
      ]) {
        expect(out).not.toContain(form);
      }
      // Whatever base64 is left decodes to no 8-character piece of the token.
      const decoded = [...out.matchAll(/[A-Za-z0-9+/_-]{8,}/g)].flatMap(([run]) =>
        [0, 1, 2, 3].flatMap((skip) => [
          Buffer.from(run.slice(skip), 'base64').toString('latin1'),
          Buffer.from(run.slice(skip), 'base64url').toString('latin1'),
        ]),
      );
      for (let start = 0; start + 8 <= token.length; start += 1) {
        expect(decoded.join('\n')).not.toContain(token.slice(start, start + 8));
      }
      expect(platformRedact(echoed, token)).not.toMatch(
        new RegExp(
          secretForms(token)
            .map((f) => f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
            .join('|'),
        ),
      );
    },
  );
});
