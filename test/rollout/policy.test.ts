import * as fs from 'fs';
import * as path from 'path';
import { parseConfig } from '../../src/config/config';
import { ValidationError } from '../../src/errors';
import { activeFreeze, waveIndexOf } from '../../src/rollout/policy';

/** The example, shared with the rollout story. */
const EXAMPLE = fs.readFileSync(path.resolve(__dirname, '../fixtures/config/three-waves.yaml'), 'utf8');

function problemsOf(text: string): string[] {
  try {
    parseConfig(text, '/srv/gitops-synth.yaml');
  } catch (error) {
    return (error as ValidationError).problems.map((p) => `${p.file}: ${p.path}: ${p.rule}`);
  }
  throw new Error('the config was accepted');
}

describe('rollout policy in the config file', () => {
  it("GIVEN the issue's example WHEN parsed THEN waves, soak in seconds, maxClusters, budget and the freeze window are read", () => {
    const policy = parseConfig(EXAMPLE, '/srv/gitops-synth.yaml').rollout!;
    expect(policy.waves).toEqual([
      { name: 'canary', clusters: ['cluster-lab-*'], soakSeconds: 1800, maxClusters: undefined },
      { name: 'prod', clusters: ['cluster-prod-*'], soakSeconds: 0, maxClusters: 25 },
      { name: 'rest', clusters: ['*'], soakSeconds: 0, maxClusters: undefined },
    ]);
    expect(policy.failureBudget).toBe(1);
    expect(policy.freeze).toEqual([
      {
        start: Date.parse('2026-12-24T00:00:00Z'),
        end: Date.parse('2026-12-27T00:00:00Z'),
        reason: 'holidays',
      },
    ]);
  });

  it('GIVEN the waves WHEN a cluster matches several THEN it belongs to the first; a cluster no wave matches is in none', () => {
    const policy = parseConfig(EXAMPLE, 'c.yaml').rollout!;
    expect(waveIndexOf(policy, 'cluster-lab-1')).toBe(0);
    expect(waveIndexOf(policy, 'cluster-prod-eu-1')).toBe(1);
    expect(waveIndexOf(policy, 'edge-7')).toBe(2);
    const narrow = parseConfig(
      'rollout:\n  waves:\n    - { name: canary, clusters: ["lab-?"] }\n',
      'c.yaml',
    ).rollout!;
    expect(waveIndexOf(narrow, 'lab-1')).toBe(0);
    expect(waveIndexOf(narrow, 'lab-12')).toBe(-1);
  });

  it('GIVEN a freeze window WHEN asked at its start, inside and at its end THEN the start counts and the end does not', () => {
    const policy = parseConfig(EXAMPLE, 'c.yaml').rollout!;
    expect(activeFreeze(policy, Date.parse('2026-12-24T00:00:00Z'))?.reason).toBe('holidays');
    expect(activeFreeze(policy, Date.parse('2026-12-25T12:00:00Z'))?.reason).toBe('holidays');
    expect(activeFreeze(policy, Date.parse('2026-12-27T00:00:00Z'))).toBeUndefined();
  });

  it('GIVEN no rollout section WHEN parsed THEN there is no policy (publish behaves as without one)', () => {
    expect(parseConfig('base: main\n', 'c.yaml').rollout).toBeUndefined();
  });

  it('GIVEN every kind of bad rollout value WHEN parsed THEN each is reported with the file, the field path and the rule', () => {
    const text = `rollout:
  waves:
    - name: Canary
      clusters: []
      soak: 30 minutes
      maxClusters: 0
      weight: 3
    - name: prod
      clusters: ["prod/*"]
    - name: prod
      clusters: ["*"]
  failureBudget: 0
  freeze:
    - { start: "2026-12-24", end: "2026-12-23T00:00:00Z", reason: "" }
    - { start: "2026-12-24T00:00:00Z", end: "2026-12-23T00:00:00Z", reason: "x" }
  pace: fast
`;
    expect(problemsOf(text).sort()).toEqual(
      [
        'rollout.failureBudget: range',
        'rollout.freeze[0].reason: required',
        'rollout.freeze[0].start: timestamp',
        'rollout.freeze[1].end: window-order',
        'rollout.pace: unknown-field',
        'rollout.waves[0].clusters: cluster-globs',
        'rollout.waves[0].maxClusters: range',
        'rollout.waves[0].name: wave-name',
        'rollout.waves[0].soak: duration',
        'rollout.waves[0].weight: unknown-field',
        'rollout.waves[1].clusters: cluster-globs',
        'rollout.waves[2].name: duplicate-wave',
      ].map((p) => `/srv/gitops-synth.yaml: ${p}`),
    );
  });

  it('GIVEN a rollout that is not a mapping, or has no waves WHEN parsed THEN it is refused', () => {
    expect(problemsOf('rollout: [canary]\n')).toEqual(['/srv/gitops-synth.yaml: rollout: type']);
    expect(problemsOf('rollout:\n  failureBudget: 2\n')).toEqual([
      '/srv/gitops-synth.yaml: rollout.waves: required',
    ]);
  });
});
