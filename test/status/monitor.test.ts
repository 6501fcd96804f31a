import { StatusMonitor } from '../../src/status/monitor';
import { PollResult } from '../../src/status/poll';

/** A poll that reports a growing first-parent history: each call sees one more commit. */
function countingPoll() {
  const calls: number[] = [];
  const poll = async (): Promise<PollResult> => {
    calls.push(calls.length);
    const firstParents = Array.from({ length: calls.length }, (_, i) => `sha${calls.length - i}`);
    return {
      history: {
        branch: 'main',
        tip: firstParents[0],
        clusters: [],
        changes: new Map(),
        firstParents,
        windowStart: '2026-05-31T00:00:00.000Z',
        changeLog: new Map(),
      },
      pullRequests: new Map(),
      clusters: [],
    };
  };
  return { calls, poll };
}

function monitor(poll: () => Promise<PollResult>): StatusMonitor {
  return new StatusMonitor({
    poll,
    commitStatuses: async () => [],
    selects: () => true,
    staleAfterSeconds: 60,
    now: () => new Date('2026-06-01T00:00:00Z'),
    log: () => undefined,
  });
}

describe('StatusMonitor refreshes', () => {
  it('GIVEN an idle monitor WHEN refreshes are asked one after another THEN each one polls again (none is dropped after the first)', async () => {
    const { calls, poll } = countingPoll();
    const m = monitor(poll);
    await m.start();
    for (let i = 0; i < 3; i++) {
      expect(m.accept({ kind: 'refresh', reason: 'push' })).toBe(true);
      await m.idle();
    }
    expect(calls).toHaveLength(4);
    expect(m.list()!.base.sha).toBe('sha4');
  });

  it('GIVEN a refresh waiting in the queue WHEN more are asked THEN they collapse into it', async () => {
    const { calls, poll } = countingPoll();
    const m = monitor(poll);
    await m.start();
    m.accept({ kind: 'poll-commit', sha: 'a'.repeat(40) }); // occupies the queue
    for (let i = 0; i < 5; i++) m.accept({ kind: 'refresh', reason: 'push' });
    await m.idle();
    expect(calls).toHaveLength(2);
  });

  it('GIVEN a controller event about a commit the last poll did not see WHEN it arrives THEN the monitor re-reads Git', async () => {
    const { calls, poll } = countingPoll();
    const m = monitor(poll);
    await m.start();
    const event = (sha: string) => ({
      cluster: 'a',
      sha,
      revision: `main@sha1:${sha}`,
      involvedObject: { kind: 'Kustomization', namespace: 'flux-system', name: 'gitops-synth-a' },
      severity: 'info' as const,
      reason: 'ReconciliationSucceeded',
      message: '',
      timestamp: '2026-06-01T00:00:00Z',
    });
    m.accept({ kind: 'controller-event', event: event('sha1') });
    await m.idle();
    expect(calls).toHaveLength(1);
    m.accept({ kind: 'controller-event', event: event('sha2') });
    await m.idle();
    expect(calls).toHaveLength(2);
  });
});

describe('StatusMonitor change notifications', () => {
  it('GIVEN a listener WHEN a refresh changes the derived list THEN it hears the new list once, and a check with nothing new says nothing', async () => {
    const { poll } = countingPoll();
    const m = monitor(poll);
    await m.start();
    const heard: string[] = [];
    m.onChange((list) => heard.push(list.base.sha));
    m.check();
    expect(heard).toEqual(['sha1']);
    m.accept({ kind: 'refresh', reason: 'push' });
    await m.idle();
    m.check();
    expect(heard).toEqual(['sha1', 'sha2']);
  });

  it('GIVEN a listener that throws WHEN the list changes THEN the others still hear it and the refresh completes', async () => {
    const { poll } = countingPoll();
    const m = monitor(poll);
    await m.start();
    const heard: string[] = [];
    m.onChange(() => {
      throw new Error('closed');
    });
    const stop = m.onChange((list) => heard.push(list.base.sha));
    m.accept({ kind: 'refresh', reason: 'push' });
    await m.idle();
    stop();
    m.accept({ kind: 'refresh', reason: 'push' });
    await m.idle();
    expect(heard).toEqual(['sha2']);
  });
});
