import { checkWorkersEnv } from '../../pipeline/render-workers';
import type { Argv, CommandModule } from 'yargs';
import { synthesizeTree } from '../../pipeline/synth-tree';
import { commandContext, GlobalArgs, intentsPath, parseDeletionShare } from '../context';
import { CliIo } from '../io';
import type { ExitHolder } from '../exit-codes';
import { operationRetentionFrom, operationRetentionOption } from '../operation-retention';
import { createProgress, wantsProgress } from '../progress';
import { deletionOptions, treeOptions, withFlags } from '../options';
import { commandHelp } from '../help';

interface SynthArgs extends GlobalArgs {
  readonly 'allow-deletions'?: boolean;
  readonly 'max-deletion-share'?: number;
  readonly 'operation-retention'?: string;
  readonly cache?: boolean;
  readonly progress?: boolean;
}

/** `--progress` and `--cache` / `--no-cache`. */
function cacheOption(yargs: Argv<SynthArgs>): Argv<SynthArgs> {
  return withFlags(yargs, ['progress']).option('cache', {
    type: 'boolean',
    default: true,
    describe:
      'Skip clusters whose intents and files have not changed since the last synth (fingerprints and file stamps kept in .git/gitops-synth/ or .gitops-synth/). --no-cache renders every selected cluster',
  });
}

/** `gitops-synth synth`: intents → tree on disk, writing only what changed. */
export function synthCommand(io: CliIo, _exit: ExitHolder): CommandModule<object, SynthArgs> {
  return {
    command: 'synth',
    describe:
      'Synthesize the intents into clusters/<cluster-id>/ under --root (writes only files whose bytes change, prunes what the intents no longer produce)',
    builder: (yargs) =>
      commandHelp(
        cacheOption(operationRetentionOption(deletionOptions(treeOptions(yargs as Argv<SynthArgs>)))),
        {
          examples: [
            [
              '$0 synth',
              'Synthesize the intents named in gitops-synth.yaml into clusters/ of the current directory',
            ],
            [
              "$0 synth --intents exports/ --clusters 'cluster-prod-*'",
              'Only the clusters whose id starts with cluster-prod-',
            ],
            [
              '$0 synth --no-cache --progress',
              'Render every cluster again, showing clusters done, rate and ETA',
            ],
          ],
          environment: ['CI', 'GITOPS_SYNTH_WORKERS'],
        },
      ),
    handler: async (args) => {
      const context = commandContext(args, io);
      checkWorkersEnv(io.env);
      const maxDeletionShare = parseDeletionShare(
        args['max-deletion-share'],
        context.config.maxDeletionShare,
      );
      const progress = createProgress(io, 'clusters', !context.quiet && wantsProgress(args.progress, io));
      const result = await synthesizeTree({
        intents: intentsPath(context),
        repoUrl: context.repo,
        branch: context.base,
        selection: context.selection,
        operationRetention: operationRetentionFrom(args, io),
        limits: context.limits,
        env: io.env,
        root: context.root,
        allowDeletions: args['allow-deletions'] === true,
        maxDeletionShare,
        useCache: args.cache !== false,
        onProgress: (done, total) => progress.update(done, total),
      }).finally(() => progress.done());
      const { added, updated, deleted, unchanged } = result.summary;
      if (context.quiet) return;
      if (added.length + updated.length + deleted.length === 0) {
        io.out(`Nothing changed: ${unchanged} files already match the intents.\n`);
      } else {
        const skipped =
          result.skipped.length === 0 ? '' : ` (${result.skipped.length} unchanged clusters skipped)`;
        io.out(
          `Synthesized ${result.clusters} clusters: ${added.length} added, ${updated.length} updated, ${deleted.length} deleted, ${unchanged} unchanged${skipped}.\n`,
        );
      }
    },
  };
}
