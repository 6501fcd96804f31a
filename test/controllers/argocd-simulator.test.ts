/**
 * The Argo CD simulator fed `bootstrap`'s real output (both notification
 * services), against a bare repository over smart HTTP and the loopback forge;
 * what it posts is read back with `status`'s own parser.
 */
import { useServedBootstrap } from './served-bootstrap';
import { parseStatusContext } from '../../src/contract/sync-contract';
import { ArgoCdSimulator } from '../support/controllers/argocd';

const TOKEN = 'ghs_argo0Simulator0Token0123456789';

describe("the Argo CD simulator on bootstrap's output", () => {
  const served = useServedBootstrap('argocd', TOKEN, 'clusters/lab/namespaces/x.yaml');
  const { bootstrapFor } = served;
  const simulator = (yaml: string, failure?: string) =>
    new ArgoCdSimulator({
      bootstrapYaml: yaml,
      secrets: { 'gitops-synth-status-token': TOKEN },
      readToken: TOKEN,
      judge: () =>
        failure === undefined ? { ok: true } : { ok: false, reason: 'SyncFailed', message: failure },
      githubApp: { token: TOKEN, apiUrl: served.forge.apiUrl },
    });
  /** The statuses on the commit, oldest first, as status would credit them. */
  const credited = () =>
    [...(served.forge.state.statuses[served.sha] ?? [])]
      .reverse()
      .map((s) => [parseStatusContext(s.context)?.cluster ?? null, s.state, s.description]);

  it("GIVEN the webhook service WHEN the Application syncs THEN pending then success are posted under the cluster's context, the message as description", async () => {
    await simulator(bootstrapFor('lab')).reconcile();
    expect(credited()).toEqual([
      ['lab', 'pending', 'waiting for completion of hook and 2 more resources'],
      ['lab', 'success', 'successfully synced (all tasks run)'],
    ]);
    expect(served.forge.validationFailures).toEqual([]);
  });

  it('GIVEN a failed sync whose message has quotes and markup WHEN notified THEN the body stays JSON and the failure carries the message', async () => {
    await simulator(
      bootstrapFor('lab'),
      'one or more objects failed to apply: "<quota>" exceeded & denied',
    ).reconcile();
    expect(credited().pop()).toEqual([
      'lab',
      'failure',
      'one or more objects failed to apply: "<quota>" exceeded & denied',
    ]);
  });

  it('GIVEN the github service as a GitHub App WHEN the Application syncs THEN the same contexts are posted', async () => {
    const sent = await simulator(bootstrapFor('lab', 'github-app')).reconcile();
    expect(sent.map((s) => [s.url.replace(served.forge.apiUrl, ''), s.status])).toEqual([
      [`/repos/acme/fleet/statuses/${served.sha}`, 201],
      [`/repos/acme/fleet/statuses/${served.sha}`, 201],
    ]);
    expect(credited()).toEqual([
      ['lab', 'pending', 'waiting for completion of hook and 2 more resources'],
      ['lab', 'success', 'successfully synced (all tasks run)'],
    ]);
  });

  it('GIVEN the same revision WHEN reconciled again THEN oncePer keeps every trigger from posting twice', async () => {
    const argo = simulator(bootstrapFor('lab'));
    await argo.reconcile();
    expect(await argo.reconcile()).toEqual([]);
  });

  it('GIVEN a renamed Application WHEN it syncs THEN the context still names the cluster from its label; GIVEN the label removed THEN status credits nobody', async () => {
    const renamed = bootstrapFor('lab').replace(
      /(kind: Application\nmetadata:\n {2}name: )lab/,
      '$1renamed-app',
    );
    expect(renamed).not.toBe(bootstrapFor('lab'));
    await simulator(renamed).reconcile();
    expect(credited().map((c) => c[0])).toEqual(['lab', 'lab']);
    served.forge.state.statuses = {};
    const unlabelled = bootstrapFor('lab').replace(/\n {4}app\.vworkspace\.io\/cluster-id: lab/, '');
    await simulator(unlabelled).reconcile();
    expect(credited().map((c) => c[0])).toEqual([null, null]);
  });
});
