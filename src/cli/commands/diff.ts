import { checkWorkersEnv } from '../../pipeline/render-workers';
import type { Argv, CommandModule } from 'yargs';
import { renderJson } from '../../diff/json';
import { renderMarkdown } from '../../diff/markdown';
import { isEmpty } from '../../diff/summary';
import { diffAgainstRef } from '../../pipeline/diff-ref';
import { renderText } from '../../diff/text';
import { commandContext, GlobalArgs, intentsPath } from '../context';
import { ExitCode } from '../exit-codes';
import { CliIo, useColor } from '../io';
import type { ExitHolder } from '../exit-codes';
import { operationRetentionFrom, operationRetentionOption } from '../operation-retention';
import { formatOption, treeOptions } from '../options';
import { commandHelp } from '../help';

/** The output formats of `diff`. */
export const DIFF_FORMATS = ['text', 'markdown', 'json'] as const;

interface DiffArgs extends GlobalArgs {
  readonly format: (typeof DIFF_FORMATS)[number];
  readonly against?: string;
  readonly 'exit-code'?: boolean;
  readonly 'operation-retention'?: string;
}

/**
 * `gitops-synth diff`: what the intents would change against a Git ref, per
 * cluster, per resource and per field. Reads the ref with git; writes nothing.
 */
export function diffCommand(io: CliIo, exit: ExitHolder): CommandModule<object, DiffArgs> {
  return {
    command: 'diff',
    describe:
      'Show what the intents would change against a Git ref of the repository at --root (per cluster, resource and field)',
    builder: (yargs) =>
      commandHelp(
        formatOption(operationRetentionOption(treeOptions(yargs as Argv<DiffArgs>)), DIFF_FORMATS)
          .option('against', {
            type: 'string',
            describe:
              'The Git ref to compare with (a branch, tag or commit, e.g. origin/main). Default: --base',
            requiresArg: true,
          })
          .option('exit-code', {
            type: 'boolean',
            default: false,
            describe:
              'Exit 1 when there are changes, 0 when there are none (as kubectl diff and git diff --exit-code)',
          }),
        {
          examples: [
            [
              '$0 diff --against origin/main',
              'What the intents change against origin/main, per cluster, resource and field',
            ],
            ['$0 diff --format json --exit-code', 'A ChangeSet for machines; exit 1 when anything changes'],
            [
              "$0 diff --format markdown --clusters 'cluster-prod-*'",
              'A pull request comment for the production clusters',
            ],
          ],
          environment: ['NO_COLOR', 'GITOPS_SYNTH_WORKERS'],
        },
      ),
    handler: async (args) => {
      const context = commandContext(args, io);
      checkWorkersEnv(io.env);
      // --base is the branch clusters follow (it is rendered into Argo CD Applications);
      // --against only says what to compare with, so `--against origin/main` changes no field.
      const ref = args.against ?? context.base;
      const changes = await diffAgainstRef({
        intents: intentsPath(context),
        repoUrl: context.repo,
        branch: context.base,
        selection: context.selection,
        operationRetention: operationRetentionFrom(args, io),
        limits: context.limits,
        root: context.root,
        ref,
        refFlag: args.against === undefined ? '--base' : '--against',
        env: io.env,
      });
      io.out(
        args.format === 'json'
          ? renderJson(changes)
          : args.format === 'markdown'
            ? renderMarkdown(changes)
            : renderText(changes, { color: useColor(io) }),
      );
      if (args['exit-code'] === true && !isEmpty(changes)) exit.code = ExitCode.failure;
    },
  };
}
