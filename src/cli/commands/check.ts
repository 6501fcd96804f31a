import { checkWorkersEnv } from '../../pipeline/render-workers';
import type { Argv, CommandModule } from 'yargs';
import { diffTrees } from '../../diff/diff';
import { renderText } from '../../diff/text';
import { checkTree } from '../../pipeline/check-tree';
import { commandContext, GlobalArgs, intentsPath } from '../context';
import { ExitCode } from '../exit-codes';
import { CliIo, useColor } from '../io';
import type { ExitHolder } from '../exit-codes';
import { operationRetentionFrom, operationRetentionOption } from '../operation-retention';
import { treeOptions } from '../options';
import { commandHelp } from '../help';

/**
 * `gitops-synth check`: the CI gate for pull requests. Synthesizes into memory (a
 * temporary tree that is never written) and fails with a readable diff when the
 * committed tree is not what the intents produce. A clean Git work tree is compared
 * through the blob ids in its index (see `pipeline/check-tree.ts`).
 */
export function checkCommand(io: CliIo, exit: ExitHolder): CommandModule<object, GlobalArgs> {
  return {
    command: 'check',
    describe:
      'Fail (exit 1) with a readable diff when the tree under --root is not exactly what the intents produce; writes nothing',
    builder: (yargs) =>
      commandHelp(operationRetentionOption(treeOptions(yargs as Argv<GlobalArgs>)), {
        examples: [
          ['$0 check', 'Fail (exit 1) when the committed clusters/ is not what the intents produce'],
          ['$0 check --shard 2/4', 'The same for one shard of four, in a CI matrix'],
        ],
        environment: ['NO_COLOR', 'GITOPS_SYNTH_WORKERS'],
      }),
    handler: async (args) => {
      const context = commandContext(args, io);
      checkWorkersEnv(io.env);
      const { files, desired, current, comparison, matches } = await checkTree({
        intents: intentsPath(context),
        repoUrl: context.repo,
        branch: context.base,
        selection: context.selection,
        operationRetention: operationRetentionFrom(args, io),
        limits: context.limits,
        root: context.root,
        env: io.env,
      });
      if (matches || current === undefined) {
        if (!context.quiet) {
          io.out(`The tree is current: ${files} files match the intents.\n`);
        }
        return;
      }
      exit.code = ExitCode.failure;
      const lines = [
        ...comparison.added.map((p) => `  missing  ${p}`),
        ...comparison.changed.map((p) => `  differs  ${p}`),
        ...comparison.removed.map((p) => `  extra    ${p}`),
      ];
      io.err(
        `gitops-synth: the tree under ${context.root} is not what the intents produce (${lines.length} files):\n${lines.join('\n')}\n\n`,
      );
      io.err(renderText(diffTrees(current, desired), { color: useColor(io) }));
      io.err('\nRun `gitops-synth synth` and commit the result.\n');
    },
  };
}
