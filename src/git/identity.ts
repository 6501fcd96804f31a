/**
 * Whether git itself knows who commits in a working copy. Asked of git rather
 * than worked out here, so every place git reads an identity from counts: config
 * files at every level (`user.*`, `author.*`, `committer.*`) and the
 * `GIT_AUTHOR_*`/`GIT_COMMITTER_*` variables.
 */
import { runGit, type GitRunContext } from './runner';

/** Which identity of a commit. */
export type IdentityRole = 'author' | 'committer';

/**
 * True when git has a configured `role` identity for the working copy.
 * `user.useConfigOnly` stops git from guessing one from the login and host name:
 * on a fresh runner that guess is `root@runner.(none)`, which git refuses to
 * commit with, or `root@host.example`, which it would commit with though nobody
 * chose it. Either way the caller's default is the better choice.
 */
export async function hasConfiguredIdentity(context: GitRunContext, role: IdentityRole): Promise<boolean> {
  const variable = role === 'author' ? 'GIT_AUTHOR_IDENT' : 'GIT_COMMITTER_IDENT';
  // `git var` exits 128 when it cannot build the identity; that is the answer, not a failure.
  const output = await runGit(context, ['-c', 'user.useConfigOnly=true', 'var', variable], {
    okExitCodes: [0, 128],
  });
  return output.exitCode === 0;
}
