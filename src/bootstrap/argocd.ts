/**
 * What an `argocd` cluster needs: its Application (the very object synth writes
 * to `clusters/<id>/argocd-application.yaml`, built by the same factory with the
 * same labels and notification subscriptions, so the file and the bootstrap
 * output agree), and the argocd-notifications-cm entries that make every sync
 * post a commit status. The ConfigMap holds only gitops-synth's keys: applied
 * server-side, they merge into an existing argocd-notifications-cm.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { addArgoCdApplication, ARGOCD_NAMESPACE } from '../charts/argocd-application';
import { managedLabels } from '../charts/labels';
import { namespacesDirectory } from '../synth/layout';
import { argoCdNotificationEntries, ArgoCdNotificationsRequest } from './argocd-notifications';

/** The ConfigMap Argo CD notifications reads its services, triggers and templates from. */
export const ARGOCD_NOTIFICATIONS_CONFIGMAP = 'argocd-notifications-cm';
/** The Secret its `$key` references are read from. */
export const ARGOCD_NOTIFICATIONS_SECRET = 'argocd-notifications-secret';

/** What the Application points at, and how it reports. */
export interface ArgoCdBootstrap {
  readonly clusterId: string;
  readonly repoUrl: string;
  readonly branch: string;
  readonly notifications: ArgoCdNotificationsRequest;
}

/** Builds the cluster's Application, then the notifications ConfigMap. */
export function buildArgoCdBootstrap(request: ArgoCdBootstrap): ApiObject[] {
  const chart = new Chart(new App(), request.clusterId, { labels: { ...managedLabels(request.clusterId) } });
  const application = addArgoCdApplication(chart, request.clusterId, {
    repoUrl: request.repoUrl,
    targetRevision: request.branch,
    path: namespacesDirectory(request.clusterId),
  });
  // Its own chart, without the cluster's labels: one argocd-notifications-cm may serve many clusters' Applications.
  const notifications = new ApiObject(
    new Chart(new App(), 'argocd-notifications'),
    'argocd-notifications-cm',
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: ARGOCD_NOTIFICATIONS_CONFIGMAP, namespace: ARGOCD_NAMESPACE },
      data: argoCdNotificationEntries(request.notifications),
    },
  );
  return [application, notifications];
}
