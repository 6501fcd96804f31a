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

/** The one problem an edited fixture must give (the file is the case's own). */
export interface ExpectedProblem {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

/**
 * One row of a validation table: GIVEN `given` (an edit of a fixture) WHEN validated
 * THEN `then`, which is `problem` when set and no problem at all otherwise.
 */
export interface EditCase {
  readonly given: string;
  readonly then: string;
  readonly file: string;
  readonly edit: (object: any) => void;
  readonly problem?: ExpectedProblem;
}

/** The problems `validate` must return for `row`: its one problem, with the row's file, or none. */
export function expectedProblems(row: EditCase): object[] {
  return row.problem === undefined ? [] : [{ file: row.file, ...row.problem }];
}
