/** Status lists for the page's tests, built directly (the page is pure over a list). */
import {
  ClusterState,
  ClusterStatus,
  ClusterStatusList,
  DeliveryMetrics,
  STATUS_API_VERSION,
  STATUS_LIST_KIND,
} from '../../../src/status/model';

export const NOW = new Date('2026-06-01T00:00:00Z');
export const XSS = '<img src=x onerror=alert(1)>';

const NO_DELIVERY: DeliveryMetrics = {
  changes: 1,
  deployments: 1,
  deploymentsPerDay: 1,
  failedChanges: 0,
  changeFailureRate: 0,
  leadTimeSeconds: 600,
  restores: 0,
  timeToRestoreSeconds: null,
};

/** One cluster in `state`; a failed one carries `message` from its Flux controller. */
export function cluster(
  id: string,
  state: ClusterState,
  message = 'HelmRelease/org-a/app dry-run failed',
): ClusterStatus {
  const sha = 'a'.repeat(40);
  return {
    id,
    state,
    message: state,
    commit: {
      sha,
      mergeSha: sha,
      mergedAt: '2026-05-31T21:00:00.000Z',
      subject: `${id}: update`,
      intentsRevision: 'intents@r1',
      intentsDigest: null,
    },
    pullRequest:
      state === 'pending-review'
        ? {
            number: 7,
            url: 'https://github.example/acme/fleet/pull/7',
            branch: `gitops/${id}`,
            title: `${id}: update`,
          }
        : null,
    reports:
      state === 'failed'
        ? [
            {
              controller: 'flux',
              context: `gitops-synth/flux/${id}`,
              state: 'failure',
              description: 'health check failed',
              reason: 'health check failed',
              message,
              sources: { state: 'controller-event', reason: 'commit-status', message: 'controller-event' },
              targetUrl: '',
              reportedAt: '2026-05-31T23:00:00Z',
              commit: sha,
            },
          ]
        : [],
    delivery: NO_DELIVERY,
  };
}

/** A list of `clusters`, sorted by id as derive sorts them. */
export function statusList(clusters: ClusterStatus[]): ClusterStatusList {
  return {
    apiVersion: STATUS_API_VERSION,
    kind: STATUS_LIST_KIND,
    generatedAt: NOW.toISOString(),
    base: { branch: 'main', sha: 'b'.repeat(40) },
    staleAfterSeconds: 1800,
    clusters: [...clusters].sort((a, b) => (a.id < b.id ? -1 : 1)),
    delivery: { ...NO_DELIVERY, windowStart: '2026-05-30T00:00:00.000Z', windowSeconds: 172800 },
  };
}

const STATES: ClusterState[] = [
  'applied',
  'applied',
  'applied',
  'awaiting-sync',
  'failed',
  'pending-review',
  'stale',
  'applied',
];

/** `count` clusters in a realistic mix of states, the failed ones with long controller messages. */
export function largeFleet(count: number): ClusterStatusList {
  return statusList(
    Array.from({ length: count }, (_, i) =>
      cluster(
        `cluster-prod-${String(i).padStart(4, '0')}`,
        STATES[i % STATES.length],
        `HelmRelease/org-${i}/app upgrade failed: ${'x'.repeat(2000)}`,
      ),
    ),
  );
}
