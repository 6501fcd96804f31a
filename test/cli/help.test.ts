/**
 * `--help` as kubectl and flux users read it: the command's own flags first, then the
 * global ones, only the environment variables the command reads, and real examples last.
 */
import { runCli } from '../support/cli';

const COMMANDS: ReadonlyArray<readonly [string[], { reads: string[]; ignores: string[] }]> = [
  [['synth'], { reads: ['CI', 'GITOPS_SYNTH_WORKERS'], ignores: ['GITOPS_TOKEN', 'GITOPS_WEBHOOK_SECRET'] }],
  [['validate'], { reads: [], ignores: ['GITOPS_TOKEN', 'NO_COLOR', 'GITOPS_SYNTH_WORKERS'] }],
  [['check'], { reads: ['NO_COLOR', 'GITOPS_SYNTH_WORKERS'], ignores: ['GITOPS_TOKEN'] }],
  [
    ['diff'],
    { reads: ['NO_COLOR', 'GITOPS_SYNTH_WORKERS'], ignores: ['GITOPS_TOKEN', 'GITOPS_AUTHOR_NAME'] },
  ],
  [
    ['publish'],
    {
      reads: [
        'GITOPS_TOKEN',
        'GITOPS_SSH_KEY',
        'GITOPS_AUTHOR_NAME',
        'GITOPS_INTENTS_REVISION',
        'GITOPS_SYNTH_WORKERS',
      ],
      ignores: ['GITOPS_WEBHOOK_SECRET', 'NO_COLOR'],
    },
  ],
  [['bootstrap'], { reads: [], ignores: ['GITOPS_TOKEN', 'GITOPS_WEBHOOK_SECRET'] }],
  [
    ['rollback'],
    {
      reads: ['GITOPS_TOKEN', 'GITOPS_AUTHOR_NAME'],
      ignores: ['GITOPS_INTENTS_REVISION', 'GITOPS_WEBHOOK_SECRET'],
    },
  ],
  [['status'], { reads: ['GITOPS_TOKEN'], ignores: ['GITOPS_WEBHOOK_SECRET', 'GITOPS_AUTHOR_NAME'] }],
  [
    ['status', 'serve'],
    {
      reads: ['GITOPS_TOKEN', 'GITOPS_WEBHOOK_SECRET', 'GITOPS_EVENTS_SECRET'],
      ignores: ['GITOPS_AUTHOR_NAME'],
    },
  ],
];

const cli = (...argv: string[]) => runCli(argv, { cwd: __dirname });

describe('gitops-synth <command> --help', () => {
  it.each(COMMANDS)(
    'GIVEN %j --help THEN its own flags come first, then the global ones, its environment, and 2 or 3 examples last',
    async (command, environment) => {
      const run = await cli(...command, '--help');
      const text = run.stdout;

      expect(run.code).toBe(0);
      const own = text.indexOf('\nOptions:\n');
      const global = text.indexOf('\nGlobal options:\n');
      const examples = text.indexOf('\nExamples:\n');
      expect(own).toBeGreaterThan(0);
      expect(global).toBeGreaterThan(own);
      expect(text.slice(own, global)).not.toContain('--debug');
      expect(examples).toBeGreaterThan(global);
      const exampleLines = text
        .slice(examples)
        .split('\n')
        .filter((line) => /^ {2}(\S+=\S+ )*gitops-synth /.test(line));
      expect(exampleLines.length).toBeGreaterThanOrEqual(2);
      expect(exampleLines.length).toBeLessThanOrEqual(3);
      for (const line of exampleLines)
        expect(line).toContain(`gitops-synth ${command.join(' ')} `.replace(/ $/, ''));
      for (const variable of environment.reads) expect(text).toContain(`  ${variable} `);
      for (const variable of environment.ignores) expect(text).not.toContain(variable);
    },
  );

  it('GIVEN status serve --help THEN each provider is listed once', async () => {
    const run = await cli('status', 'serve', '--help');

    expect(run.stdout).toContain('[choices: "github", "gitlab", "gitea"]');
    expect(run.stdout).not.toContain('"gitea", "github"');
  });

  it('GIVEN bootstrap --help THEN it takes --base like every other command', async () => {
    const run = await cli('bootstrap', '--help');

    expect(run.stdout).toContain('--base ');
    expect(run.stdout).not.toContain('--branch');
  });
});

describe('flag and command errors', () => {
  it("GIVEN --format yml WHEN diff runs THEN exit 2 with the tool's error and a hint", async () => {
    const run = await cli('diff', '--format', 'yml');

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "gitops-synth: error [INVALID_FLAG]: --format: 'yml' is not one of text, markdown, json\n  hint: pass --format text|markdown|json\n",
    );
  });

  it('GIVEN a value near a choice WHEN given THEN the hint names it', async () => {
    const run = await cli('status', '--format', 'jsn');

    expect(run.stderr).toContain('hint: did you mean --format json?');
  });

  it.each([
    [
      ['synht'],
      "error [UNKNOWN_COMMAND]: 'synht' is not a gitops-synth command\n  hint: did you mean 'synth'?",
    ],
    [['pubilsh', '--dry-run'], "hint: did you mean 'publish'?"],
    [['status', 'serv'], "hint: did you mean 'status serve'?"],
    [
      ['diff', '--fromat', 'json'],
      'error [INVALID_FLAG]: unknown flag --fromat\n  hint: did you mean --format?',
    ],
    [['publish', '--shard'], 'error [INVALID_FLAG]: --shard: needs a value'],
  ])('GIVEN %j WHEN run THEN exit 2 with "did you mean" or the flag named', async (argv, expected) => {
    const run = await cli(...argv);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(expected);
  });
});
