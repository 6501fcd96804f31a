import { ciRunUrl } from '../../src/messages/audit';
import { auditTrailers } from '../../src/messages/commit';

describe('ciRunUrl', () => {
  it('GIVEN GitHub Actions variables WHEN reading the run URL THEN it is the run page, with the attempt when set', () => {
    const env = {
      GITHUB_SERVER_URL: 'https://github.com/',
      GITHUB_REPOSITORY: 'acme/cp',
      GITHUB_RUN_ID: '99',
    };
    expect(ciRunUrl(env)).toBe('https://github.com/acme/cp/actions/runs/99');
    expect(ciRunUrl({ ...env, GITHUB_RUN_ATTEMPT: '3' })).toBe(
      'https://github.com/acme/cp/actions/runs/99/attempts/3',
    );
  });

  it('GIVEN only CI_JOB_URL WHEN reading the run URL THEN it is the job URL; GitHub variables win when both are set', () => {
    expect(ciRunUrl({ CI_JOB_URL: 'https://gitlab.com/g/p/-/jobs/5' })).toBe(
      'https://gitlab.com/g/p/-/jobs/5',
    );
    expect(
      ciRunUrl({
        CI_JOB_URL: 'https://gitlab.com/g/p/-/jobs/5',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'a/b',
        GITHUB_RUN_ID: '1',
      }),
    ).toBe('https://github.com/a/b/actions/runs/1');
  });

  it('GIVEN no CI variables, or a run id that is not a number WHEN reading the run URL THEN there is none', () => {
    expect(ciRunUrl({})).toBeUndefined();
    expect(
      ciRunUrl({
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'a/b',
        GITHUB_RUN_ID: '1\nX-Evil: 1',
      }),
    ).toBeUndefined();
  });

  it('GIVEN a URL with user information, a query, a newline or another scheme WHEN reading the run URL THEN it is dropped, so no credential reaches history', () => {
    expect(ciRunUrl({ CI_JOB_URL: 'https://user:pw@gitlab.com/-/jobs/1' })).toBeUndefined();
    expect(ciRunUrl({ CI_JOB_URL: 'https://token@gitlab.com/-/jobs/1' })).toBeUndefined();
    expect(ciRunUrl({ CI_JOB_URL: 'https://gitlab.com/-/jobs/1?private_token=abc' })).toBeUndefined();
    expect(ciRunUrl({ CI_JOB_URL: 'https://gitlab.com/-/jobs/1\nSigned-off-by: x' })).toBeUndefined();
    expect(ciRunUrl({ CI_JOB_URL: 'javascript:alert(1)' })).toBeUndefined();
  });
});

describe('auditTrailers', () => {
  it('GIVEN a version and a CI URL WHEN building trailers THEN both are named; without a URL only the version', () => {
    expect(auditTrailers({ toolVersion: '1.2.3', ciUrl: 'https://ci/1' })).toEqual([
      'Generated-By: gitops-synth 1.2.3',
      'CI-Run: https://ci/1',
    ]);
    expect(auditTrailers({ toolVersion: '1.2.3' })).toEqual(['Generated-By: gitops-synth 1.2.3']);
  });
});
