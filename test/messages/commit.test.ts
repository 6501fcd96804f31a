import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitopsSynthError } from '../../src/errors';
import { commitMessage } from '../../src/messages/commit';
import { PROVENANCE, addApp, addOperation, bumpApp, changeSetOf, removeApp } from './fixtures';

describe('commitMessage', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gitops-synth-commit-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs git with no user or system configuration, in the temporary directory. */
  const git = (args: string[], input?: string): string =>
    execFileSync('git', args, {
      cwd: dir,
      input,
      encoding: 'utf8',
      env: { ...process.env, HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
    });

  const changeSet = changeSetOf([
    addApp('cluster-prod-1', 'nextcloud-myteam'),
    addOperation('cluster-prod-1', 'op-1', 'backup', 'nextcloud-myteam'),
    bumpApp('cluster-prod-2', 'wiki'),
    removeApp('cluster-prod-2', 'old'),
  ]);

  it('GIVEN a change set in one cluster WHEN the message is written THEN it is subject, file list and trailers, exactly', () => {
    const oneCluster = changeSetOf([
      addApp('cluster-prod-1', 'nextcloud-myteam'),
      addOperation('cluster-prod-1', 'op-1', 'backup', 'nextcloud-myteam'),
    ]);
    expect(commitMessage(oneCluster, PROVENANCE)).toBe(
      [
        'cluster-prod-1: add nextcloud-myteam; backup nextcloud-myteam',
        '',
        'A clusters/cluster-prod-1/namespaces/apps/applicationinstance-nextcloud-myteam.yaml',
        'A clusters/cluster-prod-1/namespaces/apps/operation-op-1.yaml (backup nextcloud-myteam)',
        '',
        `Intents-Digest: sha256:${'ab'.repeat(32)}`,
        'Intents-Revision: r42',
        'Generated-By: gitops-synth 0.1.0',
        '',
      ].join('\n'),
    );
  });

  it('GIVEN different changes in two clusters WHEN the message is written THEN the subject is summarized within 72 characters and every file is listed', () => {
    const message = commitMessage(changeSet, PROVENANCE);
    const [subject, blank, ...rest] = message.split('\n');
    expect(subject).toBe('2 clusters: add 2 resources, update 1, remove 1 (1 operation)');
    expect(blank).toBe('');
    expect(rest.slice(0, 4)).toEqual([
      'A clusters/cluster-prod-1/namespaces/apps/applicationinstance-nextcloud-myteam.yaml',
      'A clusters/cluster-prod-1/namespaces/apps/operation-op-1.yaml (backup nextcloud-myteam)',
      'D clusters/cluster-prod-2/namespaces/apps/applicationinstance-old.yaml',
      'M clusters/cluster-prod-2/namespaces/apps/applicationinstance-wiki.yaml',
    ]);
  });

  it('GIVEN a cluster filter WHEN the message is written THEN only those clusters are described and listed', () => {
    const message = commitMessage(changeSet, { ...PROVENANCE, clusters: ['cluster-prod-2'] });
    expect(message.split('\n').slice(0, 4)).toEqual([
      'cluster-prod-2: update wiki; remove old',
      '',
      'D clusters/cluster-prod-2/namespaces/apps/applicationinstance-old.yaml',
      'M clusters/cluster-prod-2/namespaces/apps/applicationinstance-wiki.yaml',
    ]);
  });

  it('GIVEN a written message WHEN git interpret-trailers --parse reads it THEN it finds exactly our trailers', () => {
    expect(git(['interpret-trailers', '--parse'], commitMessage(changeSet, PROVENANCE))).toBe(
      `Intents-Digest: sha256:${'ab'.repeat(32)}\nIntents-Revision: r42\nGenerated-By: gitops-synth 0.1.0\n`,
    );
    const withoutRevision = commitMessage(changeSetOf([]), {
      intentsDigest: 'sha256:00',
      toolVersion: '1.2.3',
    });
    expect(withoutRevision).toBe(
      'no changes\n\nIntents-Digest: sha256:00\nGenerated-By: gitops-synth 1.2.3\n',
    );
    expect(git(['interpret-trailers', '--parse'], withoutRevision)).toBe(
      'Intents-Digest: sha256:00\nGenerated-By: gitops-synth 1.2.3\n',
    );
  });

  it('GIVEN a message committed in a real repository WHEN git log reads it back THEN subject and trailers survive', () => {
    git(['init', '-q', '-b', 'main']);
    git(['config', 'gc.auto', '0']);
    git(['config', 'user.name', 'Test']);
    git(['config', 'user.email', 'test@example.org']);
    writeFileSync(join(dir, 'file'), 'x');
    git(['add', 'file']);
    writeFileSync(join(dir, 'message'), commitMessage(changeSet, PROVENANCE));
    git(['commit', '-q', '-F', 'message']);
    expect(git(['log', '-1', '--format=%s']).trim()).toBe(
      '2 clusters: add 2 resources, update 1, remove 1 (1 operation)',
    );
    expect(git(['log', '-1', '--format=%(trailers:key=Generated-By,valueonly)']).trim()).toBe(
      'gitops-synth 0.1.0',
    );
  });

  it('GIVEN a digest with a newline WHEN the message is written THEN it throws an internal error naming the value', () => {
    const attempt = () => commitMessage(changeSet, { ...PROVENANCE, intentsDigest: 'sha256:ab\nEvil: yes' });
    expect(attempt).toThrow(GitopsSynthError);
    expect(attempt).toThrow('intentsDigest "sha256:ab\\nEvil: yes" must be a non-empty single line');
  });
});
