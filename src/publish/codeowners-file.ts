/**
 * The CODEOWNERS file in a group's working copy: publish writes the whole fleet's
 * block (see ./codeowners) on a branch whose tree changed, or whose own clusters'
 * owners did, and nowhere else.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ClusterIntent } from '../intents/model';
import { codeownersPath, fleetCodeowners, ownLinesDiffer } from './codeowners';
import { PublishGroup } from './groups';

/** How the CODEOWNERS file changes on a group's branch, for the dry run's file list. */
export interface CodeownersChange {
  readonly path: string;
  /** `A` when the base has no such file, else `M`. */
  readonly status: 'A' | 'M';
}

/**
 * Writes the whole fleet's CODEOWNERS block when the group's tree changed or its own
 * clusters' owners did; returns what changed, or undefined when the file stays as it is.
 */
export function writeCodeowners(
  root: string,
  group: PublishGroup,
  clusters: readonly ClusterIntent[],
  treeChanged: boolean,
): CodeownersChange | undefined {
  const file = codeownersPath((candidate) => fs.existsSync(path.join(root, candidate)));
  const absolute = path.join(root, file);
  const existing = fs.existsSync(absolute) ? fs.readFileSync(absolute, 'utf8') : undefined;
  if (!treeChanged && !ownLinesDiffer(existing, group.clusters, clusters)) {
    return undefined;
  }
  const next = fleetCodeowners(existing, clusters);
  if (next === (existing ?? '')) {
    return undefined;
  }
  fs.mkdirSync(path.dirname(absolute), { recursive: true });
  fs.writeFileSync(`${absolute}.tmp`, next);
  fs.renameSync(`${absolute}.tmp`, absolute);
  return { path: file, status: existing === undefined ? 'A' : 'M' };
}
