import { renderMarkdown } from '../../src/diff/markdown';
import { renderJson, toChangeSetDocument } from '../../src/diff/json';
import { renderText } from '../../src/diff/text';
import { markdownCode } from '../../src/diff/markdown';
import { formatValue } from '../../src/diff/format-value';
import { fixedChangeSet } from './fixtures';

const LONG = `${'x'.repeat(59)}…`;

describe('renderText', () => {
  it('GIVEN a fixed change set WHEN rendered without colour THEN the text is exactly the expected lines', () => {
    expect(renderText(fixedChangeSet(), { color: false })).toBe(
      [
        'cluster-a (1 added, 2 changed, 0 removed)',
        '  + Operation apps/backup-1',
        '  ~ ApplicationInstance apps/wiki',
        '      ~ spec.values.replicas: "1" → 1',
        `      ~ spec.values.motd: short → ${LONG}`,
        '      + spec.valuesFrom[name=db]: {"name":"db","kind":"Secret"}',
        '  ~ HelmRelease apps/broken (could not parse head: bad indentation)',
        '',
        'cluster-b (0 added, 0 changed, 1 removed)',
        '  - ApplicationInstance apps/old',
        '',
        '2 clusters: 1 added, 2 changed, 1 removed',
        '',
      ].join('\n'),
    );
  });

  it('GIVEN colour is asked for WHEN rendered THEN marks are wrapped in ANSI codes, and without it none appear', () => {
    const coloured = renderText(fixedChangeSet(), { color: true });
    expect(coloured.split('\n').slice(0, 2)).toEqual([
      '\u001b[1mcluster-a\u001b[0m (1 added, 2 changed, 0 removed)',
      '  \u001b[32m+ Operation apps/backup-1\u001b[0m',
    ]);
    expect(coloured).toContain('\u001b[31m- ApplicationInstance apps/old\u001b[0m');
    expect(renderText(fixedChangeSet(), { color: false })).not.toContain('\u001b');
  });

  it('GIVEN an empty change set WHEN rendered THEN it says there are no changes', () => {
    expect(renderText({ clusters: [] }, { color: true })).toBe('No changes.\n');
  });
});

describe('renderMarkdown', () => {
  it('GIVEN a fixed change set WHEN rendered THEN the markdown is exactly the expected document', () => {
    expect(renderMarkdown(fixedChangeSet())).toBe(
      [
        '### cluster-a',
        '',
        '1 added, 2 changed, 0 removed',
        '',
        '- **added** Operation `apps/backup-1`',
        '- **changed** ApplicationInstance `apps/wiki`',
        '  - `spec.values.replicas`: `"1"` → `1`',
        `  - \`spec.values.motd\`: \`short\` → \`${LONG}\``,
        '  - added `spec.valuesFrom[name=db]`: `{"name":"db","kind":"Secret"}`',
        '- **changed** HelmRelease `apps/broken` (could not parse head: bad indentation)',
        '',
        '### cluster-b',
        '',
        '0 added, 0 changed, 1 removed',
        '',
        '- **removed** ApplicationInstance `apps/old`',
        '',
        '**Total:** 2 clusters: 1 added, 2 changed, 1 removed',
        '',
      ].join('\n'),
    );
  });

  it('GIVEN text with backticks WHEN put in a code span THEN the fence is longer than any run inside', () => {
    expect(markdownCode('a`b')).toBe('`` a`b ``');
    expect(markdownCode('plain')).toBe('`plain`');
  });
});

describe('renderJson', () => {
  it('GIVEN a fixed change set WHEN rendered THEN the document has the versioned shape, stable key order and complete values', () => {
    const json = renderJson(fixedChangeSet());
    expect(json.endsWith('}\n')).toBe(true);
    const document = JSON.parse(json);
    expect(Object.keys(document)).toEqual(['apiVersion', 'kind', 'clusters', 'summary']);
    expect(document.apiVersion).toBe('gitops.vworkspace.io/v1alpha1');
    expect(document.kind).toBe('ChangeSet');
    expect(document.summary).toEqual({ clusters: 2, added: 1, changed: 2, removed: 1 });
    expect(Object.keys(document.clusters[0])).toEqual(['cluster', 'summary', 'added', 'changed', 'removed']);
    expect(document.clusters[0].added).toEqual([
      {
        kind: 'Operation',
        namespace: 'apps',
        name: 'backup-1',
        path: 'clusters/cluster-a/namespaces/apps/operation-backup-1.yaml',
        operation: { type: 'backup', target: 'wiki' },
      },
    ]);
    expect(document.clusters[0].changed[0].fields).toEqual([
      { path: 'spec.values.replicas', change: 'changed', before: '1', after: 1 },
      { path: 'spec.values.motd', change: 'changed', before: 'short', after: 'x'.repeat(80) },
      { path: 'spec.valuesFrom[name=db]', change: 'added', after: { kind: 'Secret', name: 'db' } },
    ]);
    // Object values come out with sorted keys (the input had name before kind).
    expect(json).toMatch(/"after": \{\s+"kind": "Secret",\s+"name": "db"\s+\}/);
    expect(document.clusters[0].changed[1]).toEqual({
      kind: 'HelmRelease',
      namespace: 'apps',
      name: 'broken',
      path: 'clusters/cluster-a/namespaces/apps/helmrelease-broken.yaml',
      note: 'could not parse head: bad indentation',
      fields: [],
    });
    expect(document.clusters[1].removed[0]).not.toHaveProperty('fields');
  });

  it('GIVEN an empty change set WHEN rendered THEN the document still has its envelope and zero counts', () => {
    expect(toChangeSetDocument({ clusters: [] })).toEqual({
      apiVersion: 'gitops.vworkspace.io/v1alpha1',
      kind: 'ChangeSet',
      clusters: [],
      summary: { clusters: 0, added: 0, changed: 0, removed: 0 },
    });
  });
});

describe('formatValue', () => {
  it('GIVEN values that would read as another type WHEN formatted THEN strings are quoted only then', () => {
    expect(
      ['1', 'true', 'null', '', ' x', 'a\nb', 'plain', '28.0.3', '1e3', '[x]'].map((v) => formatValue(v)),
    ).toEqual(['"1"', '"true"', '"null"', '""', '" x"', '"a\\nb"', 'plain', '28.0.3', '"1e3"', '"[x]"']);
    expect([1, false, null, undefined, [1, 'a']].map((v) => formatValue(v))).toEqual([
      '1',
      'false',
      'null',
      '(none)',
      '[1,"a"]',
    ]);
    expect(formatValue('abcdef', 4)).toBe('abc…');
  });
});
