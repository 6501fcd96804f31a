/**
 * The Argo CD Application that makes an `argocd` cluster follow its path: the very
 * object synth writes to `clusters/<id>/argocd-application.yaml`, built by the same
 * factory with the same labels, so that the file and the bootstrap output agree.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { addArgoCdApplication } from '../charts/argocd-application';
import { managedLabels } from '../charts/labels';
import { namespacesDirectory } from '../synth/layout';

/** What the Application points at. */
export interface ArgoCdBootstrap {
  readonly clusterId: string;
  readonly repoUrl: string;
  readonly branch: string;
}

/** Builds the cluster's Application. */
export function buildArgoCdBootstrap(request: ArgoCdBootstrap): ApiObject[] {
  const chart = new Chart(new App(), request.clusterId, { labels: { ...managedLabels(request.clusterId) } });
  return [addArgoCdApplication(chart, request.clusterId, { repoUrl: request.repoUrl, targetRevision: request.branch, path: namespacesDirectory(request.clusterId) })];
}
