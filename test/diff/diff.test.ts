import { diffFile, diffTrees } from '../../src/diff/diff';
import { isEmpty } from '../../src/diff/summary';
import { appTree, applicationYaml, operationYaml, resourcePath, sampleTrees } from './fixtures';

describe('diffTrees', () => {
  it('GIVEN the same objects written with other formatting and key order WHEN diffed THEN there is no change', () => {
    const path = resourcePath('c1', 'apps', 'ApplicationInstance', 'wiki');
    const base = new Map([
      [
        path,
        'kind: ApplicationInstance\nmetadata: {name: wiki, namespace: apps}\nspec:\n  version: "1.0"\n  list: [1, 2]\n',
      ],
    ]);
    const head = new Map([
      [
        path,
        '# comment\nmetadata:\n    namespace: apps\n    name: wiki\nkind: "ApplicationInstance"\nspec:\n    list:\n    - 1\n    - 2\n    version: \'1.0\'\n',
      ],
    ]);
    expect(diffTrees(base, head)).toEqual({ clusters: [] });
    expect(isEmpty(diffTrees(base, head))).toBe(true);
  });

  it('GIVEN added, changed and removed files WHEN diffed THEN each is reported once with its identity, kustomization left out', () => {
    const { base, head } = sampleTrees();
    const changeSet = diffTrees(base, head);
    expect(changeSet.clusters.map((cluster) => cluster.cluster)).toEqual(['cluster-a']);
    const [cluster] = changeSet.clusters;
    expect(cluster?.added.map((change) => change.resource)).toEqual([
      {
        cluster: 'cluster-a',
        namespace: 'myteam',
        kind: 'ApplicationInstance',
        name: 'nextcloud-myteam',
        path: 'clusters/cluster-a/namespaces/myteam/applicationinstance-nextcloud-myteam.yaml',
      },
      {
        cluster: 'cluster-a',
        namespace: 'myteam',
        kind: 'Operation',
        name: 'backup-1',
        path: 'clusters/cluster-a/namespaces/myteam/operation-backup-1.yaml',
      },
    ]);
    expect(cluster?.added[1]?.operation).toEqual({ type: 'backup', target: 'nextcloud-myteam' });
    expect(cluster?.removed.map((change) => [change.resource.name, change.operation])).toEqual([
      ['restart-wiki', { type: 'restart', target: 'wiki' }],
    ]);
    expect(cluster?.changed).toEqual([
      {
        resource: expect.objectContaining({ kind: 'ApplicationInstance', name: 'wiki' }),
        change: 'changed',
        fields: [
          { path: 'spec.version', change: 'changed', before: '28.0.3', after: '28.0.4' },
          {
            path: 'spec.values.ingress.host',
            change: 'changed',
            before: 'old.example.org',
            after: 'wiki.example.org',
          },
          { path: 'spec.values.ingress.tls', change: 'added', after: true },
          { path: 'spec.suspend', change: 'removed', before: false },
        ],
      },
    ]);
  });

  it('GIVEN changes in several clusters WHEN diffed THEN they are grouped per cluster, clusters and paths sorted', () => {
    const base = appTree([
      ['zeta', 'b', '1'],
      ['alpha', 'a', '1'],
    ]);
    const head = appTree([
      ['zeta', 'b', '2'],
      ['alpha', 'b', '1'],
      ['alpha', 'a', '2'],
      ['mid', 'a', '1'],
    ]);
    const changeSet = diffTrees(base, head);
    expect(
      changeSet.clusters.map((c) => [
        c.cluster,
        c.added.map((x) => x.resource.name),
        c.changed.map((x) => x.resource.name),
        c.removed.length,
      ]),
    ).toEqual([
      ['alpha', ['b'], ['a'], 0],
      ['mid', ['a'], [], 0],
      ['zeta', [], ['b'], 0],
    ]);
  });

  it('GIVEN a cluster whose files are all removed WHEN diffed THEN every file is reported removed', () => {
    const changeSet = diffTrees(
      appTree([
        ['c1', 'a', '1'],
        ['c1', 'b', '1'],
      ]),
      new Map(),
    );
    expect(changeSet.clusters[0]?.removed.map((change) => change.resource.name)).toEqual(['a', 'b']);
  });

  it('GIVEN a changed file that does not parse WHEN diffed THEN it is reported changed with a note, not thrown', () => {
    const path = resourcePath('c1', 'apps', 'ApplicationInstance', 'wiki');
    const base = new Map([[path, applicationYaml('c1', 'apps', 'wiki', { version: '1' })]]);
    const head = new Map([[path, 'kind: ApplicationInstance\nspec: {version: [\n']]);
    const changeSet = diffTrees(base, head);
    const change = changeSet.clusters[0]?.changed[0];
    expect(change?.resource).toEqual({
      cluster: 'c1',
      namespace: 'apps',
      kind: 'ApplicationInstance',
      name: 'wiki',
      path,
    });
    expect(change?.fields).toEqual([]);
    expect(change?.note).toMatch(/^could not parse head: /);
  });

  it('GIVEN an added file that does not parse WHEN diffed THEN it is identified from its path and carries a note', () => {
    const change = diffFile('clusters/c1/namespaces/ops/operation-backup-1.yaml', undefined, ': : :\n  - [');
    expect(change?.resource).toEqual({
      cluster: 'c1',
      namespace: 'ops',
      kind: 'Operation',
      name: 'backup-1',
      path: 'clusters/c1/namespaces/ops/operation-backup-1.yaml',
    });
    expect(change?.note).toMatch(/^could not parse: /);
    expect(change?.operation).toBeUndefined();
  });

  it('GIVEN namespace and Argo CD application files WHEN added THEN they are identified as Namespace and Application', () => {
    const head = new Map([
      [
        'clusters/c1/namespaces/apps/namespace.yaml',
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n',
      ],
      [
        'clusters/c1/argocd-application.yaml',
        'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: c1\n  namespace: argocd\n',
      ],
    ]);
    const resources = diffTrees(new Map(), head).clusters[0]?.added.map((change) => change.resource);
    expect(resources).toEqual([
      {
        cluster: 'c1',
        namespace: 'argocd',
        kind: 'Application',
        name: 'c1',
        path: 'clusters/c1/argocd-application.yaml',
      },
      {
        cluster: 'c1',
        namespace: '',
        kind: 'Namespace',
        name: 'apps',
        path: 'clusters/c1/namespaces/apps/namespace.yaml',
      },
    ]);
  });

  it('GIVEN an Operation whose spec changes WHEN diffed THEN the change carries its type and target from head', () => {
    const path = resourcePath('c1', 'apps', 'Operation', 'op');
    const change = diffFile(
      path,
      operationYaml('c1', 'apps', 'op', 'backup', 'a'),
      operationYaml('c1', 'apps', 'op', 'backup', 'b'),
    );
    expect(change?.operation).toEqual({ type: 'backup', target: 'b' });
    expect(change?.fields).toEqual([{ path: 'spec.target', change: 'changed', before: 'a', after: 'b' }]);
  });
});
