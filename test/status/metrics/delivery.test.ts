import { median, restores, rolledBackChanges } from '../../../src/status/metrics/delivery';

const change = (subject: string) => ({
  mergeSha: subject,
  mergedAt: '2026-06-01T00:00:00Z',
  changedAt: '2026-06-01T00:00:00Z',
  subject,
});

describe('delivery metrics, the pure parts', () => {
  it('GIVEN a revert of an older change WHEN rollbacks are found THEN the change its subject names is the one undone', () => {
    const changes = [
      change('cluster-a: add app'),
      change('cluster-a: update app'),
      change('Revert "cluster-a: add app"'),
    ];
    expect([...rolledBackChanges(changes)]).toEqual([0]);
  });

  it('GIVEN a merge of a rollback branch WHEN rollbacks are found THEN the change just before it is undone', () => {
    const changes = [
      change('cluster-a: add app'),
      change('Merge pull request #9 from acme/gitops/rollback-0123abc'),
    ];
    expect([...rolledBackChanges(changes)]).toEqual([0]);
  });

  it('GIVEN failures followed by successes WHEN restores are measured THEN each lasts from the first failure to the next success', () => {
    const at = (s: number, ok: boolean) => ({ at: s * 1000, ok });
    expect(
      restores([at(0, true), at(10, false), at(20, false), at(70, true), at(80, true), at(100, false)]),
    ).toEqual([60]);
  });

  it('GIVEN known and unknown values WHEN the median is taken THEN unknowns are skipped and none known gives null', () => {
    expect(median([3, null, 1, 2])).toBe(2);
    expect(median([4, 1])).toBe(2.5);
    expect(median([null])).toBeNull();
  });
});
