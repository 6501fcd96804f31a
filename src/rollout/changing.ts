/** Which clusters a rendered tree changes against the base branch's tree (pure). */

/** The ids of `clusters` whose files under `clusters/<id>/` differ between `desired` and `onBase`. */
export function changingClusters(
  clusters: readonly string[],
  desired: ReadonlyMap<string, string>,
  onBase: ReadonlyMap<string, string>,
): Set<string> {
  const files = (tree: ReadonlyMap<string, string>) => {
    const byCluster = new Map<string, Map<string, string>>();
    for (const [file, content] of tree) {
      const id = file.split('/')[1];
      if (!byCluster.has(id)) byCluster.set(id, new Map());
      byCluster.get(id)!.set(file, content);
    }
    return byCluster;
  };
  const want = files(desired);
  const have = files(onBase);
  const same = (a = new Map<string, string>(), b = new Map<string, string>()): boolean =>
    a.size === b.size && [...a].every(([file, content]) => b.get(file) === content);
  return new Set(clusters.filter((id) => !same(want.get(id), have.get(id))));
}
