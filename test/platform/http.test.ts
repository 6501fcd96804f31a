import { classifyResponse, requestedDelayMs } from '../../src/platform/http';
import { redact } from '../../src/platform/errors';

const NOW = Date.parse('2024-06-01T00:00:00Z');

describe('retry decisions', () => {
  test.each([
    [429, {}, { retry: true, delayMs: undefined }],
    [429, { 'retry-after': '5' }, { retry: true, delayMs: 5000 }],
    [
      403,
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 30) },
      { retry: true, delayMs: 30000 },
    ],
    [403, {}, { retry: false }],
    [502, { 'x-ratelimit-reset': String(NOW / 1000 + 3000) }, { retry: true, delayMs: undefined }],
    [404, {}, { retry: false }],
    [422, { 'retry-after': '1' }, { retry: false }],
  ])('GIVEN status %i with headers %j WHEN classified THEN %j', async (status, headers, expected) => {
    expect(await classifyResponse(new Response('{}', { status, headers }), NOW)).toEqual(expected);
  });

  test('GIVEN a 403 whose body says rate limit WHEN classified THEN it is retried', async () => {
    const response = new Response('{"message":"You have exceeded a secondary rate limit"}', { status: 403 });
    expect(await classifyResponse(response, NOW)).toEqual({ retry: true, delayMs: undefined });
  });

  test('GIVEN Retry-After as an HTTP date WHEN read THEN the wait is until then', () => {
    expect(requestedDelayMs(new Headers({ 'retry-after': new Date(NOW + 12000).toUTCString() }), NOW)).toBe(
      12000,
    );
  });
});

describe('redact', () => {
  test('GIVEN a text containing the token raw and URL-encoded WHEN redacted THEN neither remains', () => {
    const token = 'glpat-a/b+c=';
    expect(redact(`bad ${token} and ${encodeURIComponent(token)}`, token)).toBe(
      'bad [REDACTED] and [REDACTED]',
    );
  });
});
