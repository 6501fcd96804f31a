import { describeClusters } from '../../src/messages/subject';
import { addApp, addOperation, bumpApp, change, changeSetOf, removeApp } from './fixtures';

const subject = (...changes: Parameters<typeof changeSetOf>[0]) =>
  describeClusters(changeSetOf(changes).clusters);

describe('describeClusters', () => {
  it('GIVEN an application and an operation added in one cluster WHEN described THEN the subject names both', () => {
    expect(
      subject(
        addApp('cluster-prod-1', 'nextcloud-myteam'),
        addOperation('cluster-prod-1', 'op-1', 'backup', 'nextcloud-myteam'),
      ),
    ).toBe('cluster-prod-1: add nextcloud-myteam; backup nextcloud-myteam');
  });

  it('GIVEN updates, removals and a removed operation WHEN described THEN each verb gets its clause', () => {
    expect(
      subject(
        bumpApp('c1', 'wiki'),
        removeApp('c1', 'old'),
        change('c1', 'Operation', 'op-0', 'removed', { operation: { type: 'backup', target: 'x' } }),
      ),
    ).toBe('c1: update wiki; remove old, operation op-0');
    expect(subject(change('c1', 'Namespace', 'apps', 'added'), addApp('c1', 'wiki'))).toBe(
      'c1: add namespace apps, wiki',
    );
  });

  it('GIVEN identical changes in two clusters WHEN described THEN both clusters are named before one description', () => {
    expect(subject(bumpApp('cluster-a', 'wiki'), bumpApp('cluster-b', 'wiki'))).toBe(
      'cluster-a, cluster-b: update wiki',
    );
  });

  it('GIVEN identical changes in many clusters WHEN the names do not fit THEN the clusters are counted', () => {
    const ids = Array.from({ length: 8 }, (_, i) => `cluster-production-${i}`);
    expect(subject(...ids.map((id) => bumpApp(id, 'wiki')))).toBe('8 clusters: update wiki');
  });

  it('GIVEN different changes in three clusters WHEN described THEN the clusters are counted and changes described together', () => {
    expect(subject(addApp('a', 'x'), addApp('b', 'y'), bumpApp('c', 'x'))).toBe(
      '3 clusters: add x, y; update x',
    );
  });

  it('GIVEN many changes WHEN the full subject is too long THEN it is summarized to counts and stays within 72 characters', () => {
    const changes = [
      ...Array.from({ length: 12 }, (_, i) => addApp('cluster-prod-1', `application-number-${i}`)),
      ...Array.from({ length: 3 }, (_, i) => bumpApp('cluster-prod-1', `updated-${i}`)),
      addOperation('cluster-prod-1', 'op-1', 'backup', 'nextcloud-myteam'),
      addOperation('cluster-prod-1', 'op-2', 'restart', 'wiki'),
      addOperation('cluster-prod-1', 'op-3', 'upgrade', 'gitea'),
    ];
    const summarized = 'cluster-prod-1: add 15 resources, update 3 (backup nextcloud-myteam and 2 more)';
    // That summary is 82 characters: within a 100-character cap it is the answer...
    expect(summarized.length).toBeGreaterThan(72);
    expect(describeClusters(changeSetOf(changes).clusters, 100)).toBe(summarized);
    // ...and within git's 72 the operations are counted too.
    const line = subject(...changes);
    expect(line).toBe('cluster-prod-1: add 15 resources, update 3 (3 operations)');
    expect(line.length).toBeLessThanOrEqual(72);
  });

  it('GIVEN mixed kinds WHEN counted THEN the noun is resources', () => {
    const changes = [
      ...Array.from({ length: 20 }, (_, i) => addApp('c1', `application-${i}`)),
      change('c1', 'HelmRepository', 'bitnami', 'added'),
    ];
    expect(subject(...changes)).toBe('c1: add 21 resources');
  });

  it('GIVEN a cluster id so long nothing fits WHEN described THEN the subject is cut to 72 characters with an ellipsis', () => {
    const line = subject(addApp('c'.repeat(80), 'x'));
    expect(line).toHaveLength(72);
    expect(line.endsWith('…')).toBe(true);
  });

  it('GIVEN no changes WHEN described THEN it says so', () => {
    expect(describeClusters([])).toBe('no changes');
  });
});
