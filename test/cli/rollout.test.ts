/**
 * The rollout and pacing flags through the CLI against a bare repository and the
 * loopback forge: every bad value is refused before anything happens, a freeze
 * window holds pull requests back until `--override-freeze` (recorded in the trailer
 * and the body), and a run stopped by `--max-api-writes` exits 0 and is resumed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../support/cli';
import { git } from '../support/git-server';
import { createPublishFixture, PublishFixture, TestCluster } from '../publish/harness';

jest.setTimeout(120_000);

const CLUSTERS: TestCluster[] = [{ id: 'lab-1' }, { id: 'prod-1' }, { id: 'prod-2' }];
const WAVES = `rollout:
  waves:
    - { name: canary, clusters: ["lab-*"] }
    - { name: prod, clusters: ["prod-*"] }
`;
/** runCli's clock says 2026-06-01T00:00:00Z. */
const FREEZE = `  freeze:
    - { start: "2026-05-31T00:00:00Z", end: "2026-06-02T00:00:00Z", reason: "quarter close" }
`;

describe('gitops-synth publish and rollout: rollout and pacing flags', () => {
  let fixture: PublishFixture;
  beforeEach(async () => {
    fixture = await createPublishFixture({ clusters: CLUSTERS });
  });
  afterEach(() => fixture.close());

  const config = (text: string) => fs.writeFileSync(path.join(fixture.tmp, 'gitops-synth.yaml'), text);
  const rollout = (...extra: string[]) =>
    runCli(['rollout', '--intents', fixture.intents, ...fixture.hostFlags(), ...extra], {
      cwd: fixture.tmp,
      env: fixture.env,
    });

  it.each([
    [['--override-freeze', ' '], '--override-freeze: the reason must be one non-empty line'],
    [['--max-api-writes', '0'], "--max-api-writes: '0' is not a whole number of at least 1"],
    [
      ['--max-open-pull-requests', '2.5'],
      "--max-open-pull-requests: '2.5' is not a whole number of at least 1",
    ],
    [['--api-write-pause', '-1'], "--api-write-pause: '-1' is not a whole number of milliseconds"],
  ])(
    'GIVEN publish %j WHEN run THEN it is refused before anything is pushed or asked',
    async (flags, message) => {
      const run = await fixture.cli(
        flags[0] === '--api-write-pause' ? flags : [...flags, '--api-write-pause', '0'],
      );
      expect(run.stderr).toContain(message);
      expect(run.code).toBe(2);
      expect(fixture.forge.requests).toEqual([]);
      expect(git(['for-each-ref', 'refs/heads/gitops/'], { cwd: fixture.bare.dir })).toBe('');
    },
  );

  it('GIVEN a config file with a bad rollout WHEN publish runs THEN it fails naming the file, the field and the rule, before any side effect', async () => {
    config('rollout:\n  waves:\n    - { name: canary, clusters: ["lab-*"], soak: soon }\n');
    const run = await fixture.cli();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `gitops-synth.yaml: rollout.waves[0].soak: 'soon' is not a duration: use a whole number and a unit s, m, h or d, or several from largest to smallest: 90s, 15m, 1h30m, 7d [duration]`,
    );
    expect(fixture.forge.requests).toEqual([]);
  });

  it('GIVEN no rollout section WHEN rollout runs THEN it says how to add one', async () => {
    const run = await rollout();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the config file has no `rollout` section');
  });

  it('GIVEN a freeze window now WHEN published THEN no pull request opens and the output says why; WHEN overridden THEN the canary opens with the reason in the trailer and the body', async () => {
    config(WAVES + FREEZE);
    const frozen = await fixture.cli(['--api-write-pause', '0']);
    expect(frozen.code).toBe(0);
    expect(frozen.stdout).toContain('Nothing published this run: the selected clusters wait');
    expect(frozen.stdout).toContain(
      'rollout: wave canary waiting: freeze window "quarter close" until 2026-06-02T00:00:00.000Z',
    );
    expect(fixture.forge.state.pulls).toEqual([]);
    const shown = await rollout();
    expect(shown.stdout).toContain('Freeze: "quarter close" until 2026-06-02T00:00:00.000Z.');

    const run = await fixture.cli([
      '--api-write-pause',
      '0',
      '--override-freeze',
      'INC-42: certificate expiry',
    ]);
    expect(run.code).toBe(0);
    expect(fixture.forge.state.pulls.map((p) => p.branch)).toEqual(['gitops/lab-1']);
    expect(fixture.forge.state.pulls[0].body).toContain(
      '**Opened inside a freeze window** (`--override-freeze`): `INC-42: certificate expiry`',
    );
    expect(
      git(['log', '-1', '--format=%(trailers:key=Freeze-Override,valueonly)', 'refs/heads/gitops/lab-1'], {
        cwd: fixture.bare.dir,
      }).trim(),
    ).toBe('INC-42: certificate expiry');
  });

  it('GIVEN --max-api-writes 3 WHEN published THEN one pull request opens (two writes; the next needs up to three), the rest are reported deferred with exit 0; WHEN run again THEN the next resumes with no duplicate', async () => {
    const first = await fixture.cli(['--api-write-pause', '0', '--max-api-writes', '3']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      "Deferred to the next run (the run's API write budget is spent (--max-api-writes)): 2 pull request(s): gitops/prod-1, gitops/prod-2",
    );
    expect(fixture.forge.state.pulls.map((p) => p.branch)).toEqual(['gitops/lab-1']);
    const second = await fixture.cli(['--api-write-pause', '0', '--max-api-writes', '6']);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('Deferred');
    expect(fixture.forge.state.pulls.map((p) => p.branch)).toEqual([
      'gitops/lab-1',
      'gitops/prod-1',
      'gitops/prod-2',
    ]);
    expect(fixture.forge.validationFailures).toEqual([]);
  });

  it('GIVEN waves WHEN rollout --format json runs THEN the document lists each wave, what the next run does, and why prod waits', async () => {
    config(WAVES);
    const run = await rollout('--format', 'json');
    expect([run.code, run.stderr]).toEqual([0, '']);
    const document = JSON.parse(run.stdout);
    expect(document).toMatchObject({
      apiVersion: 'gitops.vworkspace.io/v1alpha1',
      kind: 'RolloutStatus',
      halted: false,
    });
    expect(document.next).toEqual([
      'wave canary: open 1 pull request',
      'wave prod: hold back 2 clusters: wave canary: 1 of 1 clusters not applied yet',
    ]);
    expect(fixture.forge.writes()).toEqual([]);
  });
});
