/**
 * What both controller simulators' tests stand on: a fleet repository served over smart
 * HTTP with a token, the loopback forge the controllers post statuses to, and
 * `bootstrap`'s real output for a cluster of either sync kind.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildBootstrap, BootstrapHost } from '../../src/bootstrap/bootstrap';
import { ClusterIntent } from '../../src/intents/model';
import { LoopbackForge, startLoopbackForge } from '../support/forge';
import { SmartHttpServer } from '../support/git-server';
import { serveRepository } from '../support/served-repository';

/** The served repository and forge of one test file; read its fields inside tests (set in beforeAll). */
export interface ServedBootstrap {
  forge: LoopbackForge;
  /** The tip of `main` the controllers reconcile and post statuses on. */
  sha: string;
  repoUrl: string;
  /** `bootstrap`'s YAML for cluster `id`, with Argo CD's `notifier` when given. */
  readonly bootstrapFor: (id: string, notifier?: 'webhook' | 'github-app') => string;
}

/**
 * Registers beforeAll/afterAll/beforeEach hooks in the calling `describe` that serve a
 * repository holding `seedFile`, start the forge with `token`, and clear its statuses
 * before each test.
 */
export function useServedBootstrap(
  sync: ClusterIntent['sync'],
  token: string,
  seedFile: string,
): ServedBootstrap {
  let tmp: string;
  let http: SmartHttpServer;
  const served = {
    bootstrapFor: (id: string, notifier?: 'webhook' | 'github-app') =>
      buildBootstrap({
        cluster: cluster(id, sync),
        repo: served.repoUrl,
        branch: 'main',
        host: host(),
        notifier,
      }).yaml,
  } as ServedBootstrap;
  const host = (): BootstrapHost => ({
    provider: 'github',
    apiUrl: served.forge.apiUrl,
    project: 'acme/fleet',
    webUrl: 'https://github.com/acme/fleet',
  });

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), `gs-${sync}sim-`));
    served.forge = await startLoopbackForge({ provider: 'github', project: 'acme/fleet', token });
    const repository = await serveRepository(tmp, 'acme/fleet', token, { [seedFile]: 'x: 1\n' });
    http = repository.http;
    served.sha = repository.sha;
    served.repoUrl = repository.url;
  });
  afterAll(async () => {
    await http.close();
    await served.forge.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  beforeEach(() => {
    served.forge.state.statuses = {};
  });
  return served;
}

function cluster(id: string, sync: ClusterIntent['sync']): ClusterIntent {
  return {
    id,
    sync,
    helmReleases: false,
    owners: [],
    source: { file: 'clusters.yaml', path: 'clusters[0]' },
  };
}
