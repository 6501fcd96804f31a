import { GitopsSynthError } from '../../src/errors';
import {
  clusterLabel,
  LABEL_MAX_LENGTH,
  pullRequestLabels,
  pullRequestTitle,
} from '../../src/messages/pull-request';
import { collapseAcrossClusters } from '../../src/messages/collapse';
import { summarize } from '../../src/diff/summary';
import { addApp, addOperation, bumpApp, changeSetOf, removeApp } from './fixtures';

const changeSet = changeSetOf([
  bumpApp('cluster-a', 'wiki', '28.0.3', '28.0.4'),
  bumpApp('cluster-b', 'wiki', '28.0.3', '28.0.4'),
  addApp('cluster-a', 'nextcloud'),
  addOperation('cluster-a', 'op-1', 'backup', 'nextcloud'),
]);

describe('pullRequestTitle', () => {
  it('GIVEN a per-cluster pull request WHEN titled THEN only that cluster is described', () => {
    expect(pullRequestTitle(changeSet, { group: 'cluster', cluster: 'cluster-b' })).toBe(
      'cluster-b: update wiki',
    );
    expect(pullRequestTitle(changeSet, { group: 'cluster', cluster: 'cluster-a' })).toBe(
      'cluster-a: add nextcloud; update wiki; backup nextcloud',
    );
    expect(pullRequestTitle(changeSet, { group: 'cluster', cluster: 'cluster-z' })).toBe(
      'cluster-z: no changes',
    );
  });

  it('GIVEN a fleet pull request WHEN titled THEN every cluster is described', () => {
    expect(pullRequestTitle(changeSet, { group: 'fleet' })).toBe(
      '2 clusters: add nextcloud; update wiki; backup nextcloud',
    );
  });

  it('GIVEN resources and operations added WHEN the title is summarized to counts THEN it counts what the body counts', () => {
    const many = changeSetOf([
      ...['a', 'b', 'c', 'd', 'e'].map((name) => addApp('cluster-a', `application-with-a-long-name-${name}`)),
      addOperation('cluster-a', 'op-1', 'upgrade', 'application-with-a-long-name-a'),
      addOperation('cluster-a', 'op-2', 'backup', 'application-with-a-long-name-b'),
    ]);

    const title = pullRequestTitle(many, { group: 'cluster', cluster: 'cluster-a' });

    const added = summarize(many).clusters[0].added;
    expect(added).toBe(7);
    expect(title).toMatch(/^cluster-a: add 7 resources \(/);
  });

  it('GIVEN a per-cluster title without a cluster WHEN asked THEN it throws an internal error', () => {
    expect(() => pullRequestTitle(changeSet, { group: 'cluster' })).toThrow(GitopsSynthError);
  });
});

describe('pullRequestLabels', () => {
  it('GIVEN clusters in any order, with duplicates WHEN labelled THEN gitops comes first, then one sorted label per cluster', () => {
    expect(pullRequestLabels(['cluster-b', 'cluster-a', 'cluster-b'])).toEqual([
      'gitops',
      'cluster:cluster-a',
      'cluster:cluster-b',
    ]);
    expect(pullRequestLabels([])).toEqual(['gitops']);
  });
});

describe('collapseAcrossClusters', () => {
  it('GIVEN the same bump in two clusters and a different one in a third WHEN collapsed THEN only the identical ones are shared', () => {
    const collapsed = collapseAcrossClusters(
      changeSetOf([
        bumpApp('c1', 'wiki'),
        bumpApp('c2', 'wiki'),
        bumpApp('c3', 'wiki', '1.0.0', '2.0.0'),
        removeApp('c1', 'x'),
      ]),
    );
    expect(collapsed.shared.map((shared) => [shared.change.resource.name, shared.clusters])).toEqual([
      ['wiki', ['c1', 'c2']],
    ]);
    expect(collapsed.shared[0]?.change.fields).toEqual([
      { path: 'spec.version', change: 'changed', before: '1.0.0', after: '1.0.1' },
    ]);
    expect(
      [...collapsed.own].map(([cluster, own]) => [cluster, own.map((c) => `${c.change} ${c.resource.name}`)]),
    ).toEqual([
      ['c1', ['removed x']],
      ['c2', []],
      ['c3', ['changed wiki']],
    ]);
  });
});

describe('clusterLabel', () => {
  it("GIVEN a 63-character cluster id WHEN labelled THEN the label fits GitHub's 50 characters and stays unique and stable", () => {
    const a = `${'a'.repeat(62)}1`;
    const b = `${'a'.repeat(62)}2`;
    expect(clusterLabel(a)).toHaveLength(LABEL_MAX_LENGTH);
    expect(clusterLabel(a)).toMatch(/^cluster:a+-[0-9a-f]{8}$/);
    expect(clusterLabel(a)).not.toBe(clusterLabel(b));
    expect(clusterLabel(a)).toBe(clusterLabel(`${'a'.repeat(62)}1`));
    expect(clusterLabel('cluster-prod-1')).toBe('cluster:cluster-prod-1');
  });
});
