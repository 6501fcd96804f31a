/** The HelmRepository factory: one Flux source per chart repository used in a namespace. */
import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import {
  HelmRepository,
  HelmRepositorySpecType,
} from '../../imports/helmrepository-source.toolkit.fluxcd.io';

/** How often Flux refreshes a repository's index: new chart versions show up within this. */
export const HELM_REPOSITORY_INTERVAL = '10m';

const MAX_NAME_LENGTH = 63;
const HASH_LENGTH = 8;

/**
 * The HelmRepository name for a chart repository URL: a readable slug of the URL
 * and a short hash of the exact URL, so that two different URLs never share a name
 * even when their slugs agree (or were cut short). The result is a DNS-1123 label
 * (lowercase alphanumerics and '-', at most 63 characters).
 */
export function helmRepositoryName(url: string): string {
  const hash = createHash('sha256').update(url, 'utf8').digest('hex').slice(0, HASH_LENGTH);
  const slug = url
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_NAME_LENGTH - HASH_LENGTH - 1)
    .replace(/^-+|-+$/g, '');
  return `${slug === '' ? 'repo' : slug}-${hash}`;
}

/** True when Flux must treat the repository as an OCI registry rather than an HTTP index. */
export function isOciRepository(url: string): boolean {
  return url.toLowerCase().startsWith('oci://');
}

/** Adds the HelmRepository for `url` to `scope` (a namespace chart), named by {@link helmRepositoryName}. */
export function addHelmRepository(scope: Construct, namespace: string, url: string): HelmRepository {
  const name = helmRepositoryName(url);
  return new HelmRepository(scope, `helmrepository-${name}`, {
    metadata: { name, namespace },
    spec: {
      url,
      interval: HELM_REPOSITORY_INTERVAL,
      type: isOciRepository(url) ? HelmRepositorySpecType.OCI : undefined,
    },
  });
}
