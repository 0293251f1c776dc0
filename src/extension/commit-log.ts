// What ghost text reads before a commit message: the repository's earlier messages, one a line,
// oldest first, then what is typed so far — the log a writer of commit messages has in mind, and
// what `npm run eval:ghost` measures commit messages with. Read through VS Code's own Git
// extension (its API version 1, the subset below), never by running git here: in an untrusted
// workspace the Git extension decides what may run. Fetched in the background on first use and
// again when HEAD moves; until it arrives, the message is completed on its own.

import * as vscode from 'vscode';
import { logContext } from '../core/completion/commit-context';
import { log } from './log';

/** The part of the Git extension's API (extensions/git/src/api/git.d.ts) this file uses. */
interface GitCommit {
  readonly message: string;
}
interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly HEAD?: { readonly commit?: string } };
  log(options?: { maxEntries?: number }): Promise<GitCommit[]>;
}
interface GitApi {
  readonly repositories: readonly GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
}
interface GitExtension {
  getAPI(version: 1): GitApi;
}

/** Messages the context holds at most (the completer's window keeps the last 20,000 characters anyway). */
const MAX_MESSAGES = 200;

export class CommitLog {
  private readonly logs = new Map<string, { head: string | undefined; context: string }>();
  private readonly pending = new Map<string, Promise<void>>();
  private api: GitApi | null | undefined;

  private gitApi(): GitApi | null {
    if (this.api !== undefined) return this.api;
    const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
    if (!extension?.isActive) return null; // asked again next time: it may activate later
    try {
      this.api = extension.exports.getAPI(1);
    } catch (e) {
      log.warn(`the Git extension's API is not available: ${(e as Error).message}`);
      this.api = null;
    }
    return this.api;
  }

  /** The repository a commit-message document belongs to (the SCM input box names its root in the URI's query). */
  repositoryOf(document: vscode.TextDocument): GitRepository | null {
    const api = this.gitApi();
    if (!api) return null;
    if (document.uri.scheme === 'file') return api.getRepository(document.uri);
    const root = new URLSearchParams(document.uri.query).get('rootUri');
    if (root) return api.getRepository(vscode.Uri.parse(root));
    return api.repositories.length === 1 ? api.repositories[0] : null;
  }

  /** The log before this document's message, if it has been read; starts reading it if not (or if HEAD moved). */
  contextFor(document: vscode.TextDocument): string {
    const repository = this.repositoryOf(document);
    if (!repository) return '';
    const key = repository.rootUri.toString();
    const head = repository.state.HEAD?.commit;
    const known = this.logs.get(key);
    if (!known || known.head !== head) void this.read(repository, key, head);
    return known?.context ?? '';
  }

  /** Reads a repository's log (one read at a time per repository); resolves when it is in. */
  read(repository: GitRepository, key = repository.rootUri.toString(), head = repository.state.HEAD?.commit): Promise<void> {
    const running = this.pending.get(key);
    if (running) return running;
    const reading = repository
      .log({ maxEntries: MAX_MESSAGES })
      .then(
        (commits) => void this.logs.set(key, { head, context: logContext(commits.map((c) => c.message)) }),
        (e: unknown) => {
          // a repository with no commit yet has no log: remember that, so it is not asked again
          this.logs.set(key, { head, context: '' });
          log.info(`no commit log for ghost text in ${key}: ${(e as Error).message ?? e}`);
        },
      )
      .finally(() => this.pending.delete(key));
    this.pending.set(key, reading);
    return reading;
  }
}
