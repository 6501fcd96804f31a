import { diffTrees } from '../../src/diff/diff';
import { summarize } from '../../src/diff/summary';
import { pullRequestTitle } from '../../src/messages/pull-request';
import { GITHUB_BODY_MAX_LENGTH, pullRequestBody } from '../../src/messages/pull-request-body';
import { synthFleet } from '../../src/synth/synth';
import { application, cluster, operation } from '../synth/fixtures';
import { PROVENANCE } from './fixtures';

/**
 * One cluster, with applications named alike in two namespaces and two backups of
 * `files`, one per namespace: too much to name every resource in a title.
 */
function changeSet() {
  const apps = ['files', 'wiki', 'chat', 'board'].flatMap((name) =>
    ['team-a', 'team-b'].map((namespace) => application('edge', namespace, name)),
  );
  const operations = ['team-a', 'team-b'].map((namespace) =>
    operation('edge', namespace, `files-backup-${namespace}`, 'files'),
  );
  return diffTrees(
    new Map(),
    synthFleet({ clusters: [cluster('edge', 'flux')], applications: apps, operations }),
  );
}

describe('pull request title and body', () => {
  it("GIVEN two Operations that do the same thing in two namespaces WHEN the title is summarized THEN its counts add up to the body table's", () => {
    const changes = changeSet();

    const title = pullRequestTitle(changes, { group: 'cluster', cluster: 'edge' });
    const body = pullRequestBody(changes, { ...PROVENANCE, maxLength: GITHUB_BODY_MAX_LENGTH });

    const { total } = summarize(changes);
    expect(body).toContain(`| \`edge\` | ${total.added} | 0 | 0 |`);
    // 8 applications, 2 namespaces and the 2 backups are the 12 added; of the backups 1 is named and 1 more.
    expect(title).toBe('edge: add 12 resources (backup files and 1 more)');
    expect(total.added).toBe(12);
  });
});
