import { statusContext } from '../../src/contract/sync-contract';
import { ChildProcess, spawn } from 'child_process';
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { signBody } from '../../src/status/webhooks/verify';
import { LoopbackForge, startLoopbackForge } from '../support/forge';
import { freePort, waitFor } from '../support/process';
import { clusterFile, createFleetRepo, FleetRepo, synthMessage } from '../status/fleet-repo';

const bin = path.resolve(__dirname, '../../bin/gitops-synth.js');
const SECRET = 'cli-webhook-secret';

describe('gitops-synth status serve (the built CLI)', () => {
  let tmp: string;
  let forge: LoopbackForge;
  let child: ChildProcess | undefined;

  beforeEach(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-serve-cli-'));
    forge = await startLoopbackForge({ provider: 'github', project: 'acme/fleet' });
  });
  afterEach(async () => {
    child?.kill('SIGKILL');
    await forge.close();
    // A git process the killed server started may still be finishing in the cache: retry the removal.
    fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  /** A fleet repository whose tip adds cluster-a a minute ago (the built CLI reads the real clock: not stale yet). */
  const fleetWithClusterA = (): { repo: FleetRepo; tip: string } => {
    const repo = createFleetRepo(tmp);
    const minuteAgo = new Date(Date.now() - 60_000).toISOString();
    const tip = repo.commit(
      clusterFile('cluster-a'),
      synthMessage('cluster-a: add', 'intents@r1'),
      minuteAgo,
    );
    repo.push('main');
    return { repo, tip };
  };

  /** Starts the built `status serve` on a free loopback port; resolves with its base URL once it listens. */
  const serve = async (repo: FleetRepo, ...extra: string[]): Promise<string> => {
    const port = await freePort();
    const args = ['status', 'serve', '--listen', `127.0.0.1:${port}`, ...extra];
    const platform = [
      '--repo',
      repo.url,
      '--provider',
      'github',
      '--api-url',
      forge.apiUrl,
      '--project',
      'acme/fleet',
    ];
    child = spawn(process.execPath, [bin, ...args, ...platform], {
      env: {
        ...process.env,
        ...repo.env,
        GITOPS_TOKEN: forge.token,
        GITOPS_WEBHOOK_SECRET: SECRET,
        XDG_CACHE_HOME: path.join(tmp, 'cache'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await waitFor(child, 'listening on');
    return `http://127.0.0.1:${port}`;
  };

  const stateOf = async (base: string): Promise<string> =>
    ((await (await fetch(`${base}/clusters/cluster-a`)).json()) as { state: string }).state;

  /** Asks every `everyMs` until cluster-a is `wanted` or `tries` run out; resolves with the last state. */
  const awaitState = async (
    base: string,
    wanted: string,
    tries: number,
    everyMs: number,
  ): Promise<string> => {
    let state = await stateOf(base);
    for (let i = 0; i < tries && state !== wanted; i++) {
      await new Promise((resolve) => setTimeout(resolve, everyMs));
      state = await stateOf(base);
    }
    return state;
  };

  it('GIVEN a served fleet WHEN a signed status arrives THEN GET /clusters/<id> shows it, an unsigned one is refused, and SIGTERM stops it cleanly', async () => {
    const { repo, tip } = fleetWithClusterA();
    const base = await serve(repo);
    expect(await stateOf(base)).toBe('awaiting-sync');

    const body = JSON.stringify({
      id: 1,
      sha: tip,
      name: 'acme/fleet',
      context: statusContext('flux', 'cluster-a'),
      state: 'success',
      description: 'applied',
      target_url: null,
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
    });
    const headers = {
      'content-type': 'application/json',
      'x-github-event': 'status',
      'x-github-delivery': randomUUID(),
    };
    const unsigned = await fetch(`${base}/webhook`, { method: 'POST', headers, body });
    expect(unsigned.status).toBe(401);
    const signed = await fetch(`${base}/webhook`, {
      method: 'POST',
      headers: { ...headers, 'x-hub-signature-256': `sha256=${signBody(body, SECRET)}` },
      body,
    });
    expect(signed.status).toBe(202);
    expect(await awaitState(base, 'applied', 50, 100)).toBe('applied');

    const exited = new Promise<number | null>((resolve) => child!.on('exit', resolve));
    child!.kill('SIGTERM');
    expect(await exited).toBe(0);
    child = undefined;
  });

  it('GIVEN a status whose delivery was lost WHEN --poll-interval passes THEN the periodic poll picks it up', async () => {
    const { repo, tip } = fleetWithClusterA();
    const base = await serve(repo, '--poll-interval', '1s');
    expect(await stateOf(base)).toBe('awaiting-sync');

    // The controller posted its status, but no webhook reached the server.
    forge.state.statuses[tip] = [
      {
        context: statusContext('flux', 'cluster-a'),
        state: 'success',
        description: 'applied',
        targetUrl: '',
        createdAt: new Date().toISOString(),
      },
    ];
    expect(await awaitState(base, 'applied', 60, 200)).toBe('applied');
  });
});
