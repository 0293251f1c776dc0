// Broad English for the word-level language model (data/english/, see data/README.md): docs of
// many projects, plain-English guides, public-domain novels and the commit messages of 18
// projects, beside Brown and data/tech-prose.
//
// Held out, decided before any training (and never by a result):
// - prose files: whole documents, by md5 of the `# <source>/<id>` header: < 3 of 100 test, 3–4 dev;
// - books: whole books: two for test (Alice in Wonderland, The War of the Worlds), one for dev
//   (The Wonderful Wizard of Oz);
// - commit messages: two whole projects for test (tmux/tmux, expressjs/express), one for dev
//   (psf/requests), and of every other project the messages whose md5(project#index) % 100 is 0
//   (test) or 1 (dev).
// Brown and tech-prose keep the splits they had (tech-prose-data.ts), so today's numbers compare.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

export const ENGLISH_DIR = path.resolve(__dirname, '../../data/english');

/** The kinds of writing measured apart (each prose file belongs to one). */
export type EnglishKind = 'docs' | 'guides' | 'books' | 'commits';

export const PROSE_FILES: Record<string, EnglishKind> = {
  'docs-python.txt': 'docs',
  'docs-python-tools.txt': 'docs',
  'docs-django.txt': 'docs',
  'docs-postgresql.txt': 'docs',
  'docs-tools.txt': 'docs',
  'docs-perl.txt': 'docs',
  'docs-debian.txt': 'docs',
  'docs-desktop-help.txt': 'docs',
  'docs-science.txt': 'docs',
  'docs-web.txt': 'docs',
  'general-guides.txt': 'guides',
  'general-books.txt': 'books',
};

export const HELD_OUT_BOOKS = {
  test: ['lewis-carroll_alices-adventures-in-wonderland', 'h-g-wells_the-war-of-the-worlds'],
  dev: ['l-frank-baum_the-wonderful-wizard-of-oz'],
};
export const HELD_OUT_PROJECTS = { test: ['tmux/tmux', 'expressjs/express'], dev: ['psf/requests'] };

export type Side = 'train' | 'dev' | 'test';

export interface EnglishDocument {
  /** the `# <source>/<id>` header (commits: `owner/name#index`) */
  name: string;
  /** paragraphs (a commit message: its subject, then each paragraph of its body), raw text */
  paragraphs: string[];
  kind: EnglishKind;
  /** the file (prose) or project (commits) it came from */
  origin: string;
}

/** A file of data/english: the plain text, or its Brotli-compressed copy (how the repository keeps it). */
export function readEnglishFile(name: string, dir = ENGLISH_DIR): string {
  const plain = path.join(dir, name);
  if (fs.existsSync(plain)) return fs.readFileSync(plain, 'utf8');
  return zlib.brotliDecompressSync(fs.readFileSync(`${plain}.br`)).toString('utf8');
}

const bucket = (key: string) => createHash('md5').update(key).digest().readUInt32BE(0) % 100;

/** Which side a prose document is on, from its header alone. */
export function proseSide(kind: EnglishKind, header: string): Side {
  if (kind === 'books') {
    const book = header.split('/')[1] ?? '';
    if (HELD_OUT_BOOKS.test.includes(book)) return 'test';
    if (HELD_OUT_BOOKS.dev.includes(book)) return 'dev';
    return 'train';
  }
  const b = bucket(header);
  return b < 3 ? 'test' : b < 5 ? 'dev' : 'train';
}

/** Which side a commit message is on: its project, then its place in the project. */
export function commitSide(project: string, index: number): Side {
  if (HELD_OUT_PROJECTS.test.includes(project)) return 'test';
  if (HELD_OUT_PROJECTS.dev.includes(project)) return 'dev';
  const b = bucket(`${project}#${index}`);
  return b === 0 ? 'test' : b === 1 ? 'dev' : 'train';
}

/** `# <source>/<id>` starts a document; one paragraph a line; blank lines between documents. */
export function parseProse(text: string, kind: EnglishKind, origin: string): EnglishDocument[] {
  const docs: EnglishDocument[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('# ')) docs.push({ kind, origin, name: line.slice(2).trim(), paragraphs: [] });
    else if (line.trim() && docs.length) docs[docs.length - 1].paragraphs.push(line.trim());
  }
  return docs.filter((d) => d.paragraphs.length);
}

/** `# owner/name` before each project, then messages (one line a paragraph), a blank line between. */
export function parseCommits(text: string): EnglishDocument[] {
  const docs: EnglishDocument[] = [];
  let project = '';
  let index = 0;
  let current: string[] = [];
  const flush = () => {
    if (current.length && project) docs.push({ kind: 'commits', origin: project, name: `${project}#${index++}`, paragraphs: current });
    current = [];
  };
  for (const raw of text.split('\n')) {
    const header = /^# ([\w.-]+\/[\w.-]+)\s*$/.exec(raw);
    if (header) {
      flush();
      project = header[1];
      index = 0;
    } else if (!raw.trim()) flush();
    else current.push(raw.trim());
  }
  flush();
  return docs;
}

export type EnglishSplit = Record<Side, EnglishDocument[]>;

/** Every file of data/english, split by whole documents (books: whole books; commits: whole projects too). */
export function readEnglish(dir = ENGLISH_DIR): EnglishSplit {
  const split: EnglishSplit = { train: [], dev: [], test: [] };
  for (const [file, kind] of Object.entries(PROSE_FILES))
    for (const d of parseProse(readEnglishFile(file, dir), kind, file)) split[proseSide(kind, d.name)].push(d);
  for (const d of parseCommits(readEnglishFile('commits.txt', dir))) {
    const [project, index] = d.name.split('#');
    split[commitSide(project, Number(index))].push(d);
  }
  return split;
}
