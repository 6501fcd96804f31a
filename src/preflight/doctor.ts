/**
 * `doctor`: the preflight's host checks and those of this machine (node, git, the CRD
 * schemas, a credential, the signing program and key), as one checklist. Reads only.
 */
import type { SignMode } from '../git/signing';
import type { Platform } from '../platform/types';
import { allHold, type Check } from './checks';
import { readHostChecks } from './host-checks';
import { credentialCheck, crdCheck, gitCheck, nodeCheck, signingCheck } from './local-checks';

/** What {@link doctor} checks. */
export interface DoctorRequest {
  readonly env: NodeJS.ProcessEnv;
  readonly sign: SignMode;
  readonly signingKey?: string;
  /**
   * The host to check, with the base branch; or the one check that says why it cannot
   * be (no repository given, no usable credential), which the CLI builds.
   */
  readonly host: { readonly platform: Platform; readonly base: string } | Check;
}

/** The checklist, and whether nothing in it is missing. */
export interface DoctorReport {
  readonly ready: boolean;
  readonly checks: readonly Check[];
}

/** Runs every check in order: this machine first, then the host. */
export async function doctor(request: DoctorRequest): Promise<DoctorReport> {
  const { env, sign, host } = request;
  const checks: Check[] = [
    nodeCheck(process.version),
    await gitCheck(env),
    crdCheck(),
    await credentialCheck(env),
    await signingCheck(sign, request.signingKey, env),
    ...('platform' in host ? await hostChecksOf(host.platform, host.base, sign) : [host]),
  ];
  return { ready: allHold(checks), checks };
}

/** A host that cannot be asked (a refused credential, an unreachable API) is one missing check, not a crash. */
export function hostFailure(error: unknown): Check {
  return {
    id: 'host.access',
    title: 'Git host',
    status: 'missing',
    detail: error instanceof Error ? error.message : String(error),
    fix: (error as { hint?: string }).hint ?? 'check the credential and --api-url',
  };
}

async function hostChecksOf(platform: Platform, base: string, sign: SignMode): Promise<Check[]> {
  try {
    return await readHostChecks(platform, base, sign);
  } catch (error) {
    return [hostFailure(error)];
  }
}
