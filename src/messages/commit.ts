/**
 * The commit message publish writes: a subject that says what changed, a body that
 * lists every changed file, and git trailers recording where the change came from
 * (so `git interpret-trailers --parse` and forges can read them back).
 */
import type { ChangeSet, ResourceChange } from '../diff/model';
import { clusterResourceChanges } from '../diff/model';
import { checkProvenance, type Provenance } from './provenance';
import { SUBJECT_MAX_LENGTH, describeClusters } from './subject';

/** Options of {@link commitMessage}. */
export interface CommitMessageOptions extends Provenance {
  /** Only describe these clusters (a commit per cluster group); all clusters when absent. */
  readonly clusters?: readonly string[];
}

/** The trailer keys gitops-synth writes; scripts may look for them. */
export const TRAILER_KEYS = {
  intentsDigest: 'Intents-Digest',
  intentsRevision: 'Intents-Revision',
  generatedBy: 'Generated-By',
  freezeOverride: 'Freeze-Override',
  ciRun: 'CI-Run',
} as const;

const STATUS_LETTERS = { added: 'A', changed: 'M', removed: 'D' } as const;

/**
 * Writes the commit message for a change set: subject (at most 72 characters), a
 * blank line, one `A|M|D <path>` line per changed file, a blank line, then trailers.
 */
export function commitMessage(changeSet: ChangeSet, options: CommitMessageOptions): string {
  checkProvenance(options);
  const wanted = options.clusters === undefined ? undefined : new Set(options.clusters);
  const clusters = changeSet.clusters.filter(
    (cluster) => wanted === undefined || wanted.has(cluster.cluster),
  );
  const subject = describeClusters(clusters, SUBJECT_MAX_LENGTH);
  const files = clusters
    .flatMap(clusterResourceChanges)
    .sort((a, b) => (a.resource.path < b.resource.path ? -1 : a.resource.path > b.resource.path ? 1 : 0))
    .map(fileLine);
  const paragraphs = [
    subject,
    ...(files.length === 0 ? [] : [files.join('\n')]),
    trailers(options).join('\n'),
  ];
  return `${paragraphs.join('\n\n')}\n`;
}

/** `A clusters/c/namespaces/ns/operation-x.yaml (backup wiki)`: a file and, for Operations, what they do. */
function fileLine(change: ResourceChange): string {
  const operation =
    change.operation === undefined ? '' : ` (${change.operation.type} ${change.operation.target})`;
  return `${STATUS_LETTERS[change.change]} ${change.resource.path}${operation}`;
}

function trailers(provenance: Provenance): string[] {
  return [
    `${TRAILER_KEYS.intentsDigest}: ${provenance.intentsDigest}`,
    ...(provenance.intentsRevision === undefined
      ? []
      : [`${TRAILER_KEYS.intentsRevision}: ${provenance.intentsRevision}`]),
    `${TRAILER_KEYS.generatedBy}: gitops-synth ${provenance.toolVersion}`,
    ...(provenance.freezeOverride === undefined
      ? []
      : [`${TRAILER_KEYS.freezeOverride}: ${provenance.freezeOverride}`]),
    ...(provenance.ciUrl === undefined ? [] : [`${TRAILER_KEYS.ciRun}: ${provenance.ciUrl}`]),
  ];
}

/**
 * The trailers a commit that is not rendered from intents carries (a rollback's revert):
 * the tool's version and the CI run, so every commit the tool makes says who made it.
 */
export function auditTrailers(audit: { readonly toolVersion: string; readonly ciUrl?: string }): string[] {
  return [
    `${TRAILER_KEYS.generatedBy}: gitops-synth ${audit.toolVersion}`,
    ...(audit.ciUrl === undefined ? [] : [`${TRAILER_KEYS.ciRun}: ${audit.ciUrl}`]),
  ];
}
