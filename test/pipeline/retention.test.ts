import * as path from 'path';
import { Fleet, OperationIntent } from '../../src/intents/model';
import { renderFleet } from '../../src/pipeline/render';
import { expiredOperationPaths, findRequestedAtMs, retainOperations } from '../../src/pipeline/retention';
import { checkDeletions } from '../../src/tree/guard';

const examples = path.resolve(__dirname, '../../examples/intents');
const HOUR = 3_600_000;

function operation(name: string, requestedAt: string): OperationIntent {
  return {
    cluster: 'c1',
    namespace: 'ns',
    name,
    type: 'backup',
    target: 'app',
    requestedAt,
    requestedBy: 'alice@example.org',
    parameters: {},
    source: { file: 'intents.yaml', path: `operations[${name}]` },
  };
}

function fleetOf(operations: OperationIntent[]): Fleet {
  return { clusters: [], applications: [], operations };
}

describe('findRequestedAtMs', () => {
  it('GIVEN RFC 3339 forms Date.parse handles badly WHEN read THEN each names the right instant', () => {
    const instant = Date.UTC(2026, 4, 28, 0, 0, 0);
    expect(findRequestedAtMs('2026-05-28T02:00:00+02:00')).toBe(instant);
    expect(findRequestedAtMs('2026-05-27T21:30:00-02:30')).toBe(instant);
    expect(findRequestedAtMs('2026-05-28t00:00:00z')).toBe(instant);
    expect(findRequestedAtMs('2026-05-28T00:00:00.250123456Z')).toBe(instant + 250);
    expect(findRequestedAtMs('yesterday')).toBeUndefined();
  });
});

describe('retainOperations', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const retention = { maxAgeMs: 72 * HOUR, now };

  it('GIVEN operations older, just inside, in the future and undatable WHEN retained for 72h THEN only the provably old one is dropped', () => {
    const old = operation('old', '2026-05-28T23:59:59Z');
    const edge = operation('edge', '2026-05-29T00:00:00Z');
    const future = operation('future', '2026-06-02T00:00:00Z');
    const undated = operation('undated', 'not a time');
    const result = retainOperations(fleetOf([old, edge, future, undated]), retention);
    expect(result.expired).toEqual([old]);
    expect(result.fleet.operations).toEqual([edge, future, undated]);
  });

  it('GIVEN no retention WHEN retained THEN the fleet is returned untouched', () => {
    const fleet = fleetOf([operation('old', '2000-01-01T00:00:00Z')]);
    expect(retainOperations(fleet, undefined)).toEqual({ fleet, expired: [] });
  });

  it('GIVEN expired operations WHEN their paths are listed THEN they are the files synth would have written', () => {
    expect(expiredOperationPaths([operation('b', 'x'), operation('a', 'x')])).toEqual([
      'clusters/c1/namespaces/ns/operation-a.yaml',
      'clusters/c1/namespaces/ns/operation-b.yaml',
    ]);
  });
});

describe("the deletion guard with retention's expected deletions", () => {
  const owned = ['k.yaml', 'ns.yaml', 'app.yaml', 'op-1.yaml', 'op-2.yaml', 'op-3.yaml'].map(
    (f) => `clusters/c1/namespaces/${f}`,
  );
  const keep = owned.slice(0, 3);
  const wanted = new Map(keep.map((p) => [p, 'x']));
  const retired = new Set(owned.slice(3));

  it('GIVEN half the owned files are operations that aged out WHEN guarded THEN it passes, where the plain guard refuses', () => {
    expect(() =>
      checkDeletions({ owned, deletes: owned.slice(3), wanted, allowDeletions: false, maxShare: 0.4 }),
    ).toThrow(expect.objectContaining({ code: 'DELETION_GUARD' }));
    expect(() =>
      checkDeletions({
        owned,
        deletes: owned.slice(3),
        wanted,
        allowDeletions: false,
        maxShare: 0.4,
        expected: retired,
      }),
    ).not.toThrow();
  });

  it('GIVEN retention plus an application that vanished from the intents WHEN guarded THEN the vanished one still counts and trips the guard', () => {
    const fewer = new Map([
      [keep[0], 'x'],
      [keep[1], 'x'],
    ]);
    expect(() =>
      checkDeletions({
        owned,
        deletes: owned.slice(2),
        wanted: fewer,
        allowDeletions: false,
        maxShare: 0.3,
        expected: retired,
      }),
    ).toThrow(expect.objectContaining({ code: 'DELETION_GUARD' }));
    expect(() =>
      checkDeletions({
        owned,
        deletes: owned.slice(2),
        wanted: fewer,
        allowDeletions: false,
        maxShare: 0.4,
        expected: retired,
      }),
    ).not.toThrow();
  });
});

describe('renderFleet with operation retention', () => {
  it('GIVEN the example fleet WHEN rendered with 72h retention on 2026-06-01 THEN only the backup of 2026-05-28 leaves the tree and its kustomization', async () => {
    const selection = {};
    const full = await renderFleet({
      intents: examples,
      repoUrl: 'https://git.example.org/acme/fleet.git',
      branch: 'main',
      selection,
    });
    const kept = await renderFleet({
      intents: examples,
      repoUrl: 'https://git.example.org/acme/fleet.git',
      branch: 'main',
      selection,
      operationRetention: { maxAgeMs: 72 * HOUR, now: new Date('2026-06-01T00:00:00Z') },
    });
    const gone =
      'clusters/cluster-prod-1/namespaces/org-myteam/operation-nextcloud-myteam-backup-2026-05-28.yaml';
    expect(full.expiredOperations).toEqual([]);
    expect(full.tree.has(gone)).toBe(true);
    expect(kept.expiredOperations).toEqual([gone]);
    expect(kept.tree.has(gone)).toBe(false);
    expect(kept.tree.get('clusters/cluster-prod-1/namespaces/kustomization.yaml')).not.toContain(
      'operation-nextcloud-myteam-backup-2026-05-28.yaml',
    );
    expect(
      kept.tree.has(
        'clusters/cluster-prod-1/namespaces/org-finance/operation-odoo-finance-upgrade-17-0.yaml',
      ),
    ).toBe(true);
    expect([...full.tree.keys()].filter((p) => !kept.tree.has(p))).toEqual([gone]);
  });
});
