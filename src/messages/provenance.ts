/** Where a change came from: the intents it was rendered from and the tool that rendered it. */
import { GitopsSynthError } from '../errors';

/** The facts every commit and pull request records about its origin. */
export interface Provenance {
  /** Digest of the intents, as `<algorithm>:<hex>` (`sha256:…`); written verbatim. */
  readonly intentsDigest: string;
  /** The intents' own revision (a Git commit, a control-plane generation), when known. */
  readonly intentsRevision?: string;
  /** gitops-synth's version. */
  readonly toolVersion: string;
  /** `--override-freeze`'s reason, when a pull request opened inside a freeze window (docs/rollout.md). */
  readonly freezeOverride?: string;
  /**
   * The CI run that made the change (see `ciRunUrl`). Commit trailers only: the pull
   * request body leaves it out, so a rerun in another CI job edits nothing.
   */
  readonly ciUrl?: string;
}

/**
 * Checks that provenance values fit on one line. They end up in git trailers and a
 * markdown footer, where a newline would break the format; the values come from
 * gitops-synth itself, so a bad one is a bug (source `internal`).
 */
export function checkProvenance(provenance: Provenance): void {
  const values: Array<[string, string | undefined]> = [
    ['intentsDigest', provenance.intentsDigest],
    ['intentsRevision', provenance.intentsRevision],
    ['toolVersion', provenance.toolVersion],
    ['freezeOverride', provenance.freezeOverride],
    ['ciUrl', provenance.ciUrl],
  ];
  for (const [name, value] of values) {
    if (value === undefined && (name === 'intentsRevision' || name === 'freezeOverride' || name === 'ciUrl'))
      continue;
    if (value === undefined || value.trim() === '' || /[\r\n]/.test(value)) {
      throw new GitopsSynthError(
        'PROVENANCE_INVALID',
        `${name} ${JSON.stringify(value)} must be a non-empty single line`,
        {
          source: 'internal',
          hint: 'it is written into git trailers and the pull request footer',
        },
      );
    }
  }
}
