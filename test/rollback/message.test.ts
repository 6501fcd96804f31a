import { diffTrees } from '../../src/diff/diff';
import { toPullRequest as fromGitea } from '../../src/platform/gitea/gitea-platform';
import { toPullRequest as fromGitHub } from '../../src/platform/github/github-platform';
import { toPullRequest as fromGitLab } from '../../src/platform/gitlab/gitlab-platform';
import { rollbackBody, rollbackBranch, rollbackLabels, rollbackTitle } from '../../src/rollback/message';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const operation = (name: string) =>
  [
    'apiVersion: ops.vworkspace.io/v1alpha1',
    'kind: Operation',
    'metadata:',
    `  name: ${name}`,
    '  namespace: team',
    '  labels:',
    '    app.vworkspace.io/managed-by: control-plane',
    'spec:',
    '  type: backup',
    '  target: wiki',
    '',
  ].join('\n');
const opPath = (name: string) => `clusters/c1/namespaces/team/operation-${name}.yaml`;
const change = { sha: SHA, subject: 'c1: backup wiki', revertSha: 'f'.repeat(40) };

describe('rollback messages', () => {
  it('GIVEN a commit WHEN named THEN the branch carries its first 12 digits and the title its subject', () => {
    expect(rollbackBranch(SHA)).toBe('gitops/rollback-0123456789ab');
    expect(rollbackTitle(change)).toBe('Roll back 0123456789ab: c1: backup wiki');
  });

  it('GIVEN a revert that brings an Operation back WHEN the body is written THEN it warns that a finished one would run again', () => {
    const changes = diffTrees(new Map(), new Map([[opPath('b1'), operation('b1')]]));
    const body = rollbackBody(change, changes, 65536);
    expect(body).toContain('**added** Operation `team/b1`');
    expect(body).toContain('would be created, and so run, again');
    expect(rollbackLabels(changes)).toEqual(['cluster:c1', 'gitops', 'rollback']);
  });

  it('GIVEN a revert that removes an Operation WHEN the body is written THEN there is no rerun warning', () => {
    const body = rollbackBody(
      change,
      diffTrees(new Map([[opPath('b1'), operation('b1')]]), new Map()),
      65536,
    );
    expect(body).toContain('**removed** Operation `team/b1`');
    expect(body).not.toContain('run, again');
  });

  it('GIVEN a body longer than the host accepts WHEN written THEN it is cut with a note and fits', () => {
    const many = new Map(
      Array.from({ length: 400 }, (_, i) => [opPath(`op-${i}`), operation(`op-${i}`)] as [string, string]),
    );
    const body = rollbackBody(change, diffTrees(many, new Map()), 2000);
    expect(body.length).toBeLessThanOrEqual(2000);
    expect(body).toContain('cut to fit');
  });
});

describe('the merge commit rollback --pull-request reverts', () => {
  const github = {
    number: 4,
    html_url: 'u',
    state: 'closed',
    title: 't',
    head: { ref: 'h' },
    base: { ref: 'main' },
    labels: [],
  };
  it('GIVEN merged pull requests on each host WHEN mapped THEN the merge commit is reported; unmerged ones report none', () => {
    expect(
      fromGitHub({ ...github, merged_at: '2024-01-02T00:00:00Z', merge_commit_sha: SHA }).mergeCommitSha,
    ).toBe(SHA);
    expect(fromGitHub({ ...github, merged_at: null, merge_commit_sha: SHA }).mergeCommitSha).toBeUndefined();
    const gitlab = { iid: 4, web_url: 'u', title: 't', source_branch: 'h', target_branch: 'main' };
    expect(
      fromGitLab({ ...gitlab, state: 'merged', merge_commit_sha: null, squash_commit_sha: SHA })
        .mergeCommitSha,
    ).toBe(SHA);
    expect(fromGitLab({ ...gitlab, state: 'opened', merge_commit_sha: SHA }).mergeCommitSha).toBeUndefined();
    const gitea = {
      number: 4,
      html_url: 'u',
      state: 'closed',
      title: 't',
      head: { ref: 'h' },
      base: { ref: 'main' },
    };
    expect(fromGitea({ ...gitea, merged: true, merge_commit_sha: SHA }).mergeCommitSha).toBe(SHA);
    expect(fromGitea({ ...gitea, merged: true, merge_commit_sha: '' }).mergeCommitSha).toBeUndefined();
  });
});
