import type { Argv, CommandModule } from 'yargs';
import { ValidationError } from '../../errors';
import { loadFleet } from '../../intents/load';
import { loadCrdRegistry } from '../../schema/registry';
import { validateTreeOnDisk } from '../../schema/validate-tree';
import { checkSelection, clusterFilter } from '../../selection';
import { readdirSync } from 'fs';
import * as path from 'path';
import { commandContext, GlobalArgs, intentsPath } from '../context';
import { CliIo } from '../io';
import type { ExitHolder } from '../exit-codes';
import { treeOptions } from '../options';
import { commandHelp } from '../help';

/**
 * `gitops-synth validate`: checks the intents (when given) and every object the
 * tool owns under --root against its CRD schema and the rules CEL carries.
 */
export function validateCommand(io: CliIo, _exit: ExitHolder): CommandModule<object, GlobalArgs> {
  return {
    command: 'validate',
    describe:
      'Check the intents (--intents or the config file) and the objects of the tree under --root against the CRD schemas',
    builder: (yargs) =>
      commandHelp(treeOptions(yargs as Argv<GlobalArgs>), {
        examples: [
          [
            '$0 validate',
            'Check the intents named in gitops-synth.yaml and the tree under the current directory',
          ],
          [
            '$0 validate --root ../fleet --clusters cluster-prod-1',
            "Check one cluster's objects in another checkout, without intents",
          ],
        ],
        environment: [],
      }),
    handler: async (args) => {
      const context = commandContext(args, io);
      // Intents are optional here: `validate --root <tree>` checks a tree on its own.
      const intents =
        args.intents !== undefined || context.config.intents !== undefined ? intentsPath(context) : undefined;
      if (intents !== undefined) {
        const loaded = await loadFleet(intents, context.limits);
        checkSelection(
          loaded.fleet.clusters.map((cluster) => cluster.id),
          context.selection,
        );
        if (!context.quiet) {
          io.out(
            `Intents are valid: ${loaded.fleet.clusters.length} clusters, ${loaded.fleet.applications.length} applications, ${loaded.fleet.operations.length} operations (${loaded.files.length} files).\n`,
          );
        }
      }
      if (intents === undefined) checkSelection(clusterDirectories(context.root), context.selection);
      const problems = await validateTreeOnDisk(context.root, loadCrdRegistry(), {
        clusters: clusterFilter(context.selection),
      });
      if (problems.length > 0) {
        throw new ValidationError(
          'TREE_INVALID',
          `the tree under ${context.root} breaks its CRD schemas`,
          problems,
        );
      }
      if (!context.quiet) {
        io.out('Tree is valid: every object matches its CRD schema.\n');
      }
    },
  };
}

/** The cluster ids a tree holds (its directories under clusters/), for a selection without intents. */
function clusterDirectories(root: string): string[] {
  try {
    return readdirSync(path.join(root, 'clusters'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}
