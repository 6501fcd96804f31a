import { GitopsSynthError } from '../../src/errors';
import { clusterOfPath, kustomizationPath, manifestPath } from '../../src/synth/layout';

describe('layout', () => {
  it('GIVEN namespaced objects WHEN placed THEN they go to clusters/<id>/namespaces/<ns>/<kind>-<name>.yaml', () => {
    expect(
      manifestPath('c1', {
        apiVersion: 'apps.vworkspace.io/v1alpha1',
        kind: 'ApplicationInstance',
        name: 'files',
        namespace: 'team-a',
      }),
    ).toBe('clusters/c1/namespaces/team-a/applicationinstance-files.yaml');
    expect(
      manifestPath('c1', {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        name: 'files',
        namespace: 'team-a',
      }),
    ).toBe('clusters/c1/namespaces/team-a/helmrelease-files.yaml');
  });

  it('GIVEN a Namespace and an Argo CD Application WHEN placed THEN they get their fixed file names', () => {
    expect(manifestPath('c1', { apiVersion: 'v1', kind: 'Namespace', name: 'team-a' })).toBe(
      'clusters/c1/namespaces/team-a/namespace.yaml',
    );
    expect(
      manifestPath('c1', {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        name: 'c1',
        namespace: 'argocd',
      }),
    ).toBe('clusters/c1/argocd-application.yaml');
    expect(kustomizationPath('c1')).toBe('clusters/c1/namespaces/kustomization.yaml');
  });

  it('GIVEN another cluster-scoped object WHEN placed THEN it fails as an internal error', () => {
    expect(() =>
      manifestPath('c1', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'x' }),
    ).toThrow(GitopsSynthError);
  });

  it('GIVEN paths WHEN asked for their cluster THEN files under clusters/<id>/ name it and others give undefined', () => {
    expect(clusterOfPath('clusters/c1/namespaces/team-a/namespace.yaml')).toBe('c1');
    expect(clusterOfPath('clusters/c1/argocd-application.yaml')).toBe('c1');
    expect(clusterOfPath('clusters/c1')).toBeUndefined();
    expect(clusterOfPath('clusters/')).toBeUndefined();
    expect(clusterOfPath('README.md')).toBeUndefined();
    expect(clusterOfPath('other/clusters/c1/x.yaml')).toBeUndefined();
  });
});
