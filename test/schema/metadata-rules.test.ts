import { checkMetadata, qualifiedNameError } from '../../src/schema/metadata-rules';
import { loadCrdRegistry, type CrdRegistry } from '../../src/schema/registry';
import { validateManifest } from '../../src/schema/validate-manifest';
import { NAMESPACE, OPERATION, edited, readFixture } from './manifests';

const SUBDOMAIN =
  "must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', each part starting and ending with a letter or digit (pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)";
const LABEL =
  "must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit (pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$)";
const CUSTOM = { nameSyntax: 'dns-1123-subdomain', namespaced: true } as const;

describe('checkMetadata', () => {
  it('GIVEN a valid name, namespace, labels and annotations WHEN checked THEN there is no finding', () => {
    const metadata = {
      name: 'grafana.v2',
      namespace: 'team-a',
      labels: { 'app.kubernetes.io/name': 'grafana', empty: '' },
      annotations: { 'example.com/note': 'any text: at all' },
    };
    expect(checkMetadata(metadata, CUSTOM)).toEqual([]);
  });

  it('GIVEN no name WHEN checked THEN metadata.name is required', () => {
    expect(checkMetadata({ namespace: 'team-a' }, CUSTOM)).toEqual([
      { path: 'metadata.name', rule: 'required', message: 'metadata.name is required' },
    ]);
  });

  it('GIVEN an upper-case name WHEN checked THEN dns-1123-subdomain', () => {
    expect(checkMetadata({ name: 'Grafana' }, CUSTOM)).toEqual([
      { path: 'metadata.name', rule: 'dns-1123-subdomain', message: `metadata.name "Grafana" ${SUBDOMAIN}` },
    ]);
  });

  it('GIVEN a 254-character name WHEN checked THEN dns-1123-subdomain names the length', () => {
    const name = 'a'.repeat(254);
    expect(checkMetadata({ name }, CUSTOM)).toEqual([
      {
        path: 'metadata.name',
        rule: 'dns-1123-subdomain',
        message: `metadata.name "${name}" must be at most 253 characters (it has 254)`,
      },
    ]);
  });

  it('GIVEN a namespace with a dot WHEN checked THEN dns-1123-label', () => {
    expect(checkMetadata({ name: 'x', namespace: 'team.a' }, CUSTOM)).toEqual([
      { path: 'metadata.namespace', rule: 'dns-1123-label', message: `metadata.namespace "team.a" ${LABEL}` },
    ]);
  });

  it('GIVEN a label key with two slashes WHEN checked THEN label-key', () => {
    expect(checkMetadata({ name: 'x', labels: { 'a/b/c': 'v' } }, CUSTOM)).toEqual([
      {
        path: 'metadata.labels["a/b/c"]',
        rule: 'label-key',
        message:
          'label key "a/b/c" must be a name with at most one \'/\' (an optional DNS subdomain prefix, then the name)',
      },
    ]);
  });

  it('GIVEN a label key with an upper-case prefix WHEN checked THEN label-key', () => {
    expect(checkMetadata({ name: 'x', labels: { 'Example.com/team': 'a' } }, CUSTOM)).toEqual([
      {
        path: 'metadata.labels["Example.com/team"]',
        rule: 'label-key',
        message: `label key "Example.com/team" has a prefix that ${SUBDOMAIN}`,
      },
    ]);
  });

  it('GIVEN a 64-character label value and a label value with a space WHEN checked THEN label-value for each', () => {
    const long = 'v'.repeat(64);
    expect(checkMetadata({ name: 'x', labels: { long, spaced: 'a b' } }, CUSTOM)).toEqual([
      {
        path: 'metadata.labels.long',
        rule: 'label-value',
        message: `label value "${long}" must be at most 63 characters (it has 64)`,
      },
      {
        path: 'metadata.labels.spaced',
        rule: 'label-value',
        message:
          "label value \"a b\" must be empty or letters, digits, '-', '_' and '.', starting and ending with a letter or digit (pattern ^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$)",
      },
    ]);
  });

  it('GIVEN an annotation with a bad key and one with a number value WHEN checked THEN annotation-key and annotation-value', () => {
    expect(checkMetadata({ name: 'x', annotations: { '-note': 'a', replicas: 3 } }, CUSTOM)).toEqual([
      {
        path: 'metadata.annotations["-note"]',
        rule: 'annotation-key',
        message:
          "annotation key \"-note\" must have a name part of letters, digits, '-', '_' and '.', starting and ending with a letter or digit (pattern ^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$)",
      },
      {
        path: 'metadata.annotations.replicas',
        rule: 'annotation-value',
        message: 'annotation value 3 must be a string: quote it in YAML',
      },
    ]);
  });

  it('GIVEN annotations over 256 KiB WHEN checked THEN annotations-too-large', () => {
    expect(checkMetadata({ name: 'x', annotations: { big: 'x'.repeat(262142) } }, CUSTOM)).toEqual([
      {
        path: 'metadata.annotations',
        rule: 'annotations-too-large',
        message: 'annotations take 262145 bytes; Kubernetes allows at most 262144',
      },
    ]);
  });

  it('GIVEN a server-set field and an unknown field WHEN checked THEN server-set-field and unknown-field', () => {
    expect(checkMetadata({ name: 'x', resourceVersion: '42', label: { a: 'b' } }, CUSTOM)).toEqual([
      {
        path: 'metadata.resourceVersion',
        rule: 'server-set-field',
        message: 'metadata.resourceVersion is set by the API server; leave it out of manifests',
      },
      {
        path: 'metadata.label',
        rule: 'unknown-field',
        message:
          'unknown field "label" in metadata; known fields: name, namespace, labels, annotations, finalizers',
      },
    ]);
  });

  it('GIVEN a namespace on a cluster-scoped kind WHEN checked THEN namespace-not-allowed', () => {
    expect(
      checkMetadata({ name: 'x', namespace: 'a' }, { nameSyntax: 'dns-1123-label', namespaced: false }),
    ).toEqual([
      {
        path: 'metadata.namespace',
        rule: 'namespace-not-allowed',
        message: 'this kind is cluster-scoped: remove metadata.namespace',
      },
    ]);
  });

  it('GIVEN qualified names at the limits WHEN checked THEN 63 characters pass and 64 fail', () => {
    expect(qualifiedNameError(`example.com/${'n'.repeat(63)}`)).toBeUndefined();
    expect(qualifiedNameError('n'.repeat(64))).toBe('must have a name part of 1 to 63 characters');
  });

  it('GIVEN the same keys judged again, and more keys than are remembered in between WHEN judged THEN every answer is the same as the first time', () => {
    const keys = ['app.kubernetes.io/name', 'Bad Key', 'a/b/c', '/x', 'ok'];
    const first = keys.map(qualifiedNameError);
    expect(first.filter((error) => error === undefined)).toHaveLength(2);
    for (let index = 0; index < 3000; index += 1) qualifiedNameError(`filler-${index}`);
    expect(keys.map(qualifiedNameError)).toEqual(first);
    expect(keys.map(qualifiedNameError)).toEqual(first);
  });
});

describe('metadata in validateManifest', () => {
  let registry: CrdRegistry;
  beforeAll(() => {
    registry = loadCrdRegistry();
  });

  it('GIVEN an unquoted yes as a label value WHEN validated THEN it is a boolean to Kubernetes and so label-value', () => {
    const text = readFixture(OPERATION).replace(
      'ops.vworkspace.io/type: backup',
      'ops.vworkspace.io/type: backup\n    example.com/enabled: yes',
    );
    expect(validateManifest(OPERATION, text, registry)).toEqual([
      {
        file: OPERATION,
        path: 'metadata.labels["example.com/enabled"]',
        rule: 'label-value',
        message: 'label value true must be a string: quote it in YAML',
      },
    ]);
  });

  it('GIVEN a Namespace named with a dot WHEN validated THEN dns-1123-label (a subdomain is not enough)', () => {
    const file = 'clusters/prod-eu-1/namespaces/team.a/namespace.yaml';
    const text = edited(NAMESPACE, (o) => {
      o.metadata.name = 'team.a';
    });
    expect(validateManifest(file, text, registry)).toEqual([
      { file, path: 'metadata.name', rule: 'dns-1123-label', message: `metadata.name "team.a" ${LABEL}` },
    ]);
  });

  it('GIVEN a Namespace with a namespace, a status and an unknown spec field WHEN validated THEN each is reported', () => {
    const text = edited(NAMESPACE, (o) => {
      o.metadata.namespace = 'default';
      o.spec = { finalizers: ['kubernetes'], owner: 'a' };
      o.status = { phase: 'Active' };
    });
    expect(validateManifest(NAMESPACE, text, registry)).toEqual([
      {
        file: NAMESPACE,
        path: 'metadata.namespace',
        rule: 'namespace-not-allowed',
        message: 'this kind is cluster-scoped: remove metadata.namespace',
      },
      {
        file: NAMESPACE,
        path: 'spec.owner',
        rule: 'unknown-field',
        message: 'unknown field "owner": Kubernetes would drop it silently; known fields here: finalizers',
      },
      {
        file: NAMESPACE,
        path: 'status',
        rule: 'status-not-allowed',
        message: 'status is written by Kubernetes, not by manifests; remove it',
      },
    ]);
  });

  it('GIVEN a custom resource with an invalid name WHEN validated THEN it is dns-1123-subdomain', () => {
    const file = `clusters/prod-eu-1/namespaces/team-a/operation-Backup_1.yaml`;
    const text = edited(OPERATION, (o) => {
      o.metadata.name = 'Backup_1';
    });
    expect(validateManifest(file, text, registry)).toEqual([
      {
        file,
        path: 'metadata.name',
        rule: 'dns-1123-subdomain',
        message: `metadata.name "Backup_1" ${SUBDOMAIN}`,
      },
    ]);
  });
});
