/**
 * Turns CODEOWNERS owners into the review requests a host understands. Pure.
 */

/** A team owner, `@org/team`. */
export interface TeamOwner {
  readonly org: string;
  readonly slug: string;
}

/** Who to ask for a review, and what could not be asked. */
export interface ReviewerRequest {
  /** User names without the `@`. */
  readonly users: readonly string[];
  readonly teams: readonly TeamOwner[];
  /** One sentence per owner that was skipped. */
  readonly notes: readonly string[];
}

const USER = /^@([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?)$/;
const TEAM = /^@([A-Za-z0-9][A-Za-z0-9._-]*)\/([A-Za-z0-9][A-Za-z0-9._/-]*)$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Sorts CODEOWNERS owners into users and teams (duplicates dropped, order kept).
 * Email owners are skipped with a note: the hosts' review APIs take user names.
 */
export function parseOwners(owners: readonly string[]): ReviewerRequest {
  const users: string[] = [];
  const teams: TeamOwner[] = [];
  const notes: string[] = [];
  for (const raw of owners) {
    const owner = raw.trim();
    const user = USER.exec(owner);
    const team = TEAM.exec(owner);
    if (user) {
      if (!users.includes(user[1])) users.push(user[1]);
    } else if (team) {
      if (!teams.some((t) => t.org === team[1] && t.slug === team[2]))
        teams.push({ org: team[1], slug: team[2] });
    } else if (EMAIL.test(owner)) {
      notes.push(
        `reviewer ${owner} skipped: an email owner cannot be requested as a reviewer; use @user or @org/team in CODEOWNERS`,
      );
    } else {
      notes.push(
        `reviewer "${owner}" skipped: not a CODEOWNERS owner (@user, @org/team or an email address)`,
      );
    }
  }
  return { users, teams, notes };
}

/**
 * The teams of `owner`'s organisation, and a note for each other team: GitHub and Gitea
 * can only request reviews from teams of the repository's own organisation.
 */
export function teamsOf(
  request: ReviewerRequest,
  owner: string,
  provider: string,
): { readonly teams: readonly TeamOwner[]; readonly notes: string[] } {
  const notes: string[] = [];
  const teams = request.teams.filter((team) => {
    const sameOrg = team.org.toLowerCase() === owner.toLowerCase();
    if (!sameOrg)
      notes.push(
        `reviewer @${team.org}/${team.slug} skipped: ${provider} can only request teams of ${owner}`,
      );
    return sameOrg;
  });
  return { teams, notes };
}
