import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { GitopsSynthError } from '../../src/errors';
import { Fleet } from '../../src/intents/model';
import { synthFleet } from '../../src/synth/synth';
import { cluster, reorder, smallFleet } from './fixtures';

const OPTIONS = { repoUrl: 'https://git.example.com/fleet.git' };

describe('synthFleet', () => {
  it('GIVEN a small fleet of three clusters WHEN synthesized THEN the tree matches the golden snapshot', () => {
    const tree = synthFleet(smallFleet(), OPTIONS);
    expect(Object.fromEntries(tree)).toMatchSnapshot();
  });

  it('GIVEN any fleet WHEN synthesized THEN paths are sorted, every file is one document with a trailing newline and no ---', () => {
    const tree = synthFleet(smallFleet(), OPTIONS);
    const paths = [...tree.keys()];
    expect(paths).toEqual([...paths].sort());
    for (const content of tree.values()) {
      expect(content.endsWith('\n')).toBe(true);
      expect(content).not.toMatch(/^---/m);
      expect(content).not.toMatch(/[&*][a-z0-9]+\s*$/m);
    }
  });

  it('GIVEN the same fleet with every list in another order WHEN synthesized THEN the tree is byte-identical', () => {
    const fleet = smallFleet();
    const shuffled: Fleet = {
      clusters: reorder(fleet.clusters),
      applications: reorder(fleet.applications).map((app) => ({
        ...app,
        values: Object.fromEntries(reorder(Object.entries(app.values))),
      })),
      operations: reorder(fleet.operations),
    };
    expect([...synthFleet(shuffled, OPTIONS)]).toEqual([...synthFleet(fleet, OPTIONS)]);
  });

  it('GIVEN an unusual time zone and a Turkish locale WHEN synthesized in a child process THEN the bytes are the same as here', () => {
    const script = [
      "const fs = require('node:fs'); const swc = require('@swc/core');",
      "require.extensions['.ts'] = (m, f) => m._compile(swc.transformSync(fs.readFileSync(f, 'utf8'), { filename: f, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }).code, f);",
      "const { synthFleet } = require('./src/synth/synth'); const { smallFleet } = require('./test/synth/fixtures');",
      'const zone = Intl.DateTimeFormat().resolvedOptions().timeZone; const locale = Intl.DateTimeFormat().resolvedOptions().locale;',
      `process.stdout.write(JSON.stringify({ zone, locale, tree: [...synthFleet(smallFleet(), ${JSON.stringify(OPTIONS)})] }));`,
    ].join('\n');
    const child = spawnSync(process.execPath, ['-e', script], {
      cwd: `${__dirname}/../..`,
      env: { PATH: process.env.PATH, TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' },
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    const output = JSON.parse(child.stdout) as { zone: string; locale: string; tree: [string, string][] };
    expect([output.zone, output.locale]).toEqual(['Pacific/Kiritimati', 'tr-TR']);
    expect(output.tree).toEqual([...synthFleet(smallFleet(), OPTIONS)]);
  });

  it('GIVEN a cluster with no applications or operations WHEN synthesized THEN it still gets a kustomization with an empty resource list', () => {
    const tree = synthFleet({ clusters: [cluster('empty', 'flux')], applications: [], operations: [] }, {});
    expect([...tree.keys()]).toEqual(['clusters/empty/namespaces/kustomization.yaml']);
    expect(parse(tree.get('clusters/empty/namespaces/kustomization.yaml') as string)).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      metadata: {
        labels: { 'app.vworkspace.io/managed-by': 'control-plane', 'app.vworkspace.io/cluster-id': 'empty' },
      },
      resources: [],
    });
  });

  it('GIVEN an argocd cluster and no repository URL WHEN synthesized THEN it fails with REPO_URL_REQUIRED, blaming the user and naming --repo and the config file', () => {
    const fleet = smallFleet();
    let error: unknown;
    try {
      synthFleet(fleet, {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GitopsSynthError);
    expect(error).toMatchObject({ code: 'REPO_URL_REQUIRED', source: 'user' });
    expect((error as Error).message).toContain('"edge-argo"');
    expect((error as Error).message).toContain('--repo <url>');
    expect((error as Error).message).toContain('`repo` in the config file');
  });

  it('GIVEN only flux clusters and no repository URL WHEN synthesized THEN no URL is needed', () => {
    const fleet = smallFleet();
    const fluxOnly: Fleet = {
      ...fleet,
      clusters: fleet.clusters.filter((c) => c.sync === 'flux'),
      applications: fleet.applications.filter((a) => a.cluster !== 'edge-argo'),
      operations: fleet.operations.filter((o) => o.cluster !== 'edge-argo'),
    };
    expect(synthFleet(fluxOnly, {}).size).toBeGreaterThan(0);
  });

  it('GIVEN a branch and a TTL WHEN synthesized THEN the Argo CD Application follows the branch and Operations carry the TTL', () => {
    const tree = synthFleet(smallFleet(), { ...OPTIONS, branch: 'fleet/prod', operationTtlSeconds: 3600 });
    expect(
      parse(tree.get('clusters/edge-argo/argocd-application.yaml') as string).spec.source.targetRevision,
    ).toBe('fleet/prod');
    expect(
      parse(tree.get('clusters/edge-argo/namespaces/team-c/operation-board-restart-1.yaml') as string).spec
        .ttlSecondsAfterFinished,
    ).toBe(3600);
  });

  it('GIVEN values with nulls and an RFC 3339 time with an offset WHEN synthesized THEN the nulls and the time are kept as given', () => {
    const fleet = smallFleet();
    const withNulls: Fleet = {
      ...fleet,
      applications: fleet.applications.map((a) =>
        a.name === 'files' && a.cluster === 'edge-flux'
          ? { ...a, values: { resources: null, list: [null, 1] } }
          : a,
      ),
    };
    const tree = synthFleet(withNulls, OPTIONS);
    expect(
      parse(tree.get('clusters/edge-flux/namespaces/team-a/applicationinstance-files.yaml') as string).spec
        .values,
    ).toEqual({ resources: null, list: [null, 1] });
    expect(
      parse(tree.get('clusters/edge-flux/namespaces/team-a/operation-files-backup-1.yaml') as string).spec
        .requestedAt,
    ).toBe('2026-05-28T10:00:00+02:00');
  });
});
