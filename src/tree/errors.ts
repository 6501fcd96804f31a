/**
 * The errors the tree writer throws on purpose. Codes are stable: scripts and the CLI
 * match them. Lists of paths are capped so a message stays readable on 100,000 files.
 */
import { GitopsSynthError } from '../errors';
import { LockError } from '../lock/errors';

/** How many paths a message lists before it says "and N more". */
const LISTED_PATHS = 20;

/** Formats paths as an indented list, capped at {@link LISTED_PATHS}. */
export function listPaths(paths: readonly string[]): string {
  const shown = paths.slice(0, LISTED_PATHS).map((p) => `  - ${p}`);
  if (paths.length > LISTED_PATHS) {
    shown.push(`  ... and ${paths.length - LISTED_PATHS} more`);
  }
  return shown.join('\n');
}

/** One desired path that would overwrite something gitops-synth does not own. */
export interface ForeignCollision {
  /** The path the desired tree wants to write. */
  readonly path: string;
  /** The foreign entry in the way: the path itself, or a file or symlink above it. */
  readonly blockedBy: string;
}

/** A desired file would overwrite a file (or symlink, or directory) that gitops-synth does not own. */
export class ForeignFileError extends GitopsSynthError {
  public readonly collisions: readonly ForeignCollision[];

  public constructor(collisions: readonly ForeignCollision[]) {
    const lines = collisions.map((c) =>
      c.blockedBy === c.path ? c.path : `${c.path} (blocked by ${c.blockedBy})`,
    );
    super(
      'FOREIGN_FILE',
      `Refusing to overwrite ${collisions.length} path${collisions.length === 1 ? '' : 's'} that gitops-synth does not own ` +
        `(no "app.vworkspace.io/managed-by: control-plane" label); nothing was written:\n${listPaths(lines)}`,
      {
        hint: 'Move or delete these files, or add the managed-by label to hand them over to gitops-synth; no flag overrides this.',
      },
    );
    this.collisions = collisions;
  }
}

/** What the deletion guard found, for scripts that want the numbers. */
export interface DeletionGuardFacts {
  readonly deleting: number;
  readonly owned: number;
  readonly maxShare: number;
  /** Clusters that would lose every file gitops-synth owns there. */
  readonly emptiedClusters: readonly string[];
  readonly paths: readonly string[];
}

/** The plan deletes more than the allowed share of owned files, or empties a cluster. */
export class DeletionGuardError extends GitopsSynthError {
  public readonly facts: DeletionGuardFacts;

  public constructor(facts: DeletionGuardFacts) {
    const reasons: string[] = [];
    if (facts.deleting > facts.maxShare * facts.owned) {
      reasons.push(`that is more than ${Math.round(facts.maxShare * 100)}% of them`);
    }
    if (facts.emptiedClusters.length > 0) {
      const names = facts.emptiedClusters.map((c) => `"${c}"`).join(', ');
      reasons.push(
        `it removes every file of cluster${facts.emptiedClusters.length === 1 ? '' : 's'} ${names}`,
      );
    }
    super(
      'DELETION_GUARD',
      `Refusing to delete ${facts.deleting} of ${facts.owned} files gitops-synth owns: ${reasons.join('; and ')}. ` +
        `An empty or truncated intents export looks like this. Nothing was written. ` +
        `If the deletions are intended, run again with --allow-deletions.\n${listPaths(facts.paths)}`,
      { hint: 'Check the intents export; pass --allow-deletions only when the deletions are intended.' },
    );
    this.facts = facts;
  }
}

/** Synth produced a tree gitops-synth cannot write or would not recognize as its own next time (a bug). */
export class InvalidDesiredTreeError extends GitopsSynthError {
  public constructor(problems: readonly string[]) {
    super(
      'TREE_INVALID',
      `The synthesized tree breaks the tree rules (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${listPaths(problems)}`,
      {
        source: 'internal',
      },
    );
  }
}

/** The tree on disk changed between reading it and writing it (another writer, or a stale plan). */
export class TreeChangedError extends GitopsSynthError {
  public constructor(detail: string) {
    super('TREE_CHANGED', `The tree changed since it was read: ${detail}. Nothing was changed.`, {
      source: 'external',
      hint: 'Run again; if another gitops-synth or a person is writing the same tree, wait for it to finish.',
    });
  }
}

/** Writing failed part-way; everything was put back as it was. */
export class TreeApplyError extends GitopsSynthError {
  public constructor(root: string, cause: unknown) {
    super(
      'TREE_APPLY_FAILED',
      `Writing the tree in ${root} failed and was rolled back; the tree is as it was: ${describe(cause)}`,
      {
        source: 'external',
        cause,
        hint: 'Fix the cause (permissions, disk space) and run again.',
      },
    );
  }
}

/** Writing failed and so did putting things back; the journal stays so the next run finishes the job. */
export class TreeRollbackError extends GitopsSynthError {
  public constructor(journalDir: string, cause: unknown, rollbackCause: unknown) {
    super(
      'TREE_ROLLBACK_FAILED',
      `Writing the tree failed (${describe(cause)}) and rolling back failed too (${describe(rollbackCause)}). ` +
        `The journal in ${journalDir} is kept; the next run rolls back before it reads the tree.`,
      { source: 'external', cause, hint: 'Fix the cause (permissions, disk space) and run again.' },
    );
  }
}

/** The journal of an interrupted write cannot be understood. */
export class TreeJournalError extends GitopsSynthError {
  public constructor(code: 'TREE_JOURNAL_INVALID', message: string, hint: string) {
    super(code, message, { source: 'external', hint });
  }
}

/** Another live run holds the tree's lock. */
export class TreeLockedError extends LockError {
  public constructor(lockPath: string, message: string, hint: string) {
    super('TREE_LOCKED', lockPath, message, hint);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The repository root given to the tree writer is not a directory. */
export class TreeRootError extends GitopsSynthError {
  public constructor(root: string) {
    super('TREE_ROOT_MISSING', `The repository directory ${root} does not exist or is not a directory.`, {
      hint: 'Pass the path of a clone of the GitOps repository.',
    });
  }
}

/** An option of the tree writer is out of range. */
export class TreeOptionError extends GitopsSynthError {
  public constructor(message: string, hint: string) {
    super('TREE_OPTION_INVALID', message, { hint });
  }
}

/** gitops-synth's state directory (or an entry in it) is a symbolic link: following it could write outside --root. */
export class StateSymlinkError extends GitopsSynthError {
  public constructor(link: string) {
    super(
      'STATE_SYMLINK',
      `${link} is a symbolic link (or not a directory where one belongs); gitops-synth never follows links in its state directory, so nothing is written outside the repository root. Nothing was written.`,
      {
        hint: `Remove ${link} (gitops-synth recreates its state directory as a plain directory) and run again.`,
      },
    );
  }
}
