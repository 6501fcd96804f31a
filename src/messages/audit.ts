/**
 * The audit facts a commit records about the run that made it, beyond the intents
 * (see provenance.ts): the CI run's URL. Read from the variables CI systems set
 * (GitHub Actions: GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID and
 * GITHUB_RUN_ATTEMPT; GitLab CI: CI_JOB_URL). Only a plain https:// or http:// URL
 * without user information is written: a URL carrying `user:password@` would put a
 * credential into history, where it can never be taken back.
 */

/** The variables {@link ciRunUrl} reads. */
export const CI_URL_ENV_VARS = [
  'GITHUB_SERVER_URL',
  'GITHUB_REPOSITORY',
  'GITHUB_RUN_ID',
  'GITHUB_RUN_ATTEMPT',
  'CI_JOB_URL',
] as const;

/** The URL of the CI run this process belongs to, or undefined outside CI (pure). */
export function ciRunUrl(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const server = env.GITHUB_SERVER_URL;
  const repository = env.GITHUB_REPOSITORY;
  const runId = env.GITHUB_RUN_ID;
  if (nonEmpty(server) && nonEmpty(repository) && nonEmpty(runId) && /^\d+$/.test(runId!)) {
    const attempt = env.GITHUB_RUN_ATTEMPT;
    const suffix = nonEmpty(attempt) && /^\d+$/.test(attempt!) ? `/attempts/${attempt}` : '';
    return safeUrl(`${server!.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}${suffix}`);
  }
  return nonEmpty(env.CI_JOB_URL) ? safeUrl(env.CI_JOB_URL!) : undefined;
}

/** `url` when it is one line of http(s) without user information, else undefined. */
function safeUrl(url: string): string | undefined {
  if (/[\s\x00-\x1f\x7f]/.test(url)) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
    if (parsed.username !== '' || parsed.password !== '') return undefined;
    return parsed.search === '' && parsed.hash === '' ? url : undefined;
  } catch {
    return undefined;
  }
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}
