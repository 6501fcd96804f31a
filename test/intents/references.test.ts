import { HEADER, problemsOf, VALID, validWith } from './intents-text';

const APP = `  - cluster: cluster-prod-1
    namespace: org-myteam
    name: nextcloud-myteam
    app: nextcloud
    version: "28.0.4"
    chart: { repository: "https://charts.example.org/stable", name: nextcloud, version: "4.6.2" }
`;

describe('references across entries and files', () => {
  it('GIVEN one cluster id declared in two files WHEN validated THEN the second names the first place [duplicate-cluster]', () => {
    expect(
      problemsOf({
        'a.yaml': VALID,
        'b/clusters.yaml': `${HEADER}clusters:\n  - id: cluster-prod-1\n    sync: argocd\n`,
      }),
    ).toEqual([
      {
        file: 'b/clusters.yaml',
        path: 'clusters[0].id',
        rule: 'duplicate-cluster',
        message:
          "line 4:5: cluster id 'cluster-prod-1' is declared twice: here and at a.yaml clusters[0] (line 4:5); remove one or rename it",
      },
    ]);
  });

  it('GIVEN one application declared in two files WHEN validated THEN it is reported with both places [duplicate-application]', () => {
    expect(problemsOf({ 'a.yaml': VALID, 'b.yaml': `${HEADER}applications:\n${APP}` })).toEqual([
      {
        file: 'b.yaml',
        path: 'applications[0].name',
        rule: 'duplicate-application',
        message:
          "line 6:5: application 'nextcloud-myteam' in cluster 'cluster-prod-1', namespace 'org-myteam' is declared twice: here and at a.yaml applications[0] (line 6:5); remove one or rename it",
      },
    ]);
  });

  it('GIVEN the same application name in another namespace WHEN validated THEN it is no duplicate', () => {
    expect(
      problemsOf({
        'a.yaml': VALID,
        'b.yaml': `${HEADER}applications:\n${APP.replace('org-myteam', 'org-other')}`,
      }),
    ).toEqual([]);
  });

  it('GIVEN one operation declared twice in one file WHEN validated THEN it is reported [duplicate-operation]', () => {
    const operation = VALID.slice(
      VALID.indexOf(
        '  - cluster: cluster-prod-1\n    namespace: org-myteam\n    name: nextcloud-myteam-backup',
      ),
    );
    expect(problemsOf({ 'a.yaml': `${VALID}${operation}` })).toEqual([
      {
        file: 'a.yaml',
        path: 'operations[1].name',
        rule: 'duplicate-operation',
        message:
          "line 22:5: operation 'nextcloud-myteam-backup-2026-05-28' in cluster 'cluster-prod-1', namespace 'org-myteam' is declared twice: here and at a.yaml operations[0] (line 13:5); remove one or rename it",
      },
    ]);
  });

  it('GIVEN an application on an undeclared cluster WHEN validated THEN the nearest cluster is suggested [undeclared-cluster]', () => {
    expect(
      problemsOf({
        'a.yaml': VALID,
        'b.yaml': `${HEADER}applications:\n${APP.replace('cluster-prod-1', 'cluster-prod-2')}`,
      }),
    ).toEqual([
      {
        file: 'b.yaml',
        path: 'applications[0].cluster',
        rule: 'undeclared-cluster',
        message:
          "line 4:5: cluster 'cluster-prod-2' is not declared in any intents file; did you mean 'cluster-prod-1'? Otherwise declare it under clusters",
      },
    ]);
  });

  it('GIVEN an operation whose target is in another namespace or misspelt WHEN validated THEN each says where to look [operation-target-missing]', () => {
    const elsewhere = validWith(
      '    namespace: org-myteam\n    name: nextcloud-myteam-backup',
      '    namespace: org-other\n    name: nextcloud-myteam-backup',
    );
    expect(problemsOf({ 'a.yaml': elsewhere })).toEqual([
      {
        file: 'a.yaml',
        path: 'operations[0].target',
        rule: 'operation-target-missing',
        message:
          "line 17:5: target 'nextcloud-myteam' is not an application in cluster 'cluster-prod-1', namespace 'org-other'; an application of that name is in cluster 'cluster-prod-1', namespace 'org-myteam' (a.yaml applications[0] (line 6:5)); an operation must be in its target's cluster and namespace",
      },
    ]);
    expect(
      problemsOf({ 'a.yaml': validWith('    target: nextcloud-myteam\n', '    target: nextcloud-myteem\n') }),
    ).toEqual([
      {
        file: 'a.yaml',
        path: 'operations[0].target',
        rule: 'operation-target-missing',
        message:
          "line 17:5: target 'nextcloud-myteem' is not an application in cluster 'cluster-prod-1', namespace 'org-myteam'; did you mean 'nextcloud-myteam'?",
      },
    ]);
  });

  it('GIVEN an operation in one file and its target in another WHEN validated THEN the reference resolves', () => {
    const [clustersAndApps, operations] = VALID.split('operations:\n');
    expect(
      problemsOf({ 'ops.yaml': `${HEADER}operations:\n${operations}`, 'apps.yaml': clustersAndApps }),
    ).toEqual([]);
  });

  it('GIVEN problems of many kinds in several files WHEN validated THEN every one is reported in one run, sorted by file and path', () => {
    const problems = problemsOf({
      'b.yaml': validWith('    type: backup\n', '    type: backups\n').replace('sync', 'x'),
      'a.yaml': `${HEADER}clusters:\n  - id: Bad\n`,
      'c.json': '{',
    });
    expect(problems.map((p) => `${p.file} ${p.path} ${p.rule}`)).toEqual([
      'a.yaml clusters[0].id dns-1123-label',
      'b.yaml operations[0].type allowed-values',
      'c.json  json-syntax',
    ]);
  });
});
