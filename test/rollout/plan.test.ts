import { parseConfig } from '../../src/config/config';
import { planRollout, PlanInputs, heldBack } from '../../src/rollout/plan';
import { RolloutPolicy } from '../../src/rollout/policy';
import { ClusterState, ClusterStatus } from '../../src/status/model';

const NOW = new Date('2026-12-01T12:00:00Z');
const REV = 'rev-2';

function policy(extra = ''): RolloutPolicy {
  return parseConfig(
    `rollout:
  waves:
    - { name: canary, clusters: ["lab-*"], soak: 30m }
    - { name: prod, clusters: ["prod-*"], maxClusters: 2 }
    - { name: rest, clusters: ["edge-*"] }
${extra}`,
    'c.yaml',
  ).rollout!;
}

/** A cluster's status as `status` derives it: merged at `revision`, in `state`, reported `minutesAgo`. */
function merged(id: string, state: ClusterState, revision: string, minutesAgo = 60): ClusterStatus {
  const at = new Date(NOW.getTime() - minutesAgo * 60_000).toISOString();
  return {
    id,
    state,
    message: '',
    commit: {
      sha: `c-${id}`,
      mergeSha: `m-${id}`,
      mergedAt: at,
      subject: 's',
      intentsRevision: revision,
      intentsDigest: 'sha256:x',
    },
    pullRequest: null,
    reports:
      state === 'applied' || state === 'failed'
        ? [
            {
              controller: 'flux',
              context: `gitops-synth/flux/${id}`,
              state: state === 'applied' ? 'success' : 'failure',
              description: '',
              reason: '',
              message: null,
              sources: { state: 'commit-status', reason: 'commit-status', message: null },
              targetUrl: '',
              reportedAt: at,
              commit: `m-${id}`,
            },
          ]
        : [],
    delivery: {} as ClusterStatus['delivery'],
  };
}

function open(id: string, number: number): ClusterStatus {
  return {
    ...merged(id, 'pending-review', 'rev-1'),
    pullRequest: { number, url: '', branch: `gitops/${id}`, title: '' },
  };
}

const CLUSTERS = ['lab-1', 'prod-1', 'prod-2', 'prod-3', 'edge-1', 'other-1'];

function inputs(statuses: ClusterStatus[], overrides: Partial<PlanInputs> = {}): PlanInputs {
  const byId = new Map(statuses.map((s) => [s.id, s]));
  return {
    policy: policy(),
    clusters: CLUSTERS,
    statuses: byId,
    // Every cluster whose base does not hold rev-2 yet (and that has no open pull request) is changed by the intents.
    changing: new Set(CLUSTERS.filter((id) => byId.get(id)?.commit?.intentsRevision !== REV)),
    target: { trailer: 'Intents-Revision', value: REV },
    now: NOW,
    openPullRequests: statuses.filter((s) => s.pullRequest !== null).length,
    ...overrides,
  };
}

const actions = (plan: ReturnType<typeof planRollout>) =>
  Object.fromEntries(plan.waves.flatMap((w) => w.clusters.map((c) => [c.id, c.action])));

describe('planRollout', () => {
  it('GIVEN a new revision nobody has WHEN planned THEN only the canary opens; later waves wait for it; unmatched clusters are ungated', () => {
    const plan = planRollout(inputs([]));
    expect(actions(plan)).toEqual({
      'lab-1': 'open',
      'prod-1': 'wait',
      'prod-2': 'wait',
      'prod-3': 'wait',
      'edge-1': 'wait',
    });
    expect(plan.ungated).toEqual(['other-1']);
    expect(plan.waves.map((w) => [w.name, w.status, w.wait?.kind])).toEqual([
      ['canary', 'in-progress', undefined],
      ['prod', 'waiting', 'earlier-wave'],
      ['rest', 'waiting', 'earlier-wave'],
    ]);
    expect([...heldBack(plan).keys()]).toEqual(['prod-1', 'prod-2', 'prod-3', 'edge-1']);
  });

  it('GIVEN the canary applied 10 minutes ago WHEN planned THEN prod waits for the soak with the time left', () => {
    const plan = planRollout(inputs([merged('lab-1', 'applied', REV, 10)]));
    expect(plan.waves[0].status).toBe('in-progress');
    expect(plan.waves[1].wait).toEqual({
      kind: 'soak',
      message: 'wave canary is soaking: 20m left',
      secondsLeft: 1200,
    });
    expect(actions(plan)['prod-1']).toBe('wait');
  });

  it('GIVEN the canary applied and soaked WHEN planned THEN prod opens at most maxClusters; rest waits for prod', () => {
    const plan = planRollout(inputs([merged('lab-1', 'applied', REV, 31)]));
    expect(plan.waves.map((w) => w.status)).toEqual(['done', 'in-progress', 'waiting']);
    expect(actions(plan)).toMatchObject({ 'prod-1': 'open', 'prod-2': 'open', 'prod-3': 'wait' });
    expect(plan.waves[1].clusters[2].wait?.kind).toBe('max-clusters');
  });

  it('GIVEN two prod clusters in flight WHEN planned THEN the third waits; their open pull requests are kept current', () => {
    const plan = planRollout(
      inputs([
        merged('lab-1', 'applied', REV, 31),
        open('prod-1', 7),
        merged('prod-2', 'awaiting-sync', REV),
      ]),
    );
    expect(actions(plan)).toMatchObject({ 'prod-1': 'update', 'prod-2': 'none', 'prod-3': 'wait' });
  });

  it('GIVEN a failed prod cluster WHEN the budget of 1 is spent THEN the rollout halts: nothing opens, open pull requests wait with the failure', () => {
    const plan = planRollout(
      inputs([merged('lab-1', 'applied', REV, 31), merged('prod-1', 'failed', REV), open('prod-2', 8)]),
    );
    expect(plan.halted).toBe(true);
    expect(plan.failures).toBe(1);
    expect(actions(plan)).toMatchObject({ 'prod-2': 'wait', 'prod-3': 'wait', 'edge-1': 'wait' });
    expect(plan.waves[1].status).toBe('halted');
    expect(plan.waves[1].wait?.kind).toBe('failure');
    expect(plan.waves[1].clusters[0]).toMatchObject({ state: 'failed', commit: 'm-prod-1' });
  });

  it('GIVEN a budget of 2 and one failure WHEN planned THEN the rollout goes on in its wave but the next wave waits for it', () => {
    const plan = planRollout(
      inputs([merged('lab-1', 'applied', REV, 31), merged('prod-1', 'failed', REV)], {
        policy: policy('  failureBudget: 2\n'),
      }),
    );
    expect(plan.halted).toBe(false);
    expect(actions(plan)).toMatchObject({ 'prod-2': 'open', 'prod-3': 'wait', 'edge-1': 'wait' });
  });

  it('GIVEN a failure of an older revision WHEN planned THEN it does not count against this rollout', () => {
    const plan = planRollout(inputs([merged('lab-1', 'failed', 'rev-1')]));
    expect(plan.failures).toBe(0);
    expect(actions(plan)['lab-1']).toBe('open');
  });

  it('GIVEN a freeze window now WHEN planned THEN nothing opens (reason freeze); WHEN overridden THEN the canary opens and the reason is kept', () => {
    const frozen = policy(
      '  freeze:\n    - { start: "2026-12-01T00:00:00Z", end: "2026-12-02T00:00:00Z", reason: "change freeze" }\n',
    );
    const plan = planRollout(
      inputs([open('lab-1', 3)], {
        policy: frozen,
        clusters: ['lab-1', 'lab-2'],
        changing: new Set(['lab-2']),
      }),
    );
    expect(actions(plan)).toEqual({ 'lab-1': 'update', 'lab-2': 'wait' });
    expect(plan.waves[0].wait).toEqual({
      kind: 'freeze',
      message: 'freeze window "change freeze" until 2026-12-02T00:00:00.000Z',
    });
    const overridden = planRollout(inputs([], { policy: frozen, overrideFreeze: 'INC-1: hotfix' }));
    expect(actions(overridden)['lab-1']).toBe('open');
    expect(overridden.freezeOverride).toBe('INC-1: hotfix');
  });

  it('GIVEN the pull-request cap is reached WHEN planned THEN the canary waits with the cap as reason', () => {
    const plan = planRollout(inputs([], { openPullRequests: 5, maxOpenPullRequests: 5 }));
    expect(plan.waves[0].clusters[0]).toMatchObject({ action: 'wait', wait: { kind: 'pull-request-cap' } });
  });

  it('GIVEN an earlier-wave cluster the change does not touch WHEN planned THEN it does not hold the next wave', () => {
    const plan = planRollout(
      inputs([merged('lab-1', 'applied', 'rev-1', 600)], { changing: new Set(['prod-1', 'edge-1']) }),
    );
    expect(plan.waves[0]).toMatchObject({ status: 'done' });
    expect(plan.waves[0].clusters[0].state).toBe('unchanged');
    expect(actions(plan)).toMatchObject({ 'prod-1': 'open', 'edge-1': 'wait' });
  });
});
