import {
  BLOCK_BEGIN,
  BLOCK_END,
  codeownersPath,
  fleetCodeowners,
  ownLinesDiffer,
  updateCodeowners,
} from '../../src/publish/codeowners';

const clusters = [
  { id: 'cluster-prod-1', owners: ['@acme/prod-approvers'] },
  { id: 'cluster-edge-1', owners: ['@acme/edge', 'ops@example.org'] },
  { id: 'cluster-lab-1', owners: [] },
];

describe('CODEOWNERS block', () => {
  it('GIVEN no file WHEN updated for the fleet THEN a block maps each cluster path with owners, sorted', () => {
    expect(
      updateCodeowners(
        undefined,
        clusters.map((c) => c.id),
        clusters,
      ),
    ).toBe(
      [
        BLOCK_BEGIN,
        '/clusters/cluster-edge-1/ @acme/edge ops@example.org',
        '/clusters/cluster-prod-1/ @acme/prod-approvers',
        BLOCK_END,
        '',
      ].join('\n'),
    );
  });

  it('GIVEN hand-written lines around the block WHEN one cluster is updated THEN every other line is untouched', () => {
    const existing = [
      '# Humans own the intents',
      '/intents/ @acme/platform',
      '',
      BLOCK_BEGIN,
      '/clusters/cluster-edge-1/ @old',
      '/clusters/cluster-prod-1/ @acme/prod-approvers',
      BLOCK_END,
      '*.md @acme/docs',
      '',
    ].join('\n');
    const updated = updateCodeowners(existing, ['cluster-edge-1'], clusters);
    expect(updated).toBe(
      existing.replace(
        '/clusters/cluster-edge-1/ @old',
        '/clusters/cluster-edge-1/ @acme/edge ops@example.org',
      ),
    );
  });

  it('GIVEN a file that already matches WHEN updated THEN the same text comes back (nothing to commit)', () => {
    const once = updateCodeowners(
      '* @acme/all\n',
      clusters.map((c) => c.id),
      clusters,
    );
    expect(once.startsWith('* @acme/all\n\n# BEGIN')).toBe(true);
    expect(
      updateCodeowners(
        once,
        clusters.map((c) => c.id),
        clusters,
      ),
    ).toBe(once);
  });

  it('GIVEN a cluster removed from the intents WHEN its run updates the block THEN its line goes and others stay', () => {
    const once = updateCodeowners(
      undefined,
      clusters.map((c) => c.id),
      clusters,
    );
    const updated = updateCodeowners(
      once,
      ['cluster-prod-1'],
      clusters.filter((c) => c.id !== 'cluster-prod-1'),
    );
    expect(updated).toBe(
      [BLOCK_BEGIN, '/clusters/cluster-edge-1/ @acme/edge ops@example.org', BLOCK_END, ''].join('\n'),
    );
  });

  it('GIVEN existing CODEOWNERS locations WHEN choosing THEN the provider search order wins, else the root', () => {
    expect(codeownersPath((p) => p === 'docs/CODEOWNERS' || p === 'CODEOWNERS')).toBe('CODEOWNERS');
    expect(codeownersPath((p) => p === '.github/CODEOWNERS')).toBe('.github/CODEOWNERS');
    expect(codeownersPath(() => false)).toBe('CODEOWNERS');
  });

  it('GIVEN a block written for one cluster and a cluster gone from the intents WHEN the whole-fleet block is written THEN it lists every cluster of the intents, sorted, and no other', () => {
    const old = [
      BLOCK_BEGIN,
      '/clusters/cluster-gone-1/ @old',
      '/clusters/cluster-prod-1/ @acme/prod-approvers',
      BLOCK_END,
      '',
    ].join('\n');

    expect(fleetCodeowners(old, clusters)).toBe(
      updateCodeowners(
        undefined,
        clusters.map((c) => c.id),
        clusters,
      ),
    );
    expect(fleetCodeowners(undefined, [...clusters].reverse())).toBe(fleetCodeowners(undefined, clusters));
  });

  it("GIVEN the block WHEN a cluster's owners change THEN only its own lines differ", () => {
    const block = fleetCodeowners(undefined, clusters);
    const changed = clusters.map((c) => (c.id === 'cluster-edge-1' ? { ...c, owners: ['@acme/new'] } : c));

    expect(ownLinesDiffer(block, ['cluster-edge-1'], changed)).toBe(true);
    expect(ownLinesDiffer(block, ['cluster-prod-1', 'cluster-lab-1'], changed)).toBe(false);
    expect(ownLinesDiffer(undefined, ['cluster-lab-1'], clusters)).toBe(false);
  });
});
