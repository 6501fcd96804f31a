import { diffFile } from '../../src/diff/diff';
import { markdownApplication } from '../../src/diff/markdown';

const PATH = 'clusters/c/namespaces/team/helmrelease-files.yaml';

/** A HelmRelease as a hand edit or another tool might write it; `metadata` lines are indented under metadata. */
function helmRelease(
  metadata: string,
  chart = '      chart: nextcloud\n      version: ">=4.6 <5"\n',
): string {
  return `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: files\n  namespace: team\n${metadata}spec:\n  interval: 10m\n  chart:\n    spec:\n${chart}`;
}

describe('the summary of an added application', () => {
  it('GIVEN a HelmRelease with the recommended labels but not the annotations synth writes WHEN added THEN app and version come from the labels', () => {
    const change = diffFile(
      PATH,
      undefined,
      helmRelease(
        '  labels:\n    app.kubernetes.io/name: nextcloud\n    app.kubernetes.io/version: "28.0.4"\n',
      ),
    );

    expect(change?.application).toEqual({
      app: 'nextcloud',
      version: '28.0.4',
      chart: { name: 'nextcloud', version: '>=4.6 <5' },
    });
    expect(markdownApplication(change?.application)).toBe(
      ': `nextcloud 28.0.4` (chart `nextcloud >=4.6 <5`)',
    );
  });

  it('GIVEN a HelmRelease that names only its chart WHEN added THEN the summary is the chart alone', () => {
    const change = diffFile(PATH, undefined, helmRelease('', '      chart: nextcloud\n'));

    expect(markdownApplication(change?.application)).toBe(': chart `nextcloud`');
  });

  it('GIVEN a HelmRelease that says nothing about what it runs WHEN added THEN there is no summary and the line stays as before', () => {
    const change = diffFile(
      PATH,
      undefined,
      helmRelease('', '      sourceRef: { kind: HelmRepository, name: x }\n'),
    );

    expect(change?.application).toBeUndefined();
    expect(markdownApplication(change?.application)).toBe('');
  });

  it.each([
    [
      'another group',
      'apiVersion: example.org/v1\nkind: ApplicationInstance\nmetadata: { name: files, namespace: team }\nspec: { app: nextcloud, version: "1" }\n',
    ],
    [
      'another kind',
      'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata: { name: files, namespace: team }\nspec: { url: "https://charts.example.org" }\n',
    ],
    ['a file that does not parse', 'kind: [\n'],
  ])('GIVEN %s WHEN added THEN there is no summary', (_label, yaml) => {
    expect(
      diffFile('clusters/c/namespaces/team/applicationinstance-files.yaml', undefined, yaml)?.application,
    ).toBeUndefined();
  });

  it('GIVEN an ApplicationInstance that is changed or removed WHEN diffed THEN only the added one carries a summary', () => {
    const instance = (version: string) =>
      `apiVersion: apps.vworkspace.io/v1alpha1\nkind: ApplicationInstance\nmetadata: { name: files, namespace: team }\nspec: { app: nextcloud, version: "${version}", chart: { repository: "https://c.example.org", name: nextcloud, version: "4.6.2" } }\n`;
    const path = 'clusters/c/namespaces/team/applicationinstance-files.yaml';

    expect(diffFile(path, undefined, instance('28.0.4'))?.application).toEqual({
      app: 'nextcloud',
      version: '28.0.4',
      chart: { name: 'nextcloud', version: '4.6.2' },
    });
    expect(diffFile(path, instance('28.0.3'), instance('28.0.4'))?.application).toBeUndefined();
    expect(diffFile(path, instance('28.0.4'), undefined)?.application).toBeUndefined();
  });
});
