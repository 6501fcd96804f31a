/**
 * `status serve` in-process over a fleet repository and the loopback forge (GitHub), as
 * the server's tests and the page's tests run it: a workspace poll, the forge's commit
 * statuses, and a fixed clock.
 */
import * as path from 'path';
import { createPlatform } from '../../src/platform/registry';
import { StatusMonitor } from '../../src/status/monitor';
import { poll } from '../../src/status/poll';
import { startStatusServer, StatusServer } from '../../src/status/server';
import type { LoopbackForge } from '../support/forge';
import type { FleetRepo } from './fleet-repo';

/** What the served status needs: the forge and repository it follows, a scratch directory and the secrets. */
export interface ServeStatusOptions {
  readonly forge: LoopbackForge;
  readonly repo: FleetRepo;
  /** Where the working copy cache lives. */
  readonly dir: string;
  readonly now: Date;
  readonly secret: string;
  readonly eventsSecret: string;
  readonly statusToken?: string;
}

/** A started server and its monitor; close the server, then await `monitor.idle()`. */
export interface ServedStatus {
  readonly server: StatusServer;
  readonly monitor: StatusMonitor;
}

/** Starts the monitor and the server on 127.0.0.1 (an ephemeral port), following `main`. */
export async function serveStatus(options: ServeStatusOptions): Promise<ServedStatus> {
  const { forge, repo, now } = options;
  const platform = createPlatform({
    provider: 'github',
    apiUrl: forge.apiUrl,
    project: 'acme/fleet',
    token: forge.token,
  });
  const git = {
    kind: 'workspace' as const,
    workspace: {
      repo: repo.url,
      base: 'main',
      cwd: options.dir,
      env: { ...repo.env, XDG_CACHE_HOME: path.join(options.dir, 'cache') },
    },
  };
  const monitor = new StatusMonitor({
    poll: (statuses) => poll({ git, base: 'main', maxCommits: 20, platform, selects: () => true, statuses }),
    commitStatuses: (sha) => platform.listCommitStatuses(sha),
    selects: () => true,
    staleAfterSeconds: 1800,
    now: () => now,
    log: () => undefined,
  });
  const server = await startStatusServer({
    monitor,
    provider: 'github',
    secret: options.secret,
    eventsSecret: options.eventsSecret,
    base: 'main',
    host: '127.0.0.1',
    port: 0,
    log: () => undefined,
    now: () => now,
    statusToken: options.statusToken,
  });
  await monitor.start();
  return { server, monitor };
}
