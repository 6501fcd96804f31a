import { formatCounts, isEmpty, plural, summarize } from '../../src/diff/summary';
import { fixedChangeSet } from './fixtures';

describe('summarize', () => {
  it('GIVEN a change set over two clusters WHEN summarized THEN counts are per cluster and in total', () => {
    expect(summarize(fixedChangeSet())).toEqual({
      clusters: [
        { cluster: 'cluster-a', added: 1, changed: 2, removed: 0 },
        { cluster: 'cluster-b', added: 0, changed: 0, removed: 1 },
      ],
      total: { clusters: 2, added: 1, changed: 2, removed: 1 },
    });
  });

  it('GIVEN no clusters, or clusters with empty lists WHEN asked THEN the change set is empty', () => {
    expect(isEmpty({ clusters: [] })).toBe(true);
    expect(isEmpty({ clusters: [{ cluster: 'c', added: [], changed: [], removed: [] }] })).toBe(true);
    expect(isEmpty(fixedChangeSet())).toBe(false);
  });

  it('GIVEN counts WHEN formatted THEN singular and plural read right', () => {
    expect(formatCounts({ added: 1, changed: 0, removed: 2 })).toBe('1 added, 0 changed, 2 removed');
    expect([plural(1, 'cluster'), plural(0, 'cluster'), plural(2, 'entry', 'entries')]).toEqual([
      '1 cluster',
      '0 clusters',
      '2 entries',
    ]);
  });
});
