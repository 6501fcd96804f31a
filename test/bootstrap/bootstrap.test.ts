import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { ARGOCD_CONTEXT_TEMPLATE } from '../../src/bootstrap/argocd-notifications';
import { BootstrapHost, buildBootstrap } from '../../src/bootstrap/bootstrap';
import {
  argoCdSubscriptionAnnotations,
  FLUX_COMMIT_STATUS_EXPR,
  fluxEventsUrl,
  fluxNames,
} from '../../src/contract/sync-contract';
import { clusterRepositoryUrl } from '../../src/bootstrap/repository-url';
import { validateBootstrapObjects } from '../../src/bootstrap/validate';
import { ClusterIntent } from '../../src/intents/model';
import { loadCrdRegistry } from '../../src/schema/registry';
import { toManifestYaml } from '../../src/synth/yaml';

const registry = loadCrdRegistry();

function cluster(id: string, sync: 'flux' | 'argocd'): ClusterIntent {
  return {
    id,
    sync,
    helmReleases: false,
    owners: [],
    source: { file: 'clusters.yaml', path: 'clusters[0]' },
  };
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
      url: 'ssh://git@github.com/acme/fleet.git',
      credential: 'deploy-key',
      host: 'github.com',
      note: "--repo: Flux accepts only ssh://, http:// and https:// URLs, so 'git@github.com:acme/fleet.git' is written as 'ssh://git@github.com/acme/fleet.git'",
    });
  });

  it('GIVEN git@host:owner/name WHEN made fit for Argo CD THEN it is kept, since Argo CD accepts it', () => {
    expect(clusterRepositoryUrl('git@github.com:acme/fleet.git', false)).toEqual({
      url: 'git@github.com:acme/fleet.git',
      credential: 'deploy-key',
      host: 'github.com',
    });
  });

  it('GIVEN https and ssh URLs WHEN read THEN https asks for a read token and ssh for a deploy key', () => {
    expect(clusterRepositoryUrl('https://git.example.org/acme/fleet.git', true).credential).toBe(
      'read-token',
    );
    expect(clusterRepositoryUrl('ssh://git@git.example.org:2222/acme/fleet.git', true)).toEqual({
      url: 'ssh://git@git.example.org:2222/acme/fleet.git',
      credential: 'deploy-key',
      host: 'git.example.org',
    });
  });

  it.each(['/srv/git/fleet.git', 'file:///srv/git/fleet.git', 'git://git.example.org/fleet.git'])(
    'GIVEN %p WHEN made fit for a cluster THEN REPO_URL_UNSUPPORTED names it',
    (repo) => {
      expect(() => clusterRepositoryUrl(repo, true)).toThrow(
        expect.objectContaining({
          code: 'REPO_URL_UNSUPPORTED',
          message: expect.stringContaining(`'${repo}'`),
        }),
      );
    },
  );

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

const GITHUB: BootstrapHost = {
  provider: 'github',
  apiUrl: 'https://api.github.com',
  project: 'acme/fleet',
  webUrl: 'https://github.com/acme/fleet',
};
const GITEA: BootstrapHost = {
  provider: 'gitea',
  apiUrl: 'https://git.example.org/api/v1',
  project: 'acme/fleet',
  webUrl: 'https://git.example.org/acme/fleet',
};
type Json = {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
  data?: Record<string, string>;
};

describe('buildBootstrap for a Flux cluster', () => {
  const bootstrap = buildBootstrap({
    cluster: cluster('cluster-prod-1', 'flux'),
    repo: 'git@github.com:acme/fleet.git',
    branch: 'main',
    host: GITHUB,
  });
  const [source, kustomization, provider, alert] = bootstrap.objects as unknown as Json[];
  const names = fluxNames('cluster-prod-1');

  it('GIVEN a flux cluster WHEN bootstrapped THEN a v1 GitRepository and a v1 Kustomization, named by the contract, follow clusters/<id>/namespaces with prune, an interval and a timeout', () => {
    expect(bootstrap.objects.map((o) => `${o.apiVersion} ${o.kind}`)).toEqual([
      'source.toolkit.fluxcd.io/v1 GitRepository',
      'kustomize.toolkit.fluxcd.io/v1 Kustomization',
      'notification.toolkit.fluxcd.io/v1beta3 Provider',
      'notification.toolkit.fluxcd.io/v1beta3 Alert',
    ]);
    expect(source.metadata).toEqual({
      name: names.gitRepository,
      namespace: 'flux-system',
      labels: { 'app.vworkspace.io/cluster-id': 'cluster-prod-1' },
    });
    expect(source.spec).toEqual({
      url: 'ssh://git@github.com/acme/fleet.git',
      ref: { branch: 'main' },
      interval: '1m',
      timeout: '60s',
      secretRef: { name: 'gitops-synth-deploy-key' },
    });
    expect(kustomization.metadata.name).toBe(names.kustomization);
    expect(kustomization.spec).toEqual({
      sourceRef: { kind: 'GitRepository', name: names.gitRepository },
      path: './clusters/cluster-prod-1/namespaces',
      prune: true,
      interval: '10m',
      retryInterval: '2m',
      timeout: '5m',
    });
  });

  it("GIVEN a flux cluster WHEN bootstrapped THEN a github Provider at the repository web URL posts statuses with the contract's expression, and an Alert on the Kustomization adds the cluster id", () => {
    expect(provider.metadata).toEqual({ name: names.commitStatusProvider, namespace: 'flux-system' });
    expect(provider.spec).toEqual({
      type: 'github',
      address: 'https://github.com/acme/fleet',
      secretRef: { name: names.commitStatusSecret },
      commitStatusExpr: FLUX_COMMIT_STATUS_EXPR,
    });
    expect(alert.spec).toEqual({
      providerRef: { name: names.commitStatusProvider },
      eventSeverity: 'info',
      eventSources: [{ kind: 'Kustomization', name: names.kustomization, namespace: 'flux-system' }],
      eventMetadata: { 'app.vworkspace.io/cluster-id': 'cluster-prod-1' },
    });
  });

  it('GIVEN two clusters WHEN bootstrapped THEN their Providers are one and the same object (a template), and only the Alerts name the cluster', () => {
    const other = buildBootstrap({
      cluster: cluster('cluster-prod-2', 'flux'),
      repo: 'git@github.com:acme/fleet.git',
      branch: 'main',
      host: GITHUB,
    });
    expect(toManifestYaml(other.objects[2])).toBe(toManifestYaml(bootstrap.objects[2]));
    expect(toManifestYaml(other.objects[3])).not.toBe(toManifestYaml(bootstrap.objects[3]));
  });

  it('GIVEN the Flux objects WHEN checked against the upstream CRD schemas and their CEL rules THEN all are valid', () => {
    for (const object of bootstrap.objects) expect(schemaErrors(object)).toEqual([]);
    expect(validateBootstrapObjects(bootstrap.objects, registry)).toEqual([]);
  });

  it("GIVEN a generic-hmac Provider with a commitStatusExpr WHEN validated THEN the CRD's own CEL rule refuses it", () => {
    const broken = { ...provider, spec: { ...provider.spec, type: 'generic-hmac' } };
    expect(validateBootstrapObjects([broken as never], registry)).toEqual([
      expect.objectContaining({
        file: `Provider/${names.commitStatusProvider}`,
        path: 'spec',
        rule: 'crd-cel',
        message: expect.stringContaining("commitStatusExpr is only supported for the 'github'"),
      }),
    ]);
  });

  it('GIVEN a GitRepository with an scp-like URL WHEN validated THEN the CRD pattern refuses it (why the URL is rewritten)', () => {
    const unconverted = { ...source, spec: { ...source.spec, url: 'git@github.com:acme/fleet.git' } };
    expect(validateBootstrapObjects([unconverted as never], registry)).toEqual([
      expect.objectContaining({ file: `GitRepository/${names.gitRepository}`, path: 'spec.url' }),
    ]);
  });

  it("GIVEN a status URL WHEN bootstrapped THEN a generic-hmac Provider points at status serve's events path, with its own Secret and Alert", () => {
    const withEvents = buildBootstrap({
      cluster: cluster('cluster-prod-1', 'flux'),
      repo: 'git@github.com:acme/fleet.git',
      branch: 'main',
      host: GITHUB,
      statusUrl: 'https://status.example.org',
    });
    const [events, eventsAlert] = withEvents.objects.slice(4) as unknown as Json[];
    expect(events.spec).toEqual({
      type: 'generic-hmac',
      address: fluxEventsUrl('https://status.example.org'),
      secretRef: { name: names.eventsSecret },
    });
    expect(eventsAlert.spec).toEqual(
      expect.objectContaining({
        providerRef: { name: names.eventsProvider },
        eventMetadata: { 'app.vworkspace.io/cluster-id': 'cluster-prod-1' },
      }),
    );
    expect(validateBootstrapObjects(withEvents.objects, registry)).toEqual([]);
    expect(withEvents.yaml).toContain(
      `create secret generic ${names.eventsSecret} --from-file=token=./events-secret`,
    );
  });

  it('GIVEN the output WHEN read THEN it explains how to create every Secret and embeds no secret value', () => {
    expect(bootstrap.notes).toHaveLength(1);
    expect(bootstrap.yaml).toContain(
      'kubectl -n flux-system create secret generic gitops-synth-deploy-key --from-file=identity=./cluster-prod-1-deploy-key --from-file=known_hosts=./known_hosts',
    );
    expect(bootstrap.yaml).toContain('WITHOUT write access');
    expect(bootstrap.yaml).toContain('ssh-keyscan github.com');
    expect(bootstrap.yaml).toContain(
      `create secret generic ${names.commitStatusSecret} --from-file=token=./status-token`,
    );
    expect(bootstrap.yaml).toContain('Commit statuses: Read and write');
    expect(bootstrap.yaml).not.toMatch(/^\s*(data|stringData):/m);
    expect(bootstrap.yaml.endsWith(bootstrap.objects.map((o) => toManifestYaml(o)).join('---\n'))).toBe(true);
  });

  it('GIVEN an https URL WHEN bootstrapped THEN the GitRepository references a read-token Secret with username and password keys', () => {
    const https = buildBootstrap({
      cluster: cluster('c1', 'flux'),
      repo: 'https://git.example.org/acme/fleet.git',
      branch: 'release',
      host: GITEA,
    });
    expect((https.objects[0] as unknown as { spec: { secretRef: unknown; ref: unknown } }).spec).toEqual(
      expect.objectContaining({ secretRef: { name: 'gitops-synth-read-token' }, ref: { branch: 'release' } }),
    );
    expect(https.yaml).toContain(
      'create secret generic gitops-synth-read-token --from-literal=username=git --from-file=password=./read-token',
    );
    expect((https.objects[2] as unknown as Json).spec.type).toBe('gitea');
    expect(https.notes).toEqual([]);
  });
});

describe('buildBootstrap for an Argo CD cluster', () => {
  const bootstrap = buildBootstrap({
    cluster: cluster('cluster-lab-1', 'argocd'),
    repo: 'https://git.example.org/acme/fleet.git',
    branch: 'main',
    host: GITEA,
  });
  const [application, configMap] = bootstrap.objects as unknown as Json[];

  it('GIVEN the example Argo CD cluster WHEN bootstrapped THEN the Application is valid, subscribed, and byte-identical to the one synth commits', () => {
    expect(schemaErrors(application)).toEqual([]);
    expect(validateBootstrapObjects(bootstrap.objects, registry)).toEqual([]);
    const committed = fs.readFileSync(
      path.resolve(__dirname, '../../clusters/cluster-lab-1/argocd-application.yaml'),
      'utf8',
    );
    expect(toManifestYaml(bootstrap.objects[0])).toBe(committed);
    expect(application.metadata.annotations).toEqual(argoCdSubscriptionAnnotations());
    expect(bootstrap.yaml).toContain(
      'kubectl -n argocd label secret gitops-synth-repository argocd.argoproj.io/secret-type=repository',
    );
    expect(bootstrap.yaml).toContain(
      '--from-literal=url=https://git.example.org/acme/fleet.git --from-literal=username=git --from-file=password=./read-token',
    );
  });

  it('GIVEN the notifications ConfigMap WHEN read THEN every subscribed trigger and its template are there, with a webhook service whose token is a Secret reference', () => {
    expect(configMap.metadata).toEqual({ name: 'argocd-notifications-cm', namespace: 'argocd' });
    const data = configMap.data!;
    for (const key of Object.keys(argoCdSubscriptionAnnotations())) {
      const trigger = key.split('/subscribe.')[1].split('.')[0];
      const [condition] = parse(data[`trigger.${trigger}`]) as Array<{ send: string[] }>;
      expect(data[`template.${condition.send[0]}`]).toContain(ARGOCD_CONTEXT_TEMPLATE);
    }
    expect(parse(data['service.webhook.gitops-synth'])).toEqual({
      url: 'https://git.example.org/api/v1',
      headers: [
        { name: 'Authorization', value: 'token $gitops-synth-status-token' },
        { name: 'Content-Type', value: 'application/json' },
      ],
    });
    expect(bootstrap.yaml).toContain('--from-file=gitops-synth-status-token=./status-token');
  });

  it('GIVEN --argocd-notifier github-app on GitHub Enterprise WHEN bootstrapped THEN the github service reads the App from the Secret and points at the enterprise API', () => {
    const ghes: BootstrapHost = {
      provider: 'github',
      apiUrl: 'https://git.example.org/api/v3',
      project: 'acme/fleet',
      webUrl: 'https://git.example.org/acme/fleet',
    };
    const app = buildBootstrap({
      cluster: cluster('cluster-lab-1', 'argocd'),
      repo: 'https://git.example.org/acme/fleet.git',
      branch: 'main',
      host: ghes,
      notifier: 'github-app',
    });
    const data = (app.objects[1] as unknown as Json).data!;
    expect(parse(data['service.github.gitops-synth'])).toEqual({
      appID: '$gitops-synth-github-app-id',
      installationID: '$gitops-synth-github-app-installation-id',
      privateKey: '$gitops-synth-github-app-private-key',
      enterpriseBaseURL: 'https://git.example.org/api/v3',
    });
    expect(parse(data['template.gitops-synth-failed'])).toEqual(
      expect.objectContaining({
        github: expect.objectContaining({
          status: expect.objectContaining({ state: 'failure', label: ARGOCD_CONTEXT_TEMPLATE }),
        }),
      }),
    );
    expect(app.yaml).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY/);
  });
});
