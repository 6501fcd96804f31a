import { hostFromFlags } from '../platform-flags';
import { formatOption, PLATFORM_FLAGS, withFlags } from '../options';
import type { Argv, CommandModule } from 'yargs';
import { FLUX_EVENTS_PATH } from '../../contract/sync-contract';
import { GitopsSynthError } from '../../errors';
import { GitRepository } from '../../git/repository';
import type { ProviderName } from '../../platform/types';
import { checkSelection, ClusterSelection, clusterFilter } from '../../selection';
import { deriveStatuses } from '../../status/derive';
import { DURATION_SYNTAX, parseDuration } from '../../duration';
import { StatusMonitor } from '../../status/monitor';
import { GitSource, poll } from '../../status/poll';
import { renderStatusJson, renderStatusText } from '../../status/render-text';
import { startStatusServer } from '../../status/server';
import { StatusStore } from '../../status/status-store';
import { commandContext, CommandContext, GlobalArgs } from '../context';
import { CliIo } from '../io';
import { commandHelp, EnvironmentVariable } from '../help';
import type { ExitHolder } from '../exit-codes';

/** The output formats of `status`. */
export const STATUS_FORMATS = ['text', 'json'] as const;

/** Node's timers wait at most 2^31-1 ms (about 24.8 days); a longer interval would fire at once. */
const MAX_POLL_INTERVAL_MS = 24 * 86_400_000;

interface StatusArgs extends GlobalArgs {
  readonly provider?: ProviderName;
  readonly 'api-url'?: string;
  readonly project?: string;
  readonly format: (typeof STATUS_FORMATS)[number];
  readonly 'stale-after': string;
  readonly 'poll-interval'?: string;
  readonly 'max-commits': number;
  readonly listen?: string;
}

const STATUS_ENVIRONMENT: readonly EnvironmentVariable[] = [
  'GITOPS_TOKEN',
  'GITOPS_TOKEN_FILE',
  'GITOPS_TOKEN_USERNAME',
  'GITOPS_SSH_KEY',
  'GITOPS_SSH_KNOWN_HOSTS',
  'XDG_CACHE_HOME',
];

function statusOptions<T>(yargs: Argv<T>): Argv<T> {
  return withFlags(yargs, ['repo', 'root', 'base', 'clusters', ...PLATFORM_FLAGS])
    .option('stale-after', {
      type: 'string',
      default: '30m',
      describe: `A merged change with no controller report after this long is stale; ${DURATION_SYNTAX}`,
      requiresArg: true,
    })
    .option('max-commits', {
      type: 'number',
      default: 50,
      describe: 'How many recent base commits to read controller reports from (one API call each)',
      requiresArg: true,
    });
}

/** `gitops-synth status` and `gitops-synth status serve`. */
export function statusCommand(io: CliIo, _exit: ExitHolder): CommandModule<object, StatusArgs> {
  return {
    command: 'status',
    describe:
      "Report each cluster's sync state, rebuilt from the base branch, pull requests and the commit statuses Flux and Argo CD post",
    builder: (yargs) =>
      commandHelp(
        formatOption(statusOptions(yargs as Argv<StatusArgs>), STATUS_FORMATS).command(serveCommand(io)),
        {
          examples: [
            [
              '$0 status --repo https://github.com/acme/fleet.git',
              "Each cluster's sync state: pending-review, awaiting-sync, applied, failed or stale",
            ],
            [
              "$0 status --format json --clusters 'cluster-prod-*'",
              'The ClusterStatusList the control plane reads, for the production clusters',
            ],
          ],
          environment: STATUS_ENVIRONMENT,
        },
      ),
    handler: async (args) => {
      const setup = await statusSetup(args, io);
      const statuses = new StatusStore();
      const result = await poll({ ...setup.pollRequest, statuses });
      checkSelection(result.clusters, setup.selection);
      const list = deriveStatuses({
        ...result,
        statuses,
        selects: setup.selects,
        now: io.now(),
        staleAfterSeconds: setup.staleAfterSeconds,
      });
      io.out(args.format === 'json' ? renderStatusJson(list) : renderStatusText(list));
    },
  };
}

/** `gitops-synth status serve` (a subcommand of status, whose flags it inherits). */
export function serveCommand(io: CliIo): CommandModule<StatusArgs, StatusArgs> {
  return {
    command: 'serve',
    describe:
      "Receive the host's signed webhooks (commit statuses, pushes) and Flux's signed events (POST /flux/events); answer GET /clusters and GET /clusters/<id> with the status JSON, serve the live fleet page on GET / (updates on GET /events) and delivery metrics on GET /metrics",
    // status's own flags are inherited (yargs runs the parent's builder first); defining them again listed them twice.
    builder: (yargs) =>
      commandHelp(
        yargs
          .hide('format')
          .option('listen', {
            type: 'string',
            demandOption: true,
            describe:
              'host:port to bind, e.g. 127.0.0.1:8080 (only that address is bound; any other than loopback needs GITOPS_STATUS_TOKEN)',
            requiresArg: true,
          })
          .option('poll-interval', {
            type: 'string',
            default: '5m',
            describe: `Also re-read Git and the host this often, so a missed delivery is caught up (at most 24d); ${DURATION_SYNTAX}`,
            requiresArg: true,
          }),
        {
          examples: [
            [
              'GITOPS_WEBHOOK_SECRET=… $0 status serve --listen 127.0.0.1:8080 --repo https://github.com/acme/fleet.git',
              "Serve GET /clusters, kept current by the host's webhooks",
            ],
            [
              'GITOPS_WEBHOOK_SECRET=… GITOPS_EVENTS_SECRET=… $0 status serve --listen 0.0.0.0:8080 --poll-interval 1m',
              "Also take Flux's events (bootstrap --status-url), re-polling every minute",
            ],
          ],
          environment: [
            ...STATUS_ENVIRONMENT,
            'GITOPS_WEBHOOK_SECRET',
            'GITOPS_EVENTS_SECRET',
            'GITOPS_STATUS_TOKEN',
          ],
        },
      ),
    handler: async (args) => {
      const { host, port } = parseListen(args.listen ?? '');
      const pollEverySeconds =
        parseDuration(args['poll-interval'] ?? '5m', '--poll-interval', { maxMs: MAX_POLL_INTERVAL_MS }) /
        1000;
      const secret = io.env.GITOPS_WEBHOOK_SECRET ?? '';
      if (secret === '') {
        throw new GitopsSynthError(
          'WEBHOOK_SECRET_MISSING',
          'status serve needs the webhook secret in GITOPS_WEBHOOK_SECRET',
          {
            hint: "set the same secret in the Git host's webhook settings; unsigned deliveries are always refused, so serving without one would accept nothing",
          },
        );
      }
      const setup = await statusSetup(args, io);
      const log = (line: string) => io.err(`${line}\n`);
      const monitor = new StatusMonitor({
        poll: (statuses) => poll({ ...setup.pollRequest, statuses }),
        commitStatuses: (sha) => setup.pollRequest.platform.listCommitStatuses(sha),
        selects: setup.selects,
        staleAfterSeconds: setup.staleAfterSeconds,
        now: () => io.now(),
        log,
      });
      let timer: NodeJS.Timeout | undefined;
      const eventsSecret = io.env.GITOPS_EVENTS_SECRET;
      if (eventsSecret !== undefined && eventsSecret !== '' && eventsSecret === secret) {
        throw new GitopsSynthError(
          'INVALID_ENVIRONMENT',
          'GITOPS_EVENTS_SECRET and GITOPS_WEBHOOK_SECRET are the same value',
          {
            hint: "the clusters hold the events key; give them their own, so that a cluster cannot forge the Git host's deliveries",
          },
        );
      }
      const server = await startStatusServer({
        monitor,
        provider: setup.pollRequest.platform.name,
        secret,
        eventsSecret,
        base: setup.pollRequest.base,
        host,
        port,
        log,
        now: () => io.now(),
        statusToken: io.env.GITOPS_STATUS_TOKEN,
      });
      let clock: NodeJS.Timeout | undefined;
      try {
        // Recover the state by polling before answering: a restart loses nothing the host still has.
        await monitor.start();
        // Webhooks are the fast path; a periodic poll catches up with any delivery that was lost.
        timer = setInterval(
          () => monitor.accept({ kind: 'refresh', reason: 'periodic poll' }),
          pollEverySeconds * 1000,
        );
        // `stale` comes with the clock, not with a delivery: look again now and then, so the page hears of it.
        clock = setInterval(() => monitor.check(), 15_000);
        const eventsRoute = eventsSecret ? `, POST ${FLUX_EVENTS_PATH}` : '';
        io.out(
          `status serve: listening on ${server.url} (POST /webhook${eventsRoute}, GET /clusters, GET /clusters/<id>, GET /events, GET /metrics)\n`,
        );
        io.out(`status serve: fleet page at ${server.url}/\n`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
      } finally {
        clearInterval(timer);
        clearInterval(clock);
        await server.close();
        await monitor.idle();
      }
    },
  };
}

/** Parses `--listen host:port` (`[::1]:8080` for IPv6). */
export function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535) {
    throw new GitopsSynthError('INVALID_FLAG', `--listen: '${value}' is not host:port`, {
      hint: 'e.g. --listen 127.0.0.1:8080; the server binds only that address',
    });
  }
  return { host: match[1] ?? match[2], port };
}

interface StatusSetup {
  readonly pollRequest: Omit<Parameters<typeof poll>[0], 'statuses'>;
  readonly selects: (clusterId: string) => boolean;
  readonly staleAfterSeconds: number;
  readonly selection: ClusterSelection;
}

/** Checks every flag, then builds the git source and the platform. */
async function statusSetup(args: StatusArgs, io: CliIo): Promise<StatusSetup> {
  const context = commandContext({ ...args, root: args.root }, io);
  const staleAfterSeconds = parseDuration(args['stale-after'], '--stale-after') / 1000;
  const maxCommits = args['max-commits'];
  if (!Number.isInteger(maxCommits) || maxCommits < 1) {
    throw new GitopsSynthError(
      'INVALID_FLAG',
      `--max-commits: '${String(maxCommits)}' is not a whole number of at least 1`,
    );
  }
  const source = await gitSource(args, context);
  const { platform, tokenSource } = await hostFromFlags(
    args,
    source.remote,
    io,
    'a read-only token is enough: status reads pull requests and commit statuses, and writes nothing',
  );
  // A GitHub App's installation token fetches the repository too (there is no GITOPS_TOKEN then).
  const git: GitSource =
    source.git.kind === 'workspace'
      ? { ...source.git, workspace: { ...source.git.workspace, tokenSource } }
      : { ...source.git, tokenSource };
  const selects = clusterFilter(context.selection);
  return {
    pollRequest: { git, base: context.base, maxCommits, platform, selects },
    selects,
    staleAfterSeconds,
    selection: context.selection,
  };
}

async function gitSource(
  args: StatusArgs,
  context: CommandContext,
): Promise<{ git: GitSource; remote: string | undefined }> {
  if (args.root !== undefined) {
    const repo = await GitRepository.open({ dir: context.root, env: context.io.env });
    return {
      git: { kind: 'root', dir: context.root, env: context.io.env },
      remote: context.repo ?? (await repo.getOriginUrl()),
    };
  }
  if (context.repo === undefined) {
    throw new GitopsSynthError('INVALID_FLAG', '--repo: no GitOps repository given', {
      hint: 'pass --repo <url-or-path> (or set `repo` in gitops-synth.yaml), or --root <clone>',
    });
  }
  return {
    git: {
      kind: 'workspace',
      workspace: { repo: context.repo, base: context.base, cwd: context.io.cwd, env: context.io.env },
    },
    remote: context.repo,
  };
}
