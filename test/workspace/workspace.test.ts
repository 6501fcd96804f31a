import { sparseCheckoutPaths } from '../../src/workspace/workspace';

describe('sparseCheckoutPaths', () => {
  it('GIVEN clusters in the intents and on the base WHEN only some are selected THEN it names selected ∩ (intents ∪ base) and the CODEOWNERS directories, sorted once each', () => {
    const paths = sparseCheckoutPaths({
      intentClusters: ['beta', 'alpha'],
      baseClusters: ['alpha', 'gone', 'other'],
      selects: (id) => id !== 'other',
      baseCodeowners: ['.github/CODEOWNERS', 'CODEOWNERS'],
    });
    expect(paths).toEqual(['.github', 'clusters/alpha', 'clusters/beta', 'clusters/gone']);
  });

  it('GIVEN nothing selected WHEN computed THEN the list is empty (only the root files are checked out)', () => {
    expect(
      sparseCheckoutPaths({
        intentClusters: ['a'],
        baseClusters: ['b'],
        selects: () => false,
        baseCodeowners: [],
      }),
    ).toEqual([]);
  });
});
