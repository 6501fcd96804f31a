/**
 * The contract between whoever mints an access token (a GitHub App's installation
 * token, which lives one hour) and the two parts that send it: the platform's API
 * client and git's credential helper. Both ask {@link TokenSource.token} right before
 * each request or git command, so a long run never sends an expired token; both
 * redact every token {@link TokenSource.issued} lists from anything they print.
 */

/** Where a short-lived token comes from. */
export interface TokenSource {
  /** What kind of credential this is, for messages (never the token itself). */
  readonly kind: 'github-app';
  /** A token valid for at least the refresh margin; mints a new one when the current is close to expiry. */
  token(): Promise<string>;
  /** Every token handed out so far: all of them are secrets to redact. */
  issued(): readonly string[];
  /** What the host says the token may do (GitHub App permissions such as `contents: write`). */
  permissions(): Readonly<Record<string, string>>;
}
