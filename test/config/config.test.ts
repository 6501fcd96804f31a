import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig, parseConfig } from '../../src/config/config';
import { GitopsSynthError, ValidationError } from '../../src/errors';

describe('config', () => {
  it('GIVEN a config file WHEN parsed THEN paths resolve against its directory', () => {
    const config = parseConfig(
      'intents: intents\nrepo: https://git.example.org/a/b.git\nmaxDeletionShare: 0.25\n',
      '/srv/fleet/gitops-synth.yaml',
    );
    expect(config).toMatchObject({
      intents: '/srv/fleet/intents',
      repo: 'https://git.example.org/a/b.git',
      maxDeletionShare: 0.25,
    });
  });

  it('GIVEN a misspelt field and a bad share WHEN parsed THEN every problem is reported with its field', () => {
    const parse = (): unknown => parseConfig('repos: x\nmaxDeletionShare: 2\n', 'c.yaml');
    expect(parse).toThrow(ValidationError);
    try {
      parse();
    } catch (error) {
      expect((error as ValidationError).problems.map((p) => `${p.path}:${p.rule}`)).toEqual([
        'maxDeletionShare:range',
        'repos:unknown-field',
      ]);
    }
  });

  it('GIVEN no config file WHEN loading without --config THEN the config is empty, and with --config THEN it fails naming the flag', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-config-'));
    try {
      expect(loadConfig(dir)).toEqual({});
      expect(() => loadConfig(dir, 'missing.yaml')).toThrow(
        new GitopsSynthError('CONFIG_NOT_FOUND', '--config: missing.yaml does not exist'),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
