import { GitopsSynthError } from '../src/errors';
import { clusterFilter, parseShard } from '../src/selection';

const ids = Array.from({ length: 40 }, (_, i) => `cluster-${i}`);

describe('cluster selection', () => {
  it('GIVEN glob patterns WHEN filtering THEN only matching clusters are selected', () => {
    const selected = clusterFilter({ pattern: 'cluster-1*, cluster-3' });
    expect(ids.filter(selected)).toEqual(['cluster-1', 'cluster-3', ...ids.filter((id) => /^cluster-1\d$/.test(id))].sort((a, b) => ids.indexOf(a) - ids.indexOf(b)));
  });

  it('GIVEN n shards WHEN every shard is selected THEN they are disjoint and cover every cluster', () => {
    const shards = [1, 2, 3, 4].map((index) => ids.filter(clusterFilter({ shard: { index, count: 4 } })));
    expect(shards.flat().sort()).toEqual([...ids].sort());
    expect(new Set(shards.flat()).size).toBe(ids.length);
    expect(shards.every((s) => s.length > 0)).toBe(true);
  });

  it('GIVEN a cluster WHEN more clusters are added THEN its shard does not change', () => {
    expect(ids.filter(clusterFilter({ shard: { index: 2, count: 4 } }))).toEqual(
      [...ids, 'new-a', 'new-b'].filter(clusterFilter({ shard: { index: 2, count: 4 } })).filter((id) => ids.includes(id)),
    );
  });

  it.each(['0/2', '3/2', '1', 'a/b', '1/0'])('GIVEN --shard %s WHEN parsed THEN it fails quoting the flag', (value) => {
    expect(() => parseShard(value)).toThrow(GitopsSynthError);
    expect(() => parseShard(value)).toThrow(/^--shard: /);
  });
});
