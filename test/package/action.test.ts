/**
 * The composite action (`action.yml`) in a repository that holds only intents: its
 * script runs as the runner would run it (bash, inputs as environment variables), with
 * the action's directory being this checkout, against a bare GitOps repository.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { createBareRepository, createTestHome, testGitEnv } from '../support/git-server';

const ROOT = path.resolve(__dirname, '../..');

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly env?: Record<string, string>;
}

const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
  runs: { using: string; steps: Step[] };
  inputs: Record<string, { default?: string }>;
};
const cliStep = action.runs.steps.find((step) => step.name?.startsWith('gitops-synth'))!;

describe('the composite GitHub Action', () => {
  let tmp: string;
  let bareUrl: string;
  let env: Record<string, string>;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-action-'));
    fs.cpSync(path.join(ROOT, 'examples/intents'), path.join(tmp, 'workspace/intents'), { recursive: true });
    bareUrl = createBareRepository({ root: tmp, name: 'fleet.git' }).url;
    env = {
      ...testGitEnv(createTestHome(tmp)),
      XDG_CACHE_HOME: path.join(tmp, 'cache'),
      GITHUB_ACTION_PATH: ROOT,
    };
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** Runs the step's script with the inputs given, the rest at their defaults. */
  function runStep(inputs: Record<string, string>) {
    const values = Object.fromEntries(
      Object.entries(action.inputs).map(([name, input]) => [name, inputs[name] ?? input.default ?? '']),
    );
    const stepEnv = Object.fromEntries(
      Object.entries(cliStep.env ?? {}).map(([key, expression]) => {
        const input = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(expression);
        return [key, input ? values[input[1]] : ''];
      }),
    );
    return spawnSync('bash', ['-c', cliStep.run!], {
      cwd: path.join(tmp, 'workspace'),
      env: { ...env, ...stepEnv },
      encoding: 'utf8',
      timeout: 60_000,
    });
  }

  it("GIVEN the action WHEN read THEN it is composite and installs the action's own version before running", () => {
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.map((step) => step.uses ?? step.run?.split(' ')[0])).toEqual([
      'actions/setup-node@v4',
      'npm',
      'set',
    ]);
  });

  it('GIVEN command check in a repository of intents WHEN the step runs THEN it validates them and prints what publish would do, with no token', () => {
    const run = runStep({ command: 'check', repo: bareUrl });

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Intents are valid: 3 clusters');
    expect(run.stdout).toContain('=== gitops/cluster-prod-1 (dry run: nothing pushed, no API called) ===');
  });

  it('GIVEN command publish and an empty shard WHEN the step runs THEN it succeeds at once', () => {
    const run = runStep({ command: 'publish', repo: bareUrl, shard: '1/4' });

    expect(run.status).toBe(0);
    expect(run.stdout).toContain('shard 1/4 selects no cluster');
  });

  it("GIVEN an unknown command WHEN the step runs THEN it fails in the tool's own format", () => {
    const run = runStep({ command: 'deploy', repo: bareUrl });

    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      "gitops-synth: error [INVALID_INPUT]: command: 'deploy' is not check or publish",
    );
  });
});
