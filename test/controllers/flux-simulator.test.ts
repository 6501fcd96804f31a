/**
 * The Flux simulator fed `bootstrap`'s real output, against a bare repository over
 * smart HTTP and the loopback forge; what it posts is read back with `status`'s
 * own functions. Proves the seam both ways: the right cluster is credited, a
 * wrong or renamed setup is credited to nobody, and Flux's own rules (reason as
 * description, Progressing skipped, duplicates dropped) hold.
 */
import { useServedBootstrap } from './served-bootstrap';
import { parseStatusContext } from '../../src/contract/sync-contract';
import { FluxSimulator, splitCamelcase } from '../support/controllers/flux';

const TOKEN = 'ghs_flux0Simulator0Token0123456789';

describe("the Flux simulator on bootstrap's output", () => {
  const served = useServedBootstrap('flux', TOKEN, 'clusters/a/namespaces/x.yaml');
  const { bootstrapFor } = served;
  const simulator = (yaml: string) =>
    new FluxSimulator({
      bootstrapYaml: yaml,
      secrets: { 'gitops-synth-commit-status': { token: TOKEN } },
      apiUrlFor: () => served.forge.apiUrl,
      readToken: TOKEN,
    });
  const credited = () =>
    (served.forge.state.statuses[served.sha] ?? []).map((s) => [
      parseStatusContext(s.context)?.cluster ?? null,
      s.state,
      s.description,
    ]);

  it("GIVEN a cluster's own bootstrap WHEN it reconciles THEN one success status is posted that status credits to that cluster, with the reason as description", async () => {
    await simulator(bootstrapFor('a')).reconcile();
    expect(credited()).toEqual([['a', 'success', 'reconciliation succeeded']]);
    expect(served.forge.validationFailures).toEqual([]);
  });

  it('GIVEN the same commit WHEN reconciled again THEN the duplicate status is not posted again', async () => {
    const flux = simulator(bootstrapFor('a'));
    await flux.reconcile();
    const [second] = await flux.reconcile();
    expect(second.posts).toEqual([]);
    expect(credited()).toHaveLength(1);
  });

  it("GIVEN another cluster's bootstrap WHEN a cluster applies it THEN it reports as the cluster whose path it applied, never under its own name", async () => {
    await simulator(bootstrapFor('b')).reconcile();
    expect(credited()).toEqual([['b', 'success', 'reconciliation succeeded']]);
  });

  it('GIVEN a renamed Kustomization WHEN it reconciles THEN the Alert no longer matches and nothing is posted', async () => {
    const renamed = bootstrapFor('a').replace(
      /(kind: Kustomization\nmetadata:\n {2}name: )gitops-synth-a/,
      '$1renamed',
    );
    expect(renamed).not.toBe(bootstrapFor('a'));
    await simulator(renamed).reconcile();
    expect(credited()).toEqual([]);
  });

  it('GIVEN an Alert without the cluster id metadata WHEN it reconciles THEN the expression fails and nothing is posted', async () => {
    const stripped = bootstrapFor('a').replace(
      / {2}eventMetadata:\n {4}app\.vworkspace\.io\/cluster-id: a\n/g,
      '',
    );
    expect(stripped).not.toBe(bootstrapFor('a'));
    await simulator(stripped).reconcile();
    expect(credited()).toEqual([]);
  });

  it("GIVEN a Provider without commitStatusExpr WHEN it reconciles THEN Flux's default context (kind/name/uid) is posted, which status credits to nobody", async () => {
    const plain = bootstrapFor('a').replace(/ {2}commitStatusExpr: .*\n/, '');
    await simulator(plain).reconcile();
    const [status] = served.forge.state.statuses[served.sha];
    expect(status.context).toMatch(/^kustomization\/gitops-synth-a\/[0-9a-f]{8}$/);
    expect(parseStatusContext(status.context)).toBeUndefined();
  });

  it.each([
    ['ReconciliationSucceeded', ['Reconciliation', 'Succeeded']],
    ['HealthCheckFailed', ['Health', 'Check', 'Failed']],
    ['PDFLoader', ['PDF', 'Loader']],
    ['ArtifactFailed2', ['Artifact', 'Failed', '2']],
  ])(
    'GIVEN the reason %p WHEN split as notification-controller splits it THEN it gives %p',
    (reason, words) => {
      expect(splitCamelcase(reason)).toEqual(words);
    },
  );
});
