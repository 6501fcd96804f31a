/**
 * Which cluster and controller a commit status belongs to (pure).
 *
 * Flux's notification-controller posts one status per Kustomization with the
 * context `kustomization/<name>/<first segment of the Provider's UID>` (lower
 * case); Argo CD notifications' catalogue templates post
 * `continuous-delivery/<application name>`. The bootstrap names the Flux
 * Kustomization and the Argo CD Application after the cluster id, so `<name>` is
 * the cluster id. Any other context (CI, other Kustomizations) is not a sync report.
 */
import { CommitStatusState } from '../platform/types';
import { ControllerKind, ControllerReport } from './model';

/** A commit status matched to a cluster. */
export interface ControllerMatch {
  readonly cluster: string;
  readonly controller: ControllerKind;
}

const FLUX_CONTEXT = /^kustomization\/([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/[0-9a-f]{1,16}$/;
const ARGOCD_CONTEXT = /^continuous-delivery\/([a-z0-9]([-a-z0-9]*[a-z0-9])?)$/;

/** The cluster and controller a status context reports for, or undefined when it is not a sync report. */
export function matchController(context: string): ControllerMatch | undefined {
  const flux = FLUX_CONTEXT.exec(context);
  if (flux) return { cluster: flux[1], controller: 'flux' };
  const argo = ARGOCD_CONTEXT.exec(context);
  if (argo) return { cluster: argo[1], controller: 'argocd' };
  return undefined;
}

/** Folds a host's status state into a report's: `error` (Argo CD's failed sync) is a failure. */
export function reportState(state: CommitStatusState): ControllerReport['state'] {
  return state === 'error' ? 'failure' : state;
}
