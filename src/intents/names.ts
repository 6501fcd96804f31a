/**
 * The naming rules of Kubernetes and of the GitOps tree, as pure predicates. Each
 * returns a reason (a sentence fragment) when the value breaks it, or undefined.
 */

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Longest Kubernetes label value (and DNS-1123 label). */
export const MAX_LABEL_LENGTH = 63;
/** Longest DNS-1123 subdomain (object names). */
export const MAX_SUBDOMAIN_LENGTH = 253;
/** Longest file name most filesystems (ext4, APFS, NTFS) accept, in bytes. */
export const MAX_FILE_NAME_BYTES = 255;

/** Why `value` is no DNS-1123 label, or undefined when it is one. */
export function findDns1123LabelViolation(value: string): string | undefined {
  if (value.length > MAX_LABEL_LENGTH) {
    return `is ${value.length} characters long; a DNS-1123 label has at most ${MAX_LABEL_LENGTH}`;
  }
  if (!DNS_1123_LABEL.test(value)) {
    return "is not a DNS-1123 label: use lowercase letters, digits and '-', starting and ending with a letter or digit";
  }
  return undefined;
}

/** Why `value` is no DNS-1123 subdomain, or undefined when it is one. */
export function findDns1123SubdomainViolation(value: string): string | undefined {
  if (value.length > MAX_SUBDOMAIN_LENGTH) {
    return `is ${value.length} characters long; a DNS-1123 subdomain has at most ${MAX_SUBDOMAIN_LENGTH}`;
  }
  if (!DNS_1123_SUBDOMAIN.test(value)) {
    return "is not a DNS-1123 subdomain: use lowercase letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit";
  }
  return undefined;
}

/** Why `value` is no Kubernetes label value, or undefined when it is one. */
export function findLabelValueViolation(value: string): string | undefined {
  if (value.length > MAX_LABEL_LENGTH) {
    return `is ${value.length} characters long; a Kubernetes label value has at most ${MAX_LABEL_LENGTH}`;
  }
  if (!LABEL_VALUE.test(value)) {
    return "is not a valid Kubernetes label value (letters, digits, '-', '_' and '.', starting and ending with a letter or digit)";
  }
  return undefined;
}

/** Why the file `<prefix><name>.yaml` would be too long, or undefined when it fits. */
export function findFileNameViolation(prefix: string, name: string): string | undefined {
  const fileName = `${prefix}${name}.yaml`;
  const bytes = Buffer.byteLength(fileName, 'utf8');
  if (bytes <= MAX_FILE_NAME_BYTES) {
    return undefined;
  }
  const room = MAX_FILE_NAME_BYTES - Buffer.byteLength(`${prefix}.yaml`, 'utf8');
  return `makes the file name ${prefix}<name>.yaml ${bytes} bytes long; file names have at most ${MAX_FILE_NAME_BYTES} bytes, so the name has at most ${room} characters`;
}

/** Namespaces the platform's own controllers live in; applications never go there. */
export function isReservedNamespace(namespace: string): boolean {
  return namespace.startsWith('kube-') || ['flux-system', 'argocd', 'default'].includes(namespace);
}

// GitHub, GitLab and Gitea user and group names: letters, digits, '.', '_', '-'.
const FORGE_NAME = '[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?';
// `@user`, `@org/team`, and GitLab's nested `@group/subgroup/team`.
const FORGE_OWNER = new RegExp(`^@${FORGE_NAME}(?:/${FORGE_NAME})*$`);
const EMAIL_OWNER =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** True for a CODEOWNERS owner: `@user`, `@org/team` or an email address. */
export function isCodeownersOwner(owner: string): boolean {
  return FORGE_OWNER.test(owner) || EMAIL_OWNER.test(owner);
}

const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * True for an RFC 3339 `date-time` (section 5.6): full date, `T`, time with seconds,
 * optional fraction, and a zone (`Z` or `±hh:mm`). The date must exist on the calendar.
 */
export function isRfc3339(value: string): boolean {
  const match = RFC_3339.exec(value);
  if (match === null) {
    return false;
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const offsetHour = match[10] === undefined ? 0 : Number(match[10]);
  const offsetMinute = match[11] === undefined ? 0 : Number(match[11]);
  // Second 60 is a leap second, which RFC 3339 allows.
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 60 &&
    offsetHour <= 23 &&
    offsetMinute <= 59
  );
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** True for an http://, https:// or oci:// URL with a host. */
export function isChartRepositoryUrl(value: string): boolean {
  if (/\s/.test(value) || !/^(https?|oci):\/\/[^/]/.test(value)) {
    return false;
  }
  try {
    return new URL(value).host !== '';
  } catch {
    return false;
  }
}
