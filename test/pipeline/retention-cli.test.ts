import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { runCli } from '../support/cli';

/** Intents with one application and the given operations (name → requestedAt) on cluster c1. */
function intentsYaml(operations: Record<string, string>): string {
  const ops = Object.entries(operations).map(([name, requestedAt]) =>
    [
      `  - cluster: c1`,
      `    namespace: team`,
      `    name: ${name}`,
      `    type: backup`,
      `    target: wiki`,
      `    requestedAt: "${requestedAt}"`,
      `    requestedBy: alice@example.org`,
      `    parameters: {}`,
    ].join('\n'),
  );
  return [
    'apiVersion: gitops.vworkspace.io/v1alpha1',
    'kind: Intents',
    'clusters:',
    '  - id: c1',
    '    sync: flux',
    'applications:',
    '  - cluster: c1',
    '    namespace: team',
    '    name: wiki',
    '    app: wikijs',
    '    version: "2.5.303"',
    '    chart: { repository: "https://charts.example.org/community", name: wiki, version: "2.2.21" }',
    '    values: {}',
    `operations:${ops.length === 0 ? ' []' : `\n${ops.join('\n')}`}`,
    '',
  ].join('\n');
}

const OLD = {
  'backup-1': '2026-05-20T00:00:00Z',
  'backup-2': '2026-05-21T00:00:00Z',
  'backup-3': '2026-05-22T00:00:00Z',
  'backup-4': '2026-05-23T00:00:00Z',
  'backup-5': '2026-05-24T00:00:00Z',
};
const dir = 'clusters/c1/namespaces/team';

describe('the life of an Operation in the tree', () => {
  let tmp: string;
  let intents: string;
  const cli = (...args: string[]) => runCli([...args, '--intents', intents, '--root', tmp], { cwd: tmp });

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-retention-'));
    intents = path.join(tmp, 'intents.yaml');
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('GIVEN five operations older than the retention, more than half the owned files, WHEN synth runs with --operation-retention 72h THEN they leave the tree without tripping the deletion guard', async () => {
    fs.writeFileSync(intents, intentsYaml({ ...OLD, 'backup-new': '2026-05-31T12:00:00Z' }));
    expect((await cli('synth')).code).toBe(0);
    expect(fs.readdirSync(path.join(tmp, dir)).filter((f) => f.startsWith('operation-'))).toHaveLength(6);

    const run = await cli('synth', '--operation-retention', '72h');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(fs.readdirSync(path.join(tmp, dir)).sort()).toEqual([
      'applicationinstance-wiki.yaml',
      'namespace.yaml',
      'operation-backup-new.yaml',
    ]);
    expect(
      fs.readFileSync(path.join(tmp, 'clusters/c1/namespaces/kustomization.yaml'), 'utf8'),
    ).not.toContain('backup-1');

    // check and synth agree only when given the same retention: the clock is the CLI's.
    expect((await cli('check', '--operation-retention', '72h')).code).toBe(0);
    expect((await cli('check')).code).toBe(1);
  });

  it('GIVEN a retention AND an application gone from the intents WHEN synth runs THEN the guard still refuses the genuine deletions', async () => {
    fs.writeFileSync(intents, intentsYaml({ ...OLD }));
    expect((await cli('synth')).code).toBe(0);
    // The export lost its application (and with it the operations' target): only the namespace's objects vanish.
    fs.writeFileSync(
      intents,
      intentsYaml({}).replace(/applications:[\s\S]*?operations: \[\]/, 'applications: []\noperations: []'),
    );
    const run = await cli('synth', '--operation-retention', '72h', '--max-deletion-share', '0.1');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[DELETION_GUARD]');
    expect(fs.existsSync(path.join(tmp, dir, 'operation-backup-1.yaml'))).toBe(true);
  });

  it('GIVEN a malformed retention WHEN synth runs THEN it stops with exit 2, quoting the flag, and writes nothing', async () => {
    fs.writeFileSync(intents, intentsYaml(OLD));
    const run = await cli('synth', '--operation-retention', '3w');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--operation-retention: '3w' is not a duration");
    expect(fs.existsSync(path.join(tmp, 'clusters'))).toBe(false);
  });

  it('GIVEN a retention of hours and minutes, as status --stale-after takes it, WHEN synth runs THEN it is accepted and every older Operation is left out', async () => {
    fs.writeFileSync(intents, intentsYaml({ ...OLD, 'backup-new': '2026-05-31T12:00:00Z' }));
    const run = await cli('synth', '--operation-retention', '1h30m');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(fs.readdirSync(path.join(tmp, dir)).filter((f) => f.startsWith('operation-'))).toEqual([]);
  });

  it('GIVEN an operation in the tree WHEN the intents drop it THEN its file goes, while the object Flux and Argo CD applied carries the never-prune marks and a TTL', async () => {
    fs.writeFileSync(intents, intentsYaml({ 'backup-1': '2026-05-31T00:00:00Z' }));
    expect((await cli('synth')).code).toBe(0);
    const file = path.join(tmp, dir, 'operation-backup-1.yaml');
    const written = parse(fs.readFileSync(file, 'utf8'));
    const marks = {
      'kustomize.toolkit.fluxcd.io/prune': 'disabled',
      'argocd.argoproj.io/sync-options': 'Prune=false',
    };
    expect(written.metadata.annotations).toEqual(expect.objectContaining(marks));
    expect(written.spec.ttlSecondsAfterFinished).toBe(604800);

    // What Flux's kustomize-controller builds from the path still carries the marks.
    const built = execFileSync('kubectl', ['kustomize', path.join(tmp, 'clusters/c1/namespaces')], {
      encoding: 'utf8',
    });
    const operation = built
      .split(/^---$/m)
      .map((doc) => parse(doc))
      .find((doc) => doc?.kind === 'Operation');
    expect(operation.metadata.annotations).toEqual(expect.objectContaining(marks));

    fs.writeFileSync(intents, intentsYaml({}));
    const run = await cli('synth');
    expect(run.code).toBe(0);
    expect(fs.existsSync(file)).toBe(false);
    expect(
      fs.readFileSync(path.join(tmp, 'clusters/c1/namespaces/kustomization.yaml'), 'utf8'),
    ).not.toContain('operation-backup-1');
  });
});
