// Where a model's files come from, behind one small interface, so every loader (model folders,
// shared tables, cards) reads through the same checks: a folder on disk in Node (disk-reader.ts),
// or files already fetched into memory — a browser host fetches a model's files through
// vscode.workspace.fs and reads them here. Reading is synchronous on purpose: the loaders run in
// workers and commands that read a model whole before they use it.

/** What a loader needs of the files: their bytes, their sizes before reading, and path arithmetic. */
export interface ModelFileReader {
  /** the file's bytes, or null if there is no such file (other failures throw) */
  read(file: string): Uint8Array | null;
  /** the file's size in bytes, or null if there is no such file */
  size(file: string): number | null;
  /** the entries of a folder (null if there is none): links are named as such, and not followed */
  list(dir: string): Array<{ name: string; kind: 'folder' | 'file' | 'link' }> | null;
  /** where the file really is (links followed); a reader without links returns it as it is */
  real(file: string): string;
  join(dir: string, name: string): string;
  dirname(file: string): string;
  basename(file: string): string;
  /** whether `file` is `dir` itself or inside it (after `..` is resolved) */
  inside(dir: string, file: string): boolean;
  isAbsolute(file: string): boolean;
}

/** `a/b/../c` → `a/c`, `/`-separated. */
function normalize(p: string): string {
  const absolute = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else if (part === '..' && absolute) continue;
    else out.push(part);
  }
  return (absolute ? '/' : '') + out.join('/');
}

/** Files held in memory by `/`-separated path: what a browser host fetched, or a test's files. */
export class FileMapReader implements ModelFileReader {
  private readonly files = new Map<string, Uint8Array>();

  constructor(files: Iterable<[string, Uint8Array]> = []) {
    for (const [name, bytes] of files) this.files.set(normalize(name), bytes);
  }

  set(file: string, bytes: Uint8Array): void {
    this.files.set(normalize(file), bytes);
  }

  delete(file: string): void {
    this.files.delete(normalize(file));
  }

  read(file: string): Uint8Array | null {
    return this.files.get(normalize(file)) ?? null;
  }

  size(file: string): number | null {
    return this.files.get(normalize(file))?.byteLength ?? null;
  }

  real(file: string): string {
    return normalize(file);
  }

  /** every file inside `dir`, with its bytes */
  filesInside(dir: string): Array<[string, Uint8Array]> {
    return [...this.files].filter(([f]) => f !== normalize(dir) && this.inside(dir, f));
  }

  list(dir: string): Array<{ name: string; kind: 'folder' | 'file' }> | null {
    const d = normalize(dir);
    const entries = new Map<string, 'folder' | 'file'>();
    for (const f of this.files.keys()) {
      if (!this.inside(d, f) || f === d) continue;
      const [first, ...rest] = f.slice(d === '/' ? 1 : d.length + 1).split('/');
      entries.set(first, rest.length ? 'folder' : 'file');
    }
    return entries.size ? [...entries].map(([name, kind]) => ({ name, kind })) : null;
  }

  join(dir: string, name: string): string {
    return normalize(`${dir}/${name}`);
  }

  dirname(file: string): string {
    const n = normalize(file);
    const at = n.lastIndexOf('/');
    return at > 0 ? n.slice(0, at) : at === 0 ? '/' : '.';
  }

  basename(file: string): string {
    const n = normalize(file);
    return n.slice(n.lastIndexOf('/') + 1);
  }

  inside(dir: string, file: string): boolean {
    const d = normalize(dir);
    const f = normalize(file);
    return f === d || f.startsWith(d === '/' ? '/' : `${d}/`);
  }

  isAbsolute(file: string): boolean {
    return file.startsWith('/');
  }
}
