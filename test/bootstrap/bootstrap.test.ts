import * as fs from 'fs';
import * as path from 'path';
import { buildBootstrap } from '../../src/bootstrap/bootstrap';
import { clusterRepositoryUrl } from '../../src/bootstrap/repository-url';
import { validateBootstrapObjects } from '../../src/bootstrap/validate';
import { ClusterIntent } from '../../src/intents/model';
import { loadCrdRegistry } from '../../src/schema/registry';
import { toManifestYaml } from '../../src/synth/yaml';

const registry = loadCrdRegistry();

function cluster(id: string, sync: 'flux' | 'argocd'): ClusterIntent {
  return { id, sync, helmReleases: false, owners: [], source: { file: 'clusters.yaml', path: 'clusters[0]' } };
}

/** Validates with the compiled CRD schema alone, independently of the module under test. */
function schemaErrors(object: { apiVersion: string; kind: string }): unknown {
  const validate = registry.getValidator(object.apiVersion, object.kind);
  validate(object);
  return validate.errors ?? [];
}

describe('clusterRepositoryUrl', () => {
  it('GIVEN git@host:owner/name WHEN made fit for Flux THEN it becomes ssh://git@host/owner/name with a note naming both', () => {
    const url = clusterRepositoryUrl('git@github.com:acme/fleet.git', true);
    expect(url).toEqual({
      url: 'ssh://git@github.com/acme/fleet.git', credential: 'deploy-key', host: 'github.com',
      note: "--repo: Flux accepts only ssh://, http:// and https:// URLs, so 'git@github.com:acme/fleet.git' is written as 'ssh://git@github.com/acme/fleet.git'",
    });
  });

  it('GIVEN git@host:owner/name WHEN made fit for Argo CD THEN it is kept, since Argo CD accepts it', () => {
    expect(clusterRepositoryUrl('git@github.com:acme/fleet.git', false)).toEqual({ url: 'git@github.com:acme/fleet.git', credential: 'deploy-key', host: 'github.com' });
  });

  it('GIVEN https and ssh URLs WHEN read THEN https asks for a read token and ssh for a deploy key', () => {
    expect(clusterRepositoryUrl('https://git.example.org/acme/fleet.git', true).credential).toBe('read-token');
    expect(clusterRepositoryUrl('ssh://git@git.example.org:2222/acme/fleet.git', true)).toEqual({ url: 'ssh://git@git.example.org:2222/acme/fleet.git', credential: 'deploy-key', host: 'git.example.org' });
  });

  it.each(['/srv/git/fleet.git', 'file:///srv/git/fleet.git', 'git://git.example.org/fleet.git'])('GIVEN %p WHEN made fit for a cluster THEN REPO_URL_UNSUPPORTED names it', (repo) => {
    expect(() => clusterRepositoryUrl(repo, true)).toThrow(expect.objectContaining({ code: 'REPO_URL_UNSUPPORTED', message: expect.stringContaining(`'${repo}'`) }));
  });

  it('GIVEN a URL carrying a token WHEN made fit for a cluster THEN it is refused without echoing the token', () => {
    let message = '';
    try {
      clusterRepositoryUrl('https://bot:s3cr3t-token@git.example.org/acme/fleet.git', true);
    } catch (error) {
      expect((error as { code: string }).code).toBe('REPO_URL_HAS_SECRET');
      message = (error as Error).message;
    }
    expect(message).toContain('git.example.org');
    expect(message).not.toContain('s3cr3t');
  });
});

describe('buildBootstrap for a Flux cluster', () => {
  const bootstrap = buildBootstrap({ cluster: cluster('cluster-prod-1', 'flux'), repo: 'git@github.com:acme/fleet.git', branch: 'main' });
  const [source, kustomization] = bootstrap.objects as unknown as Array<{ apiVersion: string; kind: string; metadata: Record<string, unknown>; spec: Record<string, unknown> }>;

  it('GIVEN a flux cluster WHEN bootstrapped THEN a v1 GitRepository and a v1 Kustomization follow clusters/<id>/namespaces with prune, an interval and a timeout', () => {
    expect([source.apiVersion, source.kind, kustomization.apiVersion, kustomization.kind]).toEqual([
      'source.toolkit.fluxcd.io/v1', 'GitRepository', 'kustomize.toolkit.fluxcd.io/v1', 'Kustomization',
    ]);
    expect(source.metadata).toEqual({ name: 'gitops-synth', namespace: 'flux-system', labels: { 'app.vworkspace.io/cluster-id': 'cluster-prod-1' } });
    expect(source.spec).toEqual({ url: 'ssh://git@github.com/acme/fleet.git', ref: { branch: 'main' }, interval: '1m', timeout: '60s', secretRef: { name: 'gitops-synth-deploy-key' } });
    expect(kustomization.spec).toEqual({
      sourceRef: { kind: 'GitRepository', name: 'gitops-synth' }, path: './clusters/cluster-prod-1/namespaces', prune: true, interval: '10m', retryInterval: '2m', timeout: '5m',
    });
  });

  it('GIVEN the Flux objects WHEN checked against the upstream CRD schemas THEN both are valid', () => {
    expect(schemaErrors(source)).toEqual([]);
    expect(schemaErrors(kustomization)).toEqual([]);
    expect(validateBootstrapObjects(bootstrap.objects, registry)).toEqual([]);
  });

  it('GIVEN a GitRepository with an scp-like URL WHEN validated THEN the CRD pattern refuses it (why the URL is rewritten)', () => {
    const unconverted = { ...source, spec: { ...source.spec, url: 'git@github.com:acme/fleet.git' } };
    expect(validateBootstrapObjects([unconverted as never], registry)).toEqual([expect.objectContaining({ file: 'GitRepository/gitops-synth', path: 'spec.url' })]);
  });

  it('GIVEN the output WHEN read THEN it explains how to create the read-only deploy key Secret and embeds no secret value', () => {
    expect(bootstrap.notes).toHaveLength(1);
    expect(bootstrap.yaml).toContain('kubectl -n flux-system create secret generic gitops-synth-deploy-key --from-file=identity=./cluster-prod-1-deploy-key --from-file=known_hosts=./known_hosts');
    expect(bootstrap.yaml).toContain('WITHOUT write access');
    expect(bootstrap.yaml).toContain('ssh-keyscan github.com');
    expect(bootstrap.yaml).not.toMatch(/^\s*(data|stringData):/m);
    expect(bootstrap.yaml.endsWith(`${toManifestYaml(source)}---\n${toManifestYaml(kustomization)}`)).toBe(true);
  });

  it('GIVEN an https URL WHEN bootstrapped THEN the GitRepository references a read-token Secret with username and password keys', () => {
    const https = buildBootstrap({ cluster: cluster('c1', 'flux'), repo: 'https://git.example.org/acme/fleet.git', branch: 'release' });
    expect((https.objects[0] as unknown as { spec: { secretRef: unknown; ref: unknown } }).spec).toEqual(expect.objectContaining({ secretRef: { name: 'gitops-synth-read-token' }, ref: { branch: 'release' } }));
    expect(https.yaml).toContain('create secret generic gitops-synth-read-token --from-literal=username=git --from-file=password=./read-token');
    expect(https.notes).toEqual([]);
  });
});

describe('buildBootstrap for an Argo CD cluster', () => {
  it('GIVEN the example Argo CD cluster WHEN bootstrapped THEN the Application is valid and byte-identical to the one synth commits', () => {
    const bootstrap = buildBootstrap({ cluster: cluster('cluster-lab-1', 'argocd'), repo: 'https://git.example.org/acme/fleet.git', branch: 'main' });
    expect(bootstrap.objects).toHaveLength(1);
    expect(schemaErrors(bootstrap.objects[0])).toEqual([]);
    const committed = fs.readFileSync(path.resolve(__dirname, '../../clusters/cluster-lab-1/argocd-application.yaml'), 'utf8');
    expect(toManifestYaml(bootstrap.objects[0])).toBe(committed);
    expect(bootstrap.yaml).toContain('kubectl -n argocd label secret gitops-synth-repository argocd.argoproj.io/secret-type=repository');
    expect(bootstrap.yaml).toContain('--from-literal=url=https://git.example.org/acme/fleet.git --from-literal=username=git --from-file=password=./read-token');
  });
});
