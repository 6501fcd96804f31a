/**
 * What the registry knows of one served CRD version: its own module, because both the
 * registry and its build-time snapshot (registry-snapshot.ts) speak of it.
 */
import type { SchemaNode } from './structural-schema';

/** One served version of one CRD, with its schema as the CRD file has it. */
export interface CrdVersion {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly scope: 'Namespaced' | 'Cluster';
  /** The CRD file it was read from, for error messages. */
  readonly file: string;
  readonly schema: SchemaNode;
}
