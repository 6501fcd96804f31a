import * as path from 'path';
import { diffTrees } from '../../src/diff/diff';
import { pullRequestBody, GITHUB_BODY_MAX_LENGTH } from '../../src/messages/pull-request-body';
import { renderFleet } from '../../src/pipeline/render';
import { synthFleet } from '../../src/synth/synth';
import { application, cluster } from '../synth/fixtures';
import { PROVENANCE } from './fixtures';

const INTENTS = path.resolve(__dirname, '../fixtures/intents/fleet');

/** The pull request body for a fresh repository: every synthesized file is added. */
async function bodyForFixtureFleet(): Promise<string> {
  const rendered = await renderFleet({
    intents: INTENTS,
    repoUrl: 'https://git.example.org/acme/fleet.git',
    branch: 'main',
    selection: {},
  });
  return pullRequestBody(diffTrees(new Map(), rendered.tree), {
    ...PROVENANCE,
    maxLength: GITHUB_BODY_MAX_LENGTH,
  });
}

const addedLines = (body: string) => body.split('\n').filter((line) => line.startsWith('- **added**'));

describe('pullRequestBody for added applications', () => {
  it('GIVEN the intents fixture synthesized into an empty repository WHEN the body is written THEN each added application says its app, version and chart, and other kinds are named as before', async () => {
    const body = await bodyForFixtureFleet();

    expect(addedLines(body)).toEqual([
      '- **added** Namespace `org-myteam` in 2 clusters: `cluster-prod-1`, `cluster-staging`',
      '- **added** ApplicationInstance `org-myteam/gitea-myteam`: `gitea 1.22.1` (chart `gitea 10.4.0`)',
      '- **added** ApplicationInstance `org-myteam/nextcloud-myteam`: `nextcloud 28.0.4` (chart `nextcloud 4.6.2`)',
      '- **added** Operation `org-myteam/gitea-myteam-restart-1`',
      '- **added** Operation `org-myteam/nextcloud-myteam-backup-2026-05-28`',
      '- **added** HelmRelease `org-research/nextcloud-research-archive`: `nextcloud 27.1.11` (chart `nextcloud 4.6.2`)',
      '- **added** HelmRelease `org-research/nextcloud-research`: `nextcloud 28.0.4` (chart `nextcloud 4.6.2`)',
      '- **added** HelmRepository `org-research/charts-example-org-stable-b41ac000`',
      '- **added** Namespace `org-research`',
      '- **added** Application `argocd/cluster-staging`',
      '- **added** ApplicationInstance `org-myteam/nextcloud-myteam`: `nextcloud 29.0.0` (chart `nextcloud 5.0.0`)',
    ]);
  });

  it('GIVEN the same intents rendered twice WHEN the bodies are written THEN they are identical', async () => {
    expect(await bodyForFixtureFleet()).toBe(await bodyForFixtureFleet());
  });

  it('GIVEN one application added in two clusters, at the same and then at different versions WHEN the body is written THEN only the identical additions share a line', () => {
    const clusters = [cluster('edge-a', 'flux'), cluster('edge-b', 'flux')];
    const body = (versionB: string) => {
      const fleet = {
        clusters,
        applications: [
          application('edge-a', 'team', 'files'),
          application('edge-b', 'team', 'files', { version: versionB }),
        ],
        operations: [],
      };
      return addedLines(
        pullRequestBody(diffTrees(new Map(), synthFleet(fleet)), {
          ...PROVENANCE,
          maxLength: GITHUB_BODY_MAX_LENGTH,
        }),
      ).filter((line) => line.includes('ApplicationInstance'));
    };

    expect(body('29.0.1')).toEqual([
      '- **added** ApplicationInstance `team/files`: `nextcloud 29.0.1` (chart `nextcloud 5.2.0`) in 2 clusters: `edge-a`, `edge-b`',
    ]);
    expect(body('30.0.0')).toEqual([
      '- **added** ApplicationInstance `team/files`: `nextcloud 29.0.1` (chart `nextcloud 5.2.0`)',
      '- **added** ApplicationInstance `team/files`: `nextcloud 30.0.0` (chart `nextcloud 5.2.0`)',
    ]);
  });
});
