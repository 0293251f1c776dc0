// Model files fetched into memory from a source that can only be read asynchronously — a browser
// extension host reads the extension's files through vscode.workspace.fs — so that the same loaders
// (loadModelDir, the registry) then read them synchronously through a FileMapReader, with the same
// checks. The cards first (enough to list the models and choose one), a model's weights only when
// it is used: activation fetches nothing.

import { FileMapReader } from './file-reader';

/** What the host can do with the extension's files (`/`-separated paths). */
export interface AsyncFileSource {
  /** a folder's entries, or null if there is none */
  list(dir: string): Promise<Array<{ name: string; kind: 'folder' | 'file' }> | null>;
  /** a file's bytes, or null if there is none */
  read(file: string): Promise<Uint8Array | null>;
}

/** Every model folder's card (and the folder's defaults.json) under `root`, into `reader`. */
export async function fetchCards(source: AsyncFileSource, reader: FileMapReader, root: string): Promise<void> {
  const entries = (await source.list(root)) ?? [];
  const fetchInto = async (file: string) => {
    const bytes = await source.read(file);
    if (bytes) reader.set(file, bytes);
  };
  await Promise.all([
    fetchInto(reader.join(root, 'defaults.json')),
    ...entries.filter((e) => e.kind === 'folder' && !e.name.startsWith('.')).map((e) => fetchInto(reader.join(reader.join(root, e.name), 'card.json'))),
  ]);
}

/** The files a model folder's loader reads, besides its weights. */
const MODEL_FILES = ['card.json', 'model.json', 'vocab.json', 'casing.json', 'memory.json'];

/** A fetched file as JSON, or null when it is missing or unreadable (the loader says what is wrong with it). */
function fetchedJson(reader: FileMapReader, file: string): unknown {
  const bytes = reader.read(file);
  if (!bytes) return null;
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

/** The folder of the shared table a fetched card names (a plain folder name beside the model's), if any. */
function sharedTableDir(reader: FileMapReader, dir: string): string | null {
  const card = fetchedJson(reader, reader.join(dir, 'card.json')) as { embeddingTable?: unknown } | null;
  const table = card?.embeddingTable;
  return typeof table === 'string' && /^[a-z0-9][a-z0-9._-]*$/i.test(table) ? reader.join(reader.dirname(dir), table) : null;
}

/**
 * One model's files into `reader`: its card, topology, vocabulary, casing and memory, every weight
 * file its model.json names, and the shared table it names (its vocabulary and manifest). A path
 * that leaves the models folder is not fetched: the loader then says the file is missing or
 * refuses the path, as it does on disk.
 */
export async function fetchModel(source: AsyncFileSource, reader: FileMapReader, dir: string): Promise<void> {
  const root = reader.dirname(dir);
  const fetchInto = async (file: string) => {
    if (!reader.inside(root, file) || reader.read(file)) return;
    const bytes = await source.read(file);
    if (bytes) reader.set(file, bytes);
  };
  await Promise.all(MODEL_FILES.map((f) => fetchInto(reader.join(dir, f))));
  const table = sharedTableDir(reader, dir);
  if (table) await Promise.all(['vocab.json', 'table.json'].map((f) => fetchInto(reader.join(table, f))));
  const model = fetchedJson(reader, reader.join(dir, 'model.json')) as { weightsManifest?: Array<{ paths?: unknown }> } | null;
  const paths = (model?.weightsManifest ?? []).flatMap((g) => (Array.isArray(g?.paths) ? g.paths.filter((p): p is string => typeof p === 'string') : []));
  await Promise.all(paths.filter((p) => !reader.isAbsolute(p)).map((p) => fetchInto(reader.join(dir, p))));
}

/**
 * The files of one model folder already fetched into `reader`, with its shared table's: what a
 * worker without a disk is handed to load that model (the same bytes, read by the same loader).
 */
export function fetchedModelFiles(reader: FileMapReader, dir: string): Array<[string, Uint8Array]> {
  const table = sharedTableDir(reader, dir);
  return [...reader.filesInside(dir), ...(table ? reader.filesInside(table) : [])];
}
