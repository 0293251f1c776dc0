// Which files a language model learns from: paths, folders (walked for text files) and globs
// (expanded with tinyglobby), with binary and huge files skipped and the corpus capped, each said.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { globSync } from 'tinyglobby';
import { say, type Message } from '../messages';
import { TRAINING_MESSAGES } from './training-messages';

/** prose a language model can read; code is not what the ghost text completes */
export const TEXT_EXTENSIONS = ['md', 'markdown', 'mdx', 'txt', 'text', 'rst', 'adoc', 'org'];

export const FILE_LIMITS = {
  /** a single file larger than this is skipped (a log, a dump: not someone's prose) */
  maxFileBytes: 2 * 1024 * 1024,
  /** reading stops when the files read so far hold this many characters */
  maxTotalChars: 8 * 1024 * 1024,
  /** folders are walked for at most this many files */
  maxFiles: 20_000,
};

export interface SkippedFile {
  path: string;
  reason: Message;
}

export interface TextFiles {
  files: Array<{ path: string; text: string }>;
  skipped: SkippedFile[];
  /** the cap was reached: some files were not read */
  capped: boolean;
}

const isGlob = (p: string) => /[*?[\]{}]/.test(p);

/** Every file a list of paths names: files as given, folders walked for text files, globs expanded. */
export function expandPaths(paths: string[], cwd = process.cwd()): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const pattern = `**/*.{${TEXT_EXTENSIONS.join(',')}}`;
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    if (fs.existsSync(abs)) {
      if (fs.statSync(abs).isDirectory()) files.push(...globSync([pattern], { cwd: abs, absolute: true, ignore: ['**/node_modules/**', '**/.git/**'] }).sort());
      else files.push(abs);
    } else if (isGlob(p)) {
      const hits = globSync([p], { cwd, absolute: true, ignore: ['**/node_modules/**', '**/.git/**'] }).sort();
      if (hits.length) files.push(...hits);
      else missing.push(p);
    } else missing.push(p);
  }
  return { files: [...new Set(files)].slice(0, FILE_LIMITS.maxFiles), missing };
}

/** Looks like binary: a NUL byte, or many control characters, in the first 8 KB. */
export function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of head) {
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return head.length > 0 && control / head.length > 0.1;
}

/** Reads the files, skipping (and naming) binary, huge, empty or unreadable ones, up to the corpus cap. */
export function readTextFiles(paths: string[], limits = FILE_LIMITS): TextFiles {
  const out: TextFiles = { files: [], skipped: [], capped: false };
  let chars = 0;
  for (const p of paths) {
    if (chars >= limits.maxTotalChars) {
      out.capped = true;
      out.skipped.push({ path: p, reason: say(TRAINING_MESSAGES.skippedOverCap, Math.round(limits.maxTotalChars / 1024 / 1024)) });
      continue;
    }
    try {
      const size = fs.statSync(p).size;
      if (size > limits.maxFileBytes) {
        out.skipped.push({ path: p, reason: say(TRAINING_MESSAGES.skippedTooLarge, (size / 1024 / 1024).toFixed(1), limits.maxFileBytes / 1024 / 1024) });
        continue;
      }
      const bytes = fs.readFileSync(p);
      if (looksBinary(bytes)) {
        out.skipped.push({ path: p, reason: say(TRAINING_MESSAGES.skippedBinary) });
        continue;
      }
      const text = bytes.toString('utf8');
      if (!text.trim()) {
        out.skipped.push({ path: p, reason: say(TRAINING_MESSAGES.skippedEmpty) });
        continue;
      }
      out.files.push({ path: p, text });
      chars += text.length;
    } catch (e) {
      out.skipped.push({ path: p, reason: say(TRAINING_MESSAGES.skippedUnreadable, (e as NodeJS.ErrnoException).code ?? (e as Error).message) });
    }
  }
  return out;
}
