import { DescriptionValidator } from '../support/forge/validator';
import github from '../support/forge/openapi/github.json';
import gitea from '../support/forge/openapi/gitea.json';
import gitlab from '../support/forge/openapi/gitlab.json';

describe('the loopback forge validator', () => {
  const githubValidator = new DescriptionValidator(github);

  test('GIVEN a GitHub create-pull-request body without the required head WHEN validated THEN it is rejected naming head', () => {
    const match = githubValidator.match('POST', '/repos/acme/fleet/pulls');
    expect(match?.template).toBe('/repos/{owner}/{repo}/pulls');
    const problems = githubValidator.validateRequest(
      match!,
      new URLSearchParams(),
      { base: 'main', title: 'x' },
      true,
    );
    expect(problems.join('\n')).toMatch(/head/);
  });

  test('GIVEN a complete GitHub create-pull-request body WHEN validated THEN it passes', () => {
    const match = githubValidator.match('POST', '/repos/acme/fleet/pulls')!;
    expect(
      githubValidator.validateRequest(
        match,
        new URLSearchParams(),
        { base: 'main', head: 'b', title: 'x' },
        true,
      ),
    ).toEqual([]);
  });

  test('GIVEN a query parameter the description does not list WHEN validated THEN it is reported', () => {
    const match = githubValidator.match('GET', '/repos/acme/fleet/pulls')!;
    expect(
      githubValidator.validateRequest(match, new URLSearchParams('state=open&bogus=1'), undefined, false),
    ).toEqual(['query parameter bogus is not in the description']);
  });

  test('GIVEN a GitHub pull request response missing required fields WHEN validated THEN it is rejected', () => {
    const match = githubValidator.match('GET', '/repos/acme/fleet/pulls/1')!;
    expect(githubValidator.validateResponse(match, 200, { number: 1 }).length).toBeGreaterThan(0);
  });

  test('GIVEN a Gitea list request with a non-integer limit WHEN validated THEN it is rejected', () => {
    const validator = new DescriptionValidator(gitea);
    const match = validator.match('GET', '/api/v1/repos/acme/fleet/pulls')!;
    expect(
      validator
        .validateRequest(match, new URLSearchParams('state=open&limit=many'), undefined, false)
        .join('\n'),
    ).toMatch(/limit/);
    expect(validator.validateResponse(match, 200, [{ number: 'one' }]).join('\n')).toMatch(/number/);
  });

  test('GIVEN a GitLab project path with encoded slashes WHEN matched THEN the id is one decoded parameter', () => {
    const validator = new DescriptionValidator(gitlab);
    const match = validator.match('GET', '/api/v4/projects/group%2Fsub%2Fname/merge_requests/3')!;
    expect(match.params).toEqual({ id: 'group/sub/name', merge_request_iid: '3' });
    expect(validator.validateRequest(match, new URLSearchParams(), undefined, false)).toEqual([]);
    const create = validator.match('POST', '/api/v4/projects/g%2Fn/merge_requests')!;
    expect(
      validator
        .validateRequest(create, new URLSearchParams(), { source_branch: 'b', title: 't' }, true)
        .join('\n'),
    ).toMatch(/target_branch/);
  });
});
