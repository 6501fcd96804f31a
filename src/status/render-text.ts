import { ClusterStatusList } from './model';

/**
 * The human form of a status list: one line per cluster (id, state, the commit
 * and intents revision on the base branch, the pull request), then its message
 * and each controller's report, indented (pure).
 */
export function renderStatusText(list: ClusterStatusList): string {
  if (list.clusters.length === 0) {
    return `No cluster on ${list.base.branch} (${list.base.sha.slice(0, 12)}) matches the selection.\n`;
  }
  const width = Math.max(...list.clusters.map((c) => c.id.length));
  const lines: string[] = [];
  for (const cluster of list.clusters) {
    const commit =
      cluster.commit === null
        ? 'not on the base branch'
        : `${cluster.commit.sha.slice(0, 12)} (intents ${cluster.commit.intentsRevision ?? 'revision unknown'})`;
    const pull = cluster.pullRequest === null ? '' : `  pull request #${cluster.pullRequest.number}`;
    lines.push(`${cluster.id.padEnd(width)}  ${cluster.state.padEnd(14)}  ${commit}${pull}`);
    lines.push(`${' '.repeat(width)}  ${cluster.message}`);
    for (const report of cluster.reports) {
      lines.push(
        `${' '.repeat(width)}    ${report.controller} ${report.context}: ${report.state}${report.description === '' ? '' : ` (${report.description})`} on ${report.commit.slice(0, 12)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The JSON form: the versioned document, pretty-printed (pure). */
export function renderStatusJson(list: ClusterStatusList): string {
  return `${JSON.stringify(list, null, 2)}\n`;
}
