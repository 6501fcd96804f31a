import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ClusterStatusList } from '../../src/status/model';
import { runCli } from '../support/cli';
import { startLoopbackForge } from '../support/forge';
import { seedPull } from '../support/forge/state';
import { clusterFile, createFleetRepo, synthMessage } from './fleet-repo';

describe('status with --group-by fleet pull requests', () => {
  it('GIVEN an open gitops/fleet pull request labelled for one cluster WHEN status runs THEN that cluster is pending-review and the other is not', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-status-fleet-'));
    const forge = await startLoopbackForge({ provider: 'github', project: 'acme/fleet' });
    try {
      const repo = createFleetRepo(tmp);
      repo.commit(
        { ...clusterFile('cluster-a'), ...clusterFile('cluster-b') },
        synthMessage('fleet: add', 'intents@r1'),
        '2026-05-31T23:50:00Z',
      );
      repo.push('main');
      repo.checkout('gitops/fleet', 'main');
      repo.commit(
        clusterFile('cluster-a', 2),
        synthMessage('cluster-a: update', 'intents@r2'),
        '2026-05-31T23:55:00Z',
      );
      repo.push('gitops/fleet');
      const pull = seedPull(forge.state, {
        branch: 'gitops/fleet',
        title: 'cluster-a: update',
        labels: ['cluster:cluster-a', 'gitops'],
      });

      const run = await runCli(
        [
          'status',
          '--format',
          'json',
          '--repo',
          repo.url,
          '--provider',
          'github',
          '--api-url',
          forge.apiUrl,
          '--project',
          'acme/fleet',
        ],
        {
          cwd: tmp,
          env: { ...repo.env, XDG_CACHE_HOME: path.join(tmp, 'cache'), GITOPS_TOKEN: forge.token },
        },
      );

      expect(run.stderr).toBe('');
      const list = JSON.parse(run.stdout) as ClusterStatusList;
      const a = list.clusters.find((c) => c.id === 'cluster-a')!;
      const b = list.clusters.find((c) => c.id === 'cluster-b')!;
      expect(a.state).toBe('pending-review');
      expect(a.pullRequest).toMatchObject({ number: pull.number, branch: 'gitops/fleet' });
      expect(b.state).not.toBe('pending-review');
      expect(forge.validationFailures).toEqual([]);
    } finally {
      await forge.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
