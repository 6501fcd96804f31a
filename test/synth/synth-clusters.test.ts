import { ValidationError } from '../../src/errors';
import { renderValidTree } from '../../src/pipeline/render';
import { synthClusters, synthFleet } from '../../src/synth/synth';
import { smallFleet } from './fixtures';

const OPTIONS = { repoUrl: 'https://git.example.com/fleet.git' };

describe('synthClusters', () => {
  it('GIVEN a fleet WHEN synthesized one cluster at a time THEN together the clusters give exactly the files of synthFleet', () => {
    const whole = synthFleet(smallFleet(), OPTIONS);
    const pieces = new Map<string, string>();
    const ids: string[] = [];
    for (const cluster of synthClusters(smallFleet(), OPTIONS)) {
      ids.push(cluster.cluster.id);
      for (const [file, content] of cluster.files) {
        expect(file.startsWith(`clusters/${cluster.cluster.id}/`)).toBe(true);
        pieces.set(file, content);
      }
      expect([...cluster.objects.keys()]).toEqual([...cluster.files.keys()]);
    }
    expect(ids).toEqual([...ids].sort());
    expect(new Map([...pieces].sort(([a], [b]) => (a < b ? -1 : 1)))).toEqual(whole);
  });

  it('GIVEN an include filter WHEN synthesized THEN the left-out clusters produce nothing', () => {
    const [first, ...rest] = smallFleet()
      .clusters.map((cluster) => cluster.id)
      .sort();
    const clusters = [...synthClusters(smallFleet(), OPTIONS, (cluster) => cluster.id !== first)].map(
      (cluster) => cluster.cluster.id,
    );
    expect(clusters).toEqual(rest);
  });
});

describe('renderValidTree', () => {
  it('GIVEN a valid fleet WHEN rendered cluster by cluster with validation THEN the tree equals synthFleet, sorted by path', () => {
    const tree = renderValidTree(smallFleet(), OPTIONS);
    expect([...tree]).toEqual([...synthFleet(smallFleet(), OPTIONS)]);
  });

  it('GIVEN an object that breaks its CRD schema WHEN rendered THEN SYNTH_OUTPUT_INVALID names its file and field', () => {
    const fleet = smallFleet();
    // The intents rules are bypassed on purpose: an empty version can only reach synthesis through a bug.
    const target = fleet.applications[0];
    const broken = {
      ...fleet,
      applications: fleet.applications.map((app) => (app === target ? { ...app, version: '' } : app)),
    };
    let thrown: unknown;
    try {
      renderValidTree(broken, OPTIONS);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'SYNTH_OUTPUT_INVALID' });
    const problems = (thrown as ValidationError).problems;
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].file).toBe(
      `clusters/${target.cluster}/namespaces/${target.namespace}/applicationinstance-${target.name}.yaml`,
    );
    expect(problems[0].path).toContain('version');
  });
});
