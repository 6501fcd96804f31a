/**
 * The API token never crosses a network in plain text: an http:// --api-url on a host
 * that is not this machine is refused before anything is sent, unless
 * --allow-insecure-http says the network is trusted.
 */
import { checkApiUrlTransport, isLoopbackHost } from '../../src/cli/platform-flags';
import { runCli } from '../support/cli';

describe('the token over plain http://', () => {
  it.each(['publish', 'status', 'rollback'])(
    'GIVEN %s with --api-url http://<remote host> WHEN run THEN it is refused (exit 2) before the token is sent',
    async (command) => {
      const extra = command === 'rollback' ? ['--commit', 'a'.repeat(40)] : [];
      const run = await runCli(
        [
          command,
          '--repo',
          'https://github.com/acme/fleet.git',
          '--api-url',
          'http://api.example.org/api/v3',
          ...extra,
        ],
        {
          cwd: '/',
          env: { GITOPS_TOKEN: 'ghp_test_token_never_sent_0123456789abcdef' },
        },
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        '--api-url: http://api.example.org/api/v3 is plain http:// to api.example.org',
      );
      expect(run.stderr).toContain('--allow-insecure-http');
      expect(run.stderr).not.toContain('ghp_test_token');
    },
  );

  it.each([
    ['http://api.example.org', false, 'refused'],
    ['http://api.example.org', true, 'allowed'],
    ['https://api.example.org', false, 'allowed'],
    ['http://127.0.0.1:8080/api', false, 'allowed'],
    ['http://localhost:3000', false, 'allowed'],
    ['http://[::1]:3000', false, 'allowed'],
    ['http://10.0.0.5', false, 'refused'],
    ['HTTP://Example.org', false, 'refused'],
  ])('GIVEN %s (allow-insecure-http: %s) THEN it is %s', (url, allow, outcome) => {
    const check = () => checkApiUrlTransport(url, allow);
    if (outcome === 'refused') expect(check).toThrow(expect.objectContaining({ code: 'INVALID_FLAG' }));
    else expect(check).not.toThrow();
  });

  it('GIVEN loopback names THEN they are loopback, and look-alikes are not', () => {
    expect(
      ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', 'app.localhost'].every(isLoopbackHost),
    ).toBe(true);
    expect(['localhost.example.org', '128.0.0.1', '0.0.0.0', 'example.org'].some(isLoopbackHost)).toBe(false);
  });
});
