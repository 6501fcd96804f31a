import { PlatformError } from '../../src/platform/errors';

describe('PlatformError hints', () => {
  it.each([
    [401, /GITOPS_TOKEN/],
    [403, /GITOPS_TOKEN/],
    [503, /run publish again later/],
    [429, /rate-limiting/],
    [undefined, /unavailable/],
    [404, /--provider, --api-url and --project/],
  ])('GIVEN a request that failed with %s WHEN reported THEN the hint says what to do', (status, hint) => {
    const error = new PlatformError({
      method: 'POST',
      path: '/repos/acme/fleet/pulls',
      status,
      reason: 'failed',
    });
    expect(error.source).toBe('external');
    expect(error.hint).toMatch(hint);
  });
});
