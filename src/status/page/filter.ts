/**
 * The page's filter: by state and by cluster glob, kept in the query string
 * (`?state=failed&state=stale&cluster=cluster-prod-*`), so a filtered view is a
 * link, and the server applies it too when scripts are off.
 */
import { clusterFilter } from '../../selection';
import { CLUSTER_STATES, ClusterState, ClusterStatus } from '../model';

/** What the page shows. */
export interface PageFilter {
  /** Empty: every state. */
  readonly states: readonly ClusterState[];
  /** Comma-separated globs (`*`, `?`) as `--clusters` takes them; '' matches every cluster. */
  readonly cluster: string;
}

/** The filter a query string asks for; unknown states are dropped (pure). */
export function parseFilter(query: URLSearchParams): PageFilter {
  const states = query
    .getAll('state')
    .flatMap((s) => s.split(','))
    .filter((s): s is ClusterState => (CLUSTER_STATES as readonly string[]).includes(s));
  return { states: [...new Set(states)], cluster: (query.get('cluster') ?? '').trim().slice(0, 200) };
}

/** A predicate over clusters for `filter` (pure); the page's script matches the same way. */
export function filterMatcher(filter: PageFilter): (cluster: ClusterStatus) => boolean {
  const ids = clusterFilter({ pattern: filter.cluster });
  return (cluster) =>
    (filter.states.length === 0 || filter.states.includes(cluster.state)) && ids(cluster.id);
}

/** The query string for `filter`, '' when it shows everything (pure). */
export function filterQuery(filter: PageFilter): string {
  const query = new URLSearchParams();
  filter.states.forEach((s) => query.append('state', s));
  if (filter.cluster !== '') query.set('cluster', filter.cluster);
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}
