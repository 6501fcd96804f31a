import { GitopsSynthError } from '../src/errors';
import { checkSelection, clusterFilter, EmptyShard, nearestIds, parseShard } from '../src/selection';

const ids = Array.from({ length: 40 }, (_, i) => `cluster-${i}`);

describe('cluster selection', () => {
  it('GIVEN glob patterns WHEN filtering THEN only matching clusters are selected', () => {
    const selected = clusterFilter({ pattern: 'cluster-1*, cluster-3' });
    expect(ids.filter(selected)).toEqual(
      ['cluster-1', 'cluster-3', ...ids.filter((id) => /^cluster-1\d$/.test(id))].sort(
        (a, b) => ids.indexOf(a) - ids.indexOf(b),
      ),
    );
  });

  it('GIVEN n shards WHEN every shard is selected THEN they are disjoint and cover every cluster', () => {
    const shards = [1, 2, 3, 4].map((index) => ids.filter(clusterFilter({ shard: { index, count: 4 } })));
    expect(shards.flat().sort()).toEqual([...ids].sort());
    expect(new Set(shards.flat()).size).toBe(ids.length);
    expect(shards.every((s) => s.length > 0)).toBe(true);
  });

  it('GIVEN a cluster WHEN more clusters are added THEN its shard does not change', () => {
    expect(ids.filter(clusterFilter({ shard: { index: 2, count: 4 } }))).toEqual(
      [...ids, 'new-a', 'new-b']
        .filter(clusterFilter({ shard: { index: 2, count: 4 } }))
        .filter((id) => ids.includes(id)),
    );
  });

  it.each(['0/2', '3/2', '1', 'a/b', '1/0'])(
    'GIVEN --shard %s WHEN parsed THEN it fails quoting the flag',
    (value) => {
      expect(() => parseShard(value)).toThrow(GitopsSynthError);
      expect(() => parseShard(value)).toThrow(/^--shard: /);
    },
  );
});

describe('checkSelection', () => {
  const fleet = ['cluster-edge-1', 'cluster-lab-1', 'cluster-prod-1'];

  it('GIVEN a --clusters typo WHEN checked THEN it fails naming the pattern and the closest cluster ids', () => {
    const error = (() => {
      try {
        checkSelection(fleet, { pattern: 'cluster-prd-*' });
      } catch (caught) {
        return caught as GitopsSynthError;
      }
      throw new Error('no error');
    })();

    expect(error).toBeInstanceOf(GitopsSynthError);
    expect(error).not.toBeInstanceOf(EmptyShard);
    expect(error.code).toBe('EMPTY_SELECTION');
    expect(error.message).toContain("'cluster-prd-*'");
    expect(error.hint).toBe('closest cluster ids: cluster-prod-1, cluster-lab-1, cluster-edge-1');
  });

  it('GIVEN a shard that holds no cluster WHEN checked THEN EmptyShard says so', () => {
    const empty = [1, 2, 3, 4].find((index) => !fleet.some(clusterFilter({ shard: { index, count: 4 } })))!;

    expect(() => checkSelection(fleet, { shard: { index: empty, count: 4 } })).toThrow(EmptyShard);
    expect(() => checkSelection(fleet, { shard: { index: empty, count: 4 } })).toThrow(
      `shard ${empty}/4 selects no cluster`,
    );
  });

  it('GIVEN a selection that matches WHEN checked THEN it passes', () => {
    expect(() => checkSelection(fleet, { pattern: 'cluster-prod-*' })).not.toThrow();
    expect(() => checkSelection(fleet, {})).not.toThrow();
  });

  it('GIVEN one close id WHEN asked for the nearest THEN it comes first', () => {
    expect(nearestIds('cluster-lab1', fleet)[0]).toBe('cluster-lab-1');
  });
});
