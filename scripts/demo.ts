/**
 * The publish loop on a loopback forge, for a newcomer's first look (`npm run demo`):
 * a bare Git repository stands in for the GitOps repository and the test suite's
 * loopback forge (which checks every request against GitHub's API description)
 * stands in for GitHub. It publishes the bundled example, publishes an intent change
 * (the pull request is updated in place), then publishes again (nothing happens).
 * Last, two pull requests are merged and `status serve` shows the fleet page: the
 * demo ends by printing its URL and keeps it live until Ctrl-C (demo-serve.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../src/cli/main';
import { processIo } from '../src/cli/io';
import { createBareRepository, git, testGitEnv } from '../test/support/git-server';
import { startLoopbackForge } from '../test/support/forge';
import { servePage } from './demo-serve';

async function run(title: string, argv: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<void> {
  process.stdout.write(
    `\n\x1b[1m## ${title}\x1b[0m\n$ gitops-synth ${argv.map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ')}\n`,
  );
  const code = await main(argv, { ...processIo(), cwd, env });
  if (code !== 0) {
    throw new Error(`gitops-synth exited with ${code}`);
  }
}

async function demo(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-synth-demo-'));
  const forge = await startLoopbackForge({ provider: 'github', project: 'acme/fleet' });
  try {
    const bare = createBareRepository({ root: dir, name: 'fleet.git' });
    const intents = path.join(dir, 'intents');
    fs.cpSync(path.resolve(__dirname, '../examples/intents'), intents, { recursive: true });
    const env = {
      ...testGitEnv(path.join(dir, 'home')),
      PATH: process.env.PATH,
      XDG_CACHE_HOME: path.join(dir, 'cache'),
      GITOPS_TOKEN: forge.token,
      GITOPS_AUTHOR_NAME: 'gitops-synth',
      GITOPS_AUTHOR_EMAIL: 'gitops-synth@example.org',
    };
    const publish = [
      'publish',
      '--intents',
      intents,
      '--repo',
      bare.url,
      '--provider',
      'github',
      '--api-url',
      forge.apiUrl,
      '--project',
      'acme/fleet',
    ];
    process.stdout.write(`GitOps repository: ${bare.url}\nLoopback forge (GitHub API): ${forge.apiUrl}\n`);

    await run('1. Publish the example fleet: one pull request per cluster', publish, env, dir);
    const prod = path.join(intents, 'prod.yaml');
    fs.writeFileSync(prod, fs.readFileSync(prod, 'utf8').replace('version: "28.0.4"', 'version: "28.0.5"'));
    await run(
      '2. An intent changes (nextcloud 28.0.4 → 28.0.5): the open pull request is updated in place',
      publish,
      env,
      dir,
    );
    await run('3. Publish again: nothing changed, so no commit, no push, no API write', publish, env, dir);

    process.stdout.write('\n\x1b[1m## Pull requests on the forge\x1b[0m\n');
    for (const pull of forge.state.pulls) {
      process.stdout.write(
        `#${pull.number} ${pull.branch} → ${pull.base}: ${pull.title} [${pull.labels.join(', ')}]\n`,
      );
    }
    const first = forge.state.pulls.find((pull) => pull.branch === 'gitops/cluster-prod-1');
    process.stdout.write(`\n\x1b[1m## Body of #${first?.number}\x1b[0m\n${first?.body}\n`);
    process.stdout.write(
      `\x1b[1m## Commits on gitops/cluster-prod-1\x1b[0m\n${git(['log', '--format=%h %s%n%(trailers:only)', 'gitops/cluster-prod-1'], { cwd: bare.dir })}\n`,
    );
    process.stdout.write(
      `\nEvery request was checked against GitHub's API description: ${forge.validationFailures.length} violations.\n`,
    );
    await servePage({ dir, bareUrl: bare.url, forge, env: env as Record<string, string> });
  } finally {
    await forge.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

demo().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
