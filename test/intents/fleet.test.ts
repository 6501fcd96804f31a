import { createHash } from 'crypto';
import { canonicalJson } from '../../src/intents/canonical-json';
import { fleetDigest, fleetDigestInSlices } from '../../src/intents/fleet';
import { JsonValue } from '../../src/intents/model';
import { parseIntentDocuments } from '../../src/intents/parse';
import { validateIntents } from '../../src/intents/validate';
import { HEADER } from './intents-text';

/** One cluster and `count` applications, as a plain object (for JSON.stringify). */
function intents(count: number, values: (index: number) => object): object {
  return {
    apiVersion: 'gitops.vworkspace.io/v1alpha1',
    kind: 'Intents',
    clusters: [{ id: 'cluster-a' }],
    applications: Array.from({ length: count }, (_, index) => ({
      cluster: 'cluster-a',
      namespace: 'org-x',
      name: `app-${index}`,
      app: 'nextcloud',
      version: '1',
      chart: { repository: 'https://charts.example.org', name: 'nextcloud', version: '1' },
      values: values(index),
    })),
  };
}

function validate(
  files: Record<string, string>,
): ReturnType<typeof validateIntents> & { documents: ReturnType<typeof parseIntentDocuments>['documents'] } {
  const parsed = parseIntentDocuments(Object.entries(files).map(([file, text]) => ({ file, text })));
  return { ...validateIntents(parsed), documents: parsed.documents };
}

describe('buildFleet: values and parameters', () => {
  it('GIVEN a JSON file WHEN validated THEN the fleet keeps the parsed values as they are (no copy) and equals the same intents read from YAML', () => {
    // GIVEN
    const data = intents(2, (index) => ({
      replicas: index,
      env: [{ name: 'TZ', value: 'UTC' }],
      nothing: null,
    }));
    const json = validate({ 'a.json': JSON.stringify(data, null, 2) });
    // YAML 1.2 reads JSON text too, through the YAML path (which copies).
    const yaml = validate({ 'a.yaml': JSON.stringify(data, null, 2) });
    // THEN
    expect(json.problems).toEqual([]);
    expect(yaml.problems).toEqual([]);
    const parsedApps = (json.documents[0].data as { applications: { values: object }[] }).applications;
    expect(json.fleet?.applications[0].values).toBe(parsedApps[0].values);
    expect(JSON.parse(JSON.stringify(yaml.fleet).replace(/"a\.yaml"/g, '"a.json"'))).toEqual(json.fleet);
    expect(fleetDigest(yaml.fleet!)).toBe(fleetDigest(json.fleet!));
  });

  it('GIVEN YAML whose applications share values through an alias WHEN validated THEN each application gets its own deep copy', () => {
    // GIVEN
    const text = `${HEADER}clusters: [{ id: cluster-a }]
applications:
  - { cluster: cluster-a, namespace: org-x, name: one, app: a, version: "1", chart: { repository: "https://r.example.org", name: a, version: "1" }, values: &shared { image: { tag: "1.0" } } }
  - { cluster: cluster-a, namespace: org-x, name: two, app: a, version: "1", chart: { repository: "https://r.example.org", name: a, version: "1" }, values: *shared }
`;
    // WHEN
    const { fleet, problems, documents } = validate({ 'a.yaml': text });
    // THEN
    expect(problems).toEqual([]);
    expect(documents[0].sharesObjects).toBe(true);
    const [one, two] = fleet!.applications;
    expect(one.values).toEqual({ image: { tag: '1.0' } });
    expect(two.values).toEqual(one.values);
    expect(two.values).not.toBe(one.values);
    expect(two.values.image).not.toBe(one.values.image);
  });

  it('GIVEN YAML without aliases, and JSON WHEN parsed THEN neither is marked as sharing objects', () => {
    const { documents } = validate({
      'a.yaml': `${HEADER}clusters: [{ id: cluster-a }]\n`,
      'b.json': JSON.stringify(intents(1, () => ({}))),
    });
    expect(documents.map((doc) => doc.sharesObjects)).toEqual([false, false]);
  });
});

describe('fleetDigest', () => {
  it('GIVEN a fleet whose canonical JSON is far longer than one hashing chunk, with non-ASCII text WHEN digested THEN it is sha256 of canonicalJson of the fleet', () => {
    // GIVEN: about 400 KB of canonical JSON; astral characters test that chunks never split a surrogate pair.
    const { fleet } = validate({
      'a.json': JSON.stringify(
        intents(1500, (index) => ({ note: `ünïcødé ${'🚀'.repeat(index % 50)} ✓`, source: { keep: index } })),
      ),
    });
    const canonical = canonicalJson(
      {
        clusters: fleet!.clusters,
        applications: fleet!.applications,
        operations: fleet!.operations,
      } as unknown as JsonValue,
      true,
    );
    expect(canonical.length).toBeGreaterThan(200_000);
    // WHEN / THEN
    expect(fleetDigest(fleet!)).toBe(
      `sha256:${createHash('sha256').update(canonical, 'utf8').digest('hex')}`,
    );
    // The intents' source is left out; a `source` inside values is data and stays.
    expect(canonical).not.toContain('"a.json"');
    expect(canonical).toContain('"source":{"keep":0}');
  });

  it('GIVEN a fleet of 1,500 applications and two operations WHEN digested in slices THEN the digest is the one-go digest, and the event loop ran between slices', async () => {
    // GIVEN: operations too, so that all three lists are written.
    const data = intents(1500, (index) => ({ replicas: index })) as Record<string, unknown>;
    data.operations = ['backup', 'restart'].map((type, index) => ({
      cluster: 'cluster-a',
      namespace: 'org-x',
      name: `op-${index}`,
      type,
      target: 'app-0',
      requestedAt: '2026-12-01T00:00:00Z',
      requestedBy: 'ops@example.org',
    }));
    const { fleet, problems } = validate({ 'a.json': JSON.stringify(data) });
    expect(problems).toEqual([]);
    expect(fleet!.operations).toHaveLength(2);
    const canonical = canonicalJson({ ...fleet! } as unknown as JsonValue, true);
    let ranBetween = false;
    setImmediate(() => (ranBetween = true));
    // WHEN
    const sliced = await fleetDigestInSlices(fleet!);
    // THEN
    expect(sliced).toBe(fleetDigest(fleet!));
    expect(sliced).toBe(`sha256:${createHash('sha256').update(canonical, 'utf8').digest('hex')}`);
    expect(ranBetween).toBe(true);
  });
});
