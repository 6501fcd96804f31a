import { statusContext } from '../../src/contract/sync-contract';
import { formatSeconds, newestReports, reportableCommits } from '../../src/status/derive';
import { StatusStore } from '../../src/status/status-store';

const status = (
  context: string,
  state: 'success' | 'failure' | 'pending' | 'error',
  createdAt: string,
  description = '',
) => ({ context, state, description, targetUrl: '', createdAt });

describe('status rules', () => {
  it('GIVEN one commit and context WHEN statuses arrive in any order THEN the newest wins and other contexts stay', () => {
    const store = new StatusStore();
    expect(store.record('s', status('k/a', 'success', '2026-01-01T00:02:00Z'))).toBe(true);
    expect(store.record('s', status('k/a', 'failure', '2026-01-01T00:01:00Z'))).toBe(false);
    expect(store.record('s', status('k/b', 'failure', '2026-01-01T00:01:00Z'))).toBe(true);
    expect(store.record('s', status('k/a', 'success', '2026-01-01T00:02:00Z'))).toBe(false);
    expect(
      store
        .statusesOf('s')
        .map((s) => `${s.context}=${s.state}`)
        .sort(),
    ).toEqual(['k/a=success', 'k/b=failure']);
  });

  it('GIVEN a host listing, newest first, of a pending and a success posted in the same second WHEN recorded THEN the success, which the host lists first, wins', () => {
    const store = new StatusStore();
    store.recordListing('s', [
      status('k/a', 'success', '2026-01-01T00:00:00Z'),
      status('k/a', 'pending', '2026-01-01T00:00:00Z'),
    ]);
    expect(store.statusesOf('s').map((s) => s.state)).toEqual(['success']);
  });

  it('GIVEN a first-parent window WHEN the merge is in it or beyond it THEN the reportable commits run from the tip down to the merge', () => {
    expect(reportableCommits(['t', 'm', 'o'], 'm')).toEqual(['t', 'm']);
    expect(reportableCommits(['t', 'u'], 'm')).toEqual(['t', 'u', 'm']);
  });

  it('GIVEN reports on the merge and a later commit WHEN the newest reports are taken THEN the later commit wins per context', () => {
    const store = new StatusStore();
    store.record('merge', status(statusContext('flux', 'c'), 'success', '2026-01-01T00:00:00Z'));
    store.record('merge', status(statusContext('argocd', 'c'), 'success', '2026-01-01T00:00:00Z'));
    store.record('tip', status(statusContext('flux', 'c'), 'error', '2026-01-01T00:05:00Z', 'apply failed'));
    store.record('tip', status(statusContext('flux', 'other'), 'success', '2026-01-01T00:05:00Z'));
    expect(newestReports('c', ['tip', 'merge'], store).map((r) => [r.context, r.state, r.commit])).toEqual([
      [statusContext('argocd', 'c'), 'success', 'merge'],
      [statusContext('flux', 'c'), 'failure', 'tip'],
    ]);
  });

  it('GIVEN seconds WHEN formatted THEN they are written in the duration grammar', () => {
    expect(formatSeconds(3_900)).toBe('1h5m');
    expect(formatSeconds(0)).toBe('0s');
  });
});
