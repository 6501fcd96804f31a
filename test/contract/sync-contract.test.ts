import { run } from '@bufbuild/cel';
import {
  argoCdSubscriptionAnnotations,
  CLUSTER_ID_KEY,
  FLUX_COMMIT_STATUS_EXPR,
  fluxEventsUrl,
  fluxNames,
  parseStatusContext,
  statusContext,
} from '../../src/contract/sync-contract';

describe('the sync contract', () => {
  it.each(['flux', 'argocd'] as const)(
    'GIVEN a %s context built for a cluster WHEN parsed THEN the same cluster and controller come back',
    (controller) => {
      for (const id of ['a', 'cluster-prod-1', `c${'x'.repeat(61)}9`]) {
        expect(parseStatusContext(statusContext(controller, id))).toEqual({ cluster: id, controller });
      }
    },
  );

  it.each([
    'kustomization/cluster-a/1a2b3c4d',
    'continuous-delivery/cluster-a',
    'gitops-synth/flux/',
    'gitops-synth/flux/Cluster-A',
    'gitops-synth/helm/cluster-a',
    'gitops-synth/flux/cluster-a/extra',
    'gitops-synth/flux/-a',
    `gitops-synth/flux/${'a'.repeat(64)}`,
    'ci/build',
    ' gitops-synth/flux/a',
  ])('GIVEN the context %p WHEN parsed THEN it is no sync report of ours', (context) => {
    expect(parseStatusContext(context)).toBeUndefined();
  });

  it("GIVEN the Flux commit-status expression WHEN a real CEL evaluator runs it over an event carrying the Alert's metadata THEN it is the context status parses", () => {
    for (const id of ['cluster-prod-1', 'cluster-edge-1']) {
      const event = new Map([
        [
          'metadata',
          new Map([
            [CLUSTER_ID_KEY, id],
            ['revision', 'main@sha1:abc'],
          ]),
        ],
      ]);
      const context = run(FLUX_COMMIT_STATUS_EXPR, {
        event,
        alert: new Map(),
        provider: new Map(),
      }) as string;
      expect(parseStatusContext(context)).toEqual({ cluster: id, controller: 'flux' });
    }
  });

  it('GIVEN an event without the cluster id WHEN the expression runs THEN it fails, so nothing is posted under a wrong name', () => {
    // @bufbuild/cel returns an error value rather than throwing; notification-controller drops the notification on any error.
    const result = run(FLUX_COMMIT_STATUS_EXPR, {
      event: new Map([['metadata', new Map()]]),
      alert: new Map(),
      provider: new Map(),
    });
    expect(typeof result).not.toBe('string');
    expect((result as Error).message).toContain('app.vworkspace.io/cluster-id');
  });

  it('GIVEN two clusters WHEN named THEN every per-cluster object differs and the shared Providers do not', () => {
    const [a, b] = [fluxNames('a'), fluxNames('b')];
    expect(a.kustomization).not.toBe(b.kustomization);
    expect(a.commitStatusAlert).not.toBe(b.commitStatusAlert);
    expect(a.commitStatusProvider).toBe(b.commitStatusProvider);
    expect(fluxEventsUrl('https://status.example.org/')).toBe('https://status.example.org/flux/events');
  });

  it('GIVEN the Argo CD subscriptions WHEN split as notifications-engine splits them THEN each names one trigger and the service', () => {
    for (const key of Object.keys(argoCdSubscriptionAnnotations())) {
      expect(key.replace('notifications.argoproj.io/subscribe.', '').split('.')).toHaveLength(2);
    }
  });
});
