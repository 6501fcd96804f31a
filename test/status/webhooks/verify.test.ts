import { statusContext } from '../../../src/contract/sync-contract';
import { deliveryId, parseEvent } from '../../../src/status/webhooks/events';
import { DeliveryMemory } from '../../../src/status/webhooks/replay';
import { signBody, verifyDelivery } from '../../../src/status/webhooks/verify';

const SECRET = 's3cret';
const body = Buffer.from('{"ref":"refs/heads/main"}');
const SHA = 'a'.repeat(40);

describe('webhook verification', () => {
  it('GIVEN GitHub deliveries WHEN verified THEN only X-Hub-Signature-256 over the exact body with the secret passes', () => {
    expect(
      verifyDelivery('github', { 'x-hub-signature-256': `sha256=${signBody(body, SECRET)}` }, body, SECRET),
    ).toBeUndefined();
    expect(verifyDelivery('github', {}, body, SECRET)).toBe('unsigned');
    expect(verifyDelivery('github', { 'x-hub-signature-256': signBody(body, SECRET) }, body, SECRET)).toBe(
      'forged',
    );
    expect(
      verifyDelivery('github', { 'x-hub-signature-256': `sha256=${signBody(body, 'other')}` }, body, SECRET),
    ).toBe('forged');
    expect(
      verifyDelivery(
        'github',
        { 'x-hub-signature-256': `sha256=${signBody(body, SECRET)}` },
        Buffer.concat([body, Buffer.from(' ')]),
        SECRET,
      ),
    ).toBe('forged');
  });

  it("GIVEN Gitea deliveries WHEN verified THEN X-Gitea-Signature (bare hex) is checked, and GitHub's header is accepted too", () => {
    expect(
      verifyDelivery('gitea', { 'x-gitea-signature': signBody(body, SECRET) }, body, SECRET),
    ).toBeUndefined();
    expect(
      verifyDelivery('gitea', { 'x-hub-signature-256': `sha256=${signBody(body, SECRET)}` }, body, SECRET),
    ).toBeUndefined();
    expect(verifyDelivery('gitea', { 'x-gitea-signature': signBody(body, 'other') }, body, SECRET)).toBe(
      'forged',
    );
    expect(verifyDelivery('gitea', {}, body, SECRET)).toBe('unsigned');
  });

  it('GIVEN GitLab deliveries WHEN verified THEN X-Gitlab-Token must equal the secret', () => {
    expect(verifyDelivery('gitlab', { 'x-gitlab-token': SECRET }, body, SECRET)).toBeUndefined();
    expect(verifyDelivery('gitlab', { 'x-gitlab-token': 's3cre' }, body, SECRET)).toBe('forged');
    expect(verifyDelivery('gitlab', { 'x-gitlab-token': '' }, body, SECRET)).toBe('unsigned');
  });

  it("GIVEN each host's delivery headers WHEN the id is read THEN GitHub, Gitea and GitLab ids are found", () => {
    expect(deliveryId('github', { 'x-github-delivery': 'g1' })).toBe('g1');
    expect(deliveryId('gitea', { 'x-gitea-delivery': 't1' })).toBe('t1');
    expect(deliveryId('gitlab', { 'idempotency-key': 'k1', 'x-gitlab-event-uuid': 'u1' })).toBe('k1');
    expect(deliveryId('gitlab', { 'x-gitlab-event-uuid': 'u1' })).toBe('u1');
  });

  it('GIVEN a bounded memory WHEN more ids arrive than it holds THEN replays are caught and the oldest ids are forgotten', () => {
    const memory = new DeliveryMemory(2);
    expect([
      memory.remember('a'),
      memory.remember('a'),
      memory.remember('b'),
      memory.remember('c'),
      memory.remember('a'),
    ]).toEqual([true, false, true, true, true]);
  });
});

describe('webhook events', () => {
  it('GIVEN a GitHub status event WHEN parsed THEN it is a status for that commit, error kept for the report to fold', () => {
    const event = parseEvent(
      'github',
      { 'x-github-event': 'status' },
      {
        sha: SHA,
        context: statusContext('argocd', 'c1'),
        state: 'error',
        description: 'boom',
        target_url: null,
        created_at: '2026-01-01T00:00:00Z',
      },
      'main',
    );
    expect(event).toEqual({
      kind: 'status',
      sha: SHA,
      status: {
        context: statusContext('argocd', 'c1'),
        state: 'error',
        description: 'boom',
        targetUrl: '',
        createdAt: '2026-01-01T00:00:00Z',
      },
    });
  });

  it('GIVEN pushes WHEN parsed THEN the base branch and gitops/ branches refresh and other branches are ignored', () => {
    expect(parseEvent('gitea', { 'x-gitea-event': 'push' }, { ref: 'refs/heads/main' }, 'main').kind).toBe(
      'refresh',
    );
    expect(
      parseEvent('gitlab', { 'x-gitlab-event': 'Push Hook' }, { ref: 'refs/heads/gitops/c1' }, 'main').kind,
    ).toBe('refresh');
    expect(
      parseEvent('github', { 'x-github-event': 'push' }, { ref: 'refs/heads/feature' }, 'main').kind,
    ).toBe('ignored');
  });

  it("GIVEN a GitLab pipeline event WHEN parsed THEN its commit's statuses are polled", () => {
    expect(
      parseEvent(
        'gitlab',
        { 'x-gitlab-event': 'Pipeline Hook' },
        { object_attributes: { sha: SHA } },
        'main',
      ),
    ).toEqual({ kind: 'poll-commit', sha: SHA });
  });
});
