/** Test helpers: the valid fixture tree, and edited copies of its manifests. */
import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';

/** A tree of valid manifests, one of each kind gitops-synth writes, plus a foreign flux-system file. */
export const VALID_ROOT = path.join(__dirname, '..', 'fixtures', 'manifests', 'valid');

/** Tree paths of the fixtures. */
export const NS = 'clusters/prod-eu-1/namespaces/team-a';
export const HELM_RELEASE = `${NS}/helmrelease-grafana.yaml`;
export const HELM_REPOSITORY = `${NS}/helmrepository-grafana.yaml`;
export const GIT_REPOSITORY = `${NS}/gitrepository-platform.yaml`;
export const FLUX_KUSTOMIZATION = `${NS}/kustomization-platform.yaml`;
export const APPLICATION_INSTANCE = `${NS}/applicationinstance-nextcloud.yaml`;
export const OPERATION = `${NS}/operation-nextcloud-backup-20260528.yaml`;
export const NAMESPACE = `${NS}/namespace.yaml`;
export const ARGO_APPLICATION = 'clusters/prod-eu-1/argocd-application.yaml';
export const KUSTOMIZATION = 'clusters/prod-eu-1/namespaces/kustomization.yaml';

/** Every tool-owned fixture, by tree path. */
export const OWNED_FIXTURES: readonly string[] = [
  ARGO_APPLICATION,
  KUSTOMIZATION,
  APPLICATION_INSTANCE,
  GIT_REPOSITORY,
  HELM_RELEASE,
  HELM_REPOSITORY,
  FLUX_KUSTOMIZATION,
  NAMESPACE,
  OPERATION,
];

/** The text of a fixture. */
export function readFixture(treePath: string): string {
  return fs.readFileSync(path.join(VALID_ROOT, treePath), 'utf8');
}

/** The fixture tree as synthesis would hand it over: tree path → text (foreign files excluded). */
export function validTree(): Map<string, string> {
  return new Map(OWNED_FIXTURES.map((treePath) => [treePath, readFixture(treePath)]));
}

/** A fixture's text after `edit` changed its parsed object (YAML 1.1 output, so strings stay strings). */

export function edited(treePath: string, edit: (object: any) => void): string {
  const object = parse(readFixture(treePath));
  edit(object);
  return stringify(object, { version: '1.1' });
}
