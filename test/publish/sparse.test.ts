import * as fs from 'fs';
import * as path from 'path';
import { branchSha, git, pushCompetingCommit } from '../support/git-server';
import { createPublishFixture, PublishFixture, renderIntents, TestCluster } from './harness';

const THREE: readonly TestCluster[] = [
  { id: 'alpha', owners: ['@acme/alpha-team'] },
  { id: 'beta', owners: ['@acme/beta-team'] },
  { id: 'gamma', owners: ['@acme/gamma-team'] },
];

describe('publish with a cluster selection on a large repository', () => {
  let fixture: PublishFixture;
  let work: string;

  /** Puts the whole fleet's synthesized tree (and `extra` files) on main, as if every pull request had been merged. */
  async function mergeFleetIntoMain(extra: Record<string, string> = {}): Promise<void> {
    const rendered = await renderIntents(fixture);
    pushCompetingCommit(fixture.bare.dir, {
      branch: 'main',
      message: 'Merge the fleet',
      files: { ...Object.fromEntries(rendered.tree), ...extra },
    });
  }

  /** A git config value of the working copy, '' when unset. */
  const configValue = (key: string): string => {
    try {
      return git(['config', '--get', key], { cwd: work });
    } catch {
      return '';
    }
  };
  const checkedOut = (): string[] => fs.readdirSync(path.join(work, 'clusters')).sort();
  const changedFiles = (branch: string): string[] =>
    git(['diff', '--name-only', `main...${branch}`], { cwd: fixture.bare.dir })
      .split('\n')
      .filter((l) => l !== '');

  beforeEach(async () => {
    fixture = await createPublishFixture({ clusters: THREE });
    work = path.join(fixture.tmp, 'work');
  });
  afterEach(() => fixture.close());

  it('GIVEN a fleet on main WHEN one cluster is published with --clusters THEN the working copy is a partial clone that checks out only that cluster, and the pull request changes only its files and CODEOWNERS', async () => {
    await mergeFleetIntoMain();
    fixture.writeIntents([{ ...THREE[0], replicas: 3 }, THREE[1], THREE[2]]);
    const run = await fixture.cli(['--clusters', 'alpha', '--root', work]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(configValue('remote.origin.partialclonefilter')).toBe('blob:none');
    expect(checkedOut()).toEqual(['alpha']);
    // A sparse index: the other clusters are one directory entry each, not one entry per file.
    expect(configValue('index.sparse')).toBe('true');
    const indexEntries = git(['ls-files', '--sparse'], { cwd: work })
      .split('\n')
      .filter((l) => l !== '');
    expect(indexEntries.filter((entry) => entry.startsWith('clusters/beta'))).toEqual(['clusters/beta/']);
    expect(changedFiles('gitops/alpha')).toEqual([
      'CODEOWNERS',
      'clusters/alpha/namespaces/org-team/applicationinstance-cloud.yaml',
    ]);
    expect(fs.readFileSync(path.join(work, 'CODEOWNERS'), 'utf8')).toContain(
      '/clusters/alpha/ @acme/alpha-team',
    );
    expect(branchSha(fixture.bare.dir, 'gitops/beta')).toBeUndefined();
  });

  it('GIVEN a cached sparse working copy for one cluster WHEN another cluster is published with the same --root THEN the checkout follows the new selection', async () => {
    await mergeFleetIntoMain();
    expect((await fixture.cli(['--clusters', 'alpha', '--root', work])).code).toBe(0);
    fixture.writeIntents([THREE[0], { ...THREE[1], replicas: 2 }, THREE[2]]);
    const run = await fixture.cli(['--clusters', 'beta', '--root', work]);
    expect(run.code).toBe(0);
    expect(checkedOut()).toEqual(['beta']);
    expect(changedFiles('gitops/beta')).toEqual([
      'CODEOWNERS',
      'clusters/beta/namespaces/org-team/applicationinstance-cloud.yaml',
    ]);
  });

  it('GIVEN a cluster removed from the intents but still on main WHEN it is selected THEN it is checked out and its files are deleted', async () => {
    await mergeFleetIntoMain();
    fixture.writeIntents([THREE[0], THREE[1]]);
    const run = await fixture.cli(['--clusters', 'g*,beta', '--root', work, '--allow-deletions']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Every branch that changes writes the whole fleet's CODEOWNERS block (main has none yet).
    expect(changedFiles('gitops/gamma')).toEqual([
      'CODEOWNERS',
      'clusters/gamma/namespaces/kustomization.yaml',
      'clusters/gamma/namespaces/org-team/applicationinstance-cloud.yaml',
      'clusters/gamma/namespaces/org-team/namespace.yaml',
    ]);
    expect(branchSha(fixture.bare.dir, 'gitops/alpha')).toBeUndefined();
  });

  it('GIVEN CODEOWNERS in .github/ on main WHEN one cluster is published sparsely THEN that file is the one updated (its directory is checked out)', async () => {
    await mergeFleetIntoMain({ '.github/CODEOWNERS': '* @acme/platform\n' });
    fixture.writeIntents([{ ...THREE[0], replicas: 5 }, THREE[1], THREE[2]]);
    const run = await fixture.cli(['--clusters', 'alpha', '--root', work]);
    expect(run.code).toBe(0);
    expect(changedFiles('gitops/alpha')).toEqual([
      '.github/CODEOWNERS',
      'clusters/alpha/namespaces/org-team/applicationinstance-cloud.yaml',
    ]);
    expect(git(['show', 'gitops/alpha:.github/CODEOWNERS'], { cwd: fixture.bare.dir })).toMatch(
      /^\* @acme\/platform\n[\s\S]*\/clusters\/alpha\/ @acme\/alpha-team/,
    );
  });

  it('GIVEN the whole fleet selected WHEN published THEN the working copy is a full checkout', async () => {
    await mergeFleetIntoMain();
    const run = await fixture.cli(['--root', work]);
    expect(run.code).toBe(0);
    expect(checkedOut()).toEqual(['alpha', 'beta', 'gamma']);
    expect(configValue('remote.origin.partialclonefilter')).toBe('');
    expect(configValue('core.sparseCheckout')).not.toBe('true');
  });

  it('GIVEN a cached sparse working copy WHEN the whole fleet is published with the same --root THEN the sparse checkout is turned off and every cluster is checked out', async () => {
    await mergeFleetIntoMain();
    expect((await fixture.cli(['--clusters', 'alpha', '--root', work])).code).toBe(0);
    expect(checkedOut()).toEqual(['alpha']);
    const run = await fixture.cli(['--root', work]);
    expect(run.code).toBe(0);
    expect(configValue('core.sparseCheckout')).not.toBe('true');
    expect(checkedOut()).toEqual(['alpha', 'beta', 'gamma']);
  });
});
