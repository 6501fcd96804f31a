import { isScalar, parseAllDocuments, type Document, type Tags } from 'yaml';
import type { Finding } from './finding';

/** A manifest file's one document, or why it has not exactly one. */
export type ParsedManifest =
  | { readonly object: unknown; readonly findings?: undefined }
  | { readonly object?: undefined; readonly findings: Finding[] };

/**
 * Parses a manifest file that must hold exactly one YAML document. YAML 1.1 is
 * used because Kubernetes and Flux read YAML 1.1 (sigs.k8s.io/yaml): there,
 * an unquoted `yes` or `on` is a boolean, and a checker reading YAML 1.2 would
 * wrongly accept it as a string. Two YAML 1.1 types go-yaml leaves as strings
 * are left out: timestamps (`2026-05-28T09:30:00Z` stays a string, as
 * `format: date-time` expects) and base-60 numbers (`12:30`).
 * Empty documents (a stray `---`) do not count.
 */
export function parseManifest(content: string): ParsedManifest {
  const documents = parseAllDocuments(content, { version: '1.1', customTags: goYamlTags });
  for (const document of documents) {
    if (document.errors.length > 0) {
      return {
        findings: [
          {
            path: '',
            rule: 'yaml-syntax',
            message: `not valid YAML: ${document.errors[0].message.split('\n')[0]}`,
          },
        ],
      };
    }
  }
  const nonEmpty = documents.filter((document) => !isEmpty(document));
  if (nonEmpty.length !== 1) {
    return {
      findings: [
        {
          path: '',
          rule: 'single-document',
          message: `a manifest file holds exactly one YAML document, this one holds ${nonEmpty.length}; write one object per file`,
        },
      ],
    };
  }
  return { object: nonEmpty[0].toJS() };
}

function goYamlTags(tags: Tags): Tags {
  return tags.filter(
    (tag) => typeof tag === 'string' || (!tag.tag.endsWith(':timestamp') && tag.format !== 'TIME'),
  );
}

/** A document with nothing in it (what a trailing `---` or a comment-only section gives), as kubectl skips it. */
function isEmpty(document: Document.Parsed): boolean {
  const contents = document.contents;
  return contents === null || (isScalar(contents) && contents.value === null && contents.source === '');
}
