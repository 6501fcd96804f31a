import type { Argv, CommandModule } from 'yargs';
import { renderFleet } from '../../pipeline/render';
import { clusterFilter } from '../../selection';
import { writeTree } from '../../tree/write';
import { commandContext, GlobalArgs, intentsPath, parseDeletionShare } from '../context';
import { CliIo } from '../io';
import type { ExitHolder } from '../main';
import { operationRetentionFrom, operationRetentionOption } from '../operation-retention';
import { deletionOptions, ENVIRONMENT_HELP, treeOptions } from '../options';

interface SynthArgs extends GlobalArgs {
  readonly 'allow-deletions'?: boolean;
  readonly 'max-deletion-share'?: number;
  readonly 'operation-retention'?: string;
}

/** `gitops-synth synth`: intents → tree on disk, writing only what changed. */
export function synthCommand(io: CliIo, _exit: ExitHolder): CommandModule<object, SynthArgs> {
  return {
    command: 'synth',
    describe: 'Synthesize the intents into clusters/<cluster-id>/ under --root (writes only files whose bytes change, prunes what the intents no longer produce)',
    builder: (yargs) => operationRetentionOption(deletionOptions(treeOptions(yargs as Argv<SynthArgs>))).epilogue(ENVIRONMENT_HELP),
    handler: async (args) => {
      const context = commandContext(args, io);
      const maxDeletionShare = parseDeletionShare(args['max-deletion-share'], context.config.maxDeletionShare);
      const rendered = await renderFleet({ intents: intentsPath(context), repoUrl: context.repo, branch: context.base, selection: context.selection, operationRetention: operationRetentionFrom(args, io) });
      const result = await writeTree(context.root, rendered.tree, {
        allowDeletions: args['allow-deletions'] === true,
        maxDeletionShare,
        clusters: clusterFilter(context.selection),
        // Operations that aged out are expected deletions: the guard counts the others only.
        expectedDeletions: new Set(rendered.expiredOperations),
      });
      const changed = result.added.length + result.updated.length + result.deleted.length;
      if (!context.quiet) {
        io.out(changed === 0
          ? `Nothing changed: ${result.unchanged} files already match the intents.\n`
          : `Synthesized ${rendered.fleet.clusters.length} clusters: ${result.added.length} added, ${result.updated.length} updated, ${result.deleted.length} deleted, ${result.unchanged} unchanged.\n`);
      }
    },
  };
}
