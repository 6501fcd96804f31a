/**
 * The demo's last step: two of the example fleet's pull requests are merged, the
 * controllers report (one applied, one failed), and `status serve` shows the
 * fleet page until Ctrl-C. `DEMO_SCREENSHOT=<file.png>` instead takes the
 * README's screenshot of the page with Debian's chromium and stops.
 */
import * as fs from 'fs';
import * as path from 'path';
import { statusContext } from '../src/contract/sync-contract';
import { createPlatform } from '../src/platform/registry';
import { StatusMonitor } from '../src/status/monitor';
import { poll } from '../src/status/poll';
import { startStatusServer, StatusServer } from '../src/status/server';
import { launchChromium } from '../test/support/browser';
import { addStatus } from '../test/support/forge/state';
import { git } from '../test/support/git-server';
import type { LoopbackForge } from '../test/support/forge';

/** What the demo has set up by now. */
export interface DemoFleet {
  readonly dir: string;
  readonly bareUrl: string;
  readonly forge: LoopbackForge;
  readonly env: Record<string, string>;
}

/** Merges `branch` into main with a merge commit and marks its pull request merged; files every branch writes (CODEOWNERS) take the branch's version. */
function merge(fleet: DemoFleet, work: string, branch: string, date: string): string {
  const reviewer = {
    GIT_AUTHOR_NAME: 'Reviewer',
    GIT_AUTHOR_EMAIL: 'reviewer@example.org',
    GIT_COMMITTER_NAME: 'Reviewer',
    GIT_COMMITTER_EMAIL: 'reviewer@example.org',
  };
  const env = { ...fleet.env, ...reviewer, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  git(['merge', '--quiet', '--no-ff', '-X', 'theirs', '-m', `Merge ${branch}`, `origin/${branch}`], {
    cwd: work,
    env,
  });
  const sha = git(['rev-parse', 'HEAD'], { cwd: work, env }).trim();
  const pull = fleet.forge.state.pulls.find((p) => p.branch === branch);
  if (pull !== undefined) Object.assign(pull, { state: 'merged', mergeCommitSha: sha });
  return sha;
}

/** Merges two pull requests, has the controllers report, and serves the page; resolves when it stops. */
export async function servePage(fleet: DemoFleet): Promise<void> {
  const work = path.join(fleet.dir, 'merge');
  git(['clone', '--quiet', fleet.bareUrl, work], { cwd: fleet.dir, env: fleet.env });
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  merge(fleet, work, 'gitops/cluster-prod-1', minutesAgo(45));
  const tip = merge(fleet, work, 'gitops/cluster-edge-1', minutesAgo(30));
  git(['push', '--quiet', 'origin', 'main'], { cwd: work, env: fleet.env });
  addStatus(fleet.forge.state, tip, {
    context: statusContext('flux', 'cluster-prod-1'),
    state: 'success',
    description: 'reconciliation succeeded',
    targetUrl: '',
    createdAt: minutesAgo(25),
  });
  addStatus(fleet.forge.state, tip, {
    context: statusContext('argocd', 'cluster-edge-1'),
    state: 'failure',
    description: 'one or more objects failed to apply: namespaces "org-edge" is forbidden',
    targetUrl: '',
    createdAt: minutesAgo(20),
  });

  const platform = createPlatform({
    provider: 'github',
    apiUrl: fleet.forge.apiUrl,
    project: 'acme/fleet',
    token: fleet.forge.token,
  });
  const git_ = {
    kind: 'workspace' as const,
    workspace: { repo: fleet.bareUrl, base: 'main', cwd: fleet.dir, env: fleet.env },
  };
  const monitor = new StatusMonitor({
    poll: (statuses) =>
      poll({ git: git_, base: 'main', maxCommits: 50, platform, selects: () => true, statuses }),
    commitStatuses: (sha) => platform.listCommitStatuses(sha),
    selects: () => true,
    staleAfterSeconds: 1800,
    now: () => new Date(),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const server = await startStatusServer({
    monitor,
    provider: 'github',
    secret: 'demo-webhook-secret',
    base: 'main',
    host: '127.0.0.1',
    port: 0,
    log: () => undefined,
  });
  try {
    await monitor.start();
    if (process.env.DEMO_SCREENSHOT) {
      await screenshot(server, process.env.DEMO_SCREENSHOT);
      return;
    }
    process.stdout.write(
      '\n\x1b[1m## 4. Two pull requests merged; the controllers reported (Ctrl-C stops the demo)\x1b[0m\n',
    );
    process.stdout.write(`Fleet status page (live): ${server.url}/\n`);
    const clock = setInterval(() => monitor.check(), 15_000);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    clearInterval(clock);
  } finally {
    await server.close();
    await monitor.idle();
  }
}

async function screenshot(server: StatusServer, file: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 640 }, deviceScaleFactor: 1 });
    await page.goto(`${server.url}/`);
    await page.locator('#live', { hasText: /^live/ }).waitFor();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file, fullPage: true });
    process.stdout.write(`screenshot: ${file}\n`);
  } finally {
    await browser.close();
  }
}
