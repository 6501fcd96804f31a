import { isChartRepositoryUrl, isCodeownersOwner, isRfc3339 } from '../../src/intents/names';
import { findNearest } from '../../src/intents/suggest';
import { formatPath } from '../../src/intents/paths';

describe('isRfc3339', () => {
  it.each([
    '2026-05-28T02:00:00Z',
    '2026-05-28T02:00:00.123456Z',
    '2026-05-28T04:00:00+02:00',
    '2026-05-27T21:30:00-04:30',
    '2024-02-29T00:00:00Z',
    '2026-05-28t02:00:00z',
    '2016-12-31T23:59:60Z',
  ])('GIVEN %s WHEN checked THEN it is RFC 3339', (value) => {
    expect(isRfc3339(value)).toBe(true);
  });

  it.each([
    '2026-05-28',
    '2026-02-30T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2026-05-28T02:00:00',
    '2026-05-28T02:00Z',
    '2026-05-28 02:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-05-28T02:00:00+0200',
    '2026-05-28T02:00:00.Z',
    ' 2026-05-28T02:00:00Z',
  ])('GIVEN %s WHEN checked THEN it is refused', (value) => {
    expect(isRfc3339(value)).toBe(false);
  });
});

describe('isCodeownersOwner', () => {
  it.each(['@alice', '@acme/prod-approvers', '@group/sub/team', '@first.last', 'ops@acme.example.org'])(
    'GIVEN %s WHEN checked THEN it is an owner',
    (owner) => {
      expect(isCodeownersOwner(owner)).toBe(true);
    },
  );
  it.each(['alice', 'acme/team', '@', '@acme/', '@-alice', '@@alice', 'a@b', 'a b@c.org', '@acme team'])(
    'GIVEN %s WHEN checked THEN it is refused',
    (owner) => {
      expect(isCodeownersOwner(owner)).toBe(false);
    },
  );
});

describe('isChartRepositoryUrl', () => {
  it('GIVEN http, https and oci URLs and look-alikes WHEN checked THEN only URLs with a host pass', () => {
    expect(
      ['http://c.example.org', 'https://c.example.org/stable', 'oci://ghcr.io/acme/charts'].map(
        isChartRepositoryUrl,
      ),
    ).toEqual([true, true, true]);
    expect(
      ['ftp://c.example.org', 'https://', 'c.example.org', 'https:// c.example.org', 'oci:///x'].map(
        isChartRepositoryUrl,
      ),
    ).toEqual([false, false, false, false, false]);
  });
});

describe('findNearest and formatPath', () => {
  it('GIVEN typos, prefixes and unrelated words WHEN matched THEN only plausible typos get a suggestion', () => {
    expect(findNearest('namespce', ['cluster', 'namespace', 'name'])).toBe('namespace');
    expect(findNearest('nmae', ['cluster', 'namespace', 'name'])).toBe('name');
    expect(findNearest('Namespace', ['namespace'])).toBe('namespace');
    expect(findNearest('repo', ['repository', 'name', 'version'])).toBe('repository');
    expect(findNearest('colour', ['id', 'sync', 'helmReleases', 'owners'])).toBeUndefined();
  });

  it('GIVEN keys with dots, spaces and indices WHEN formatted THEN the path stays unambiguous', () => {
    expect(formatPath(['applications', 2, 'values', 'ingress.host', 'a b', 'x-y'])).toBe(
      'applications[2].values["ingress.host"]["a b"].x-y',
    );
  });
});
