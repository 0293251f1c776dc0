// A commit message as ghost text reads it: after the repository's earlier messages, one a line,
// oldest first (the extension reads them through VS Code's Git extension: extension/commit-log.ts),
// with git's `#` comment lines left out. Pure text functions, shared with the tests.

/** The languages of a commit message: VS Code's Source Control input box, and COMMIT_EDITMSG in an editor. */
export const COMMIT_LANGUAGES = ['scminput', 'git-commit'];

/** The log as the completer reads it: each message on one line (subject and body joined), oldest first. */
export function logContext(messagesNewestFirst: readonly string[]): string {
  const lines = messagesNewestFirst
    .map((m) =>
      m
        .split(/\r?\n/)
        .filter((l) => !l.startsWith('#'))
        .map((l) => l.trim())
        .filter(Boolean)
        .join(' '),
    )
    .filter(Boolean)
    .reverse();
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** A commit message being written, as the model should read it: git's `#` comment lines left out. */
export function commitMessageText(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');
}
