import { App, Chart } from 'cdk8s';
import { addHelmRepository, helmRepositoryName, isOciRepository } from '../../src/charts/helm-repository';

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

describe('helmRepositoryName', () => {
  it('GIVEN an https URL WHEN named THEN the name is a readable slug plus an 8-character hash', () => {
    expect(helmRepositoryName('https://charts.bitnami.com/bitnami')).toMatch(
      /^charts-bitnami-com-bitnami-[0-9a-f]{8}$/,
    );
  });

  it('GIVEN the same URL twice WHEN named THEN the names are equal', () => {
    expect(helmRepositoryName('oci://ghcr.io/org/charts')).toBe(
      helmRepositoryName('oci://ghcr.io/org/charts'),
    );
  });

  it('GIVEN URLs whose slugs agree WHEN named THEN the names still differ', () => {
    const names = [
      'https://charts.example.com/a-b',
      'https://charts.example.com/a/b',
      'oci://charts.example.com/a/b',
      'https://Charts.Example.com/a/b',
    ].map(helmRepositoryName);
    expect(new Set(names).size).toBe(names.length);
  });

  it('GIVEN very long or odd URLs WHEN named THEN every name is a DNS-1123 label of at most 63 characters', () => {
    const urls = [
      `https://charts.example.com/${'very-long-path-segment/'.repeat(10)}end`,
      `https://${'a'.repeat(100)}.example.com/`,
      'https://---/',
      'oci://REGISTRY.Example.COM:5000/Org_Name/charts/',
      `https://charts.example.com/${'x'.repeat(53)}-tail`,
    ];
    for (const url of urls) {
      const name = helmRepositoryName(url);
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name).toMatch(DNS_1123_LABEL);
    }
    expect(helmRepositoryName('https://---/')).toMatch(/^repo-[0-9a-f]{8}$/);
  });
});

describe('addHelmRepository', () => {
  const render = (url: string) => addHelmRepository(new Chart(new App(), 'c'), 'team-a', url).toJson();

  it('GIVEN an oci:// URL WHEN added THEN the HelmRepository has type oci', () => {
    expect(isOciRepository('OCI://ghcr.io/x')).toBe(true);
    expect(render('oci://ghcr.io/org/charts')).toMatchObject({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'HelmRepository',
      spec: { type: 'oci', url: 'oci://ghcr.io/org/charts' },
    });
  });

  it('GIVEN an https URL WHEN added THEN no type is written (Flux defaults to an HTTP index)', () => {
    const json = render('https://charts.example.com/stable');
    expect(json.spec.type).toBeUndefined();
    expect(json.metadata).toEqual({
      name: helmRepositoryName('https://charts.example.com/stable'),
      namespace: 'team-a',
    });
  });
});
