/**
 * Builders of intents text for tests: a valid base fleet, and helpers to run the pure
 * parser + validator on in-memory files.
 */
import { Problem } from '../../src/errors';
import { IntentFile, parseIntentDocuments } from '../../src/intents/parse';
import { validateIntents } from '../../src/intents/validate';

/** The header every intents document starts with. */
export const HEADER = 'apiVersion: gitops.vworkspace.io/v1alpha1\nkind: Intents\n';

/** A cluster, an application and an operation that are valid together. */
export const VALID = `${HEADER}clusters:
  - id: cluster-prod-1
applications:
  - cluster: cluster-prod-1
    namespace: org-myteam
    name: nextcloud-myteam
    app: nextcloud
    version: "28.0.4"
    chart: { repository: "https://charts.example.org/stable", name: nextcloud, version: "4.6.2" }
operations:
  - cluster: cluster-prod-1
    namespace: org-myteam
    name: nextcloud-myteam-backup-2026-05-28
    type: backup
    target: nextcloud-myteam
    requestedAt: "2026-05-28T02:00:00Z"
    requestedBy: "alice@example.org"
`;

/** Every problem the validator finds in `files` (name → text). */
export function problemsOf(files: Record<string, string>): readonly Problem[] {
  const list: IntentFile[] = Object.entries(files).map(([file, text]) => ({ file, text }));
  return validateIntents(parseIntentDocuments(list)).problems;
}

/** The problems of one YAML file named `intents.yaml`. */
export function problemsOfYaml(text: string): readonly Problem[] {
  return problemsOf({ 'intents.yaml': text });
}

/** `VALID` with one line replaced (the text must occur exactly once). */
export function validWith(search: string, replacement: string): string {
  if (VALID.split(search).length !== 2) {
    throw new Error(`'${search}' must occur exactly once in VALID`);
  }
  return VALID.replace(search, replacement);
}
