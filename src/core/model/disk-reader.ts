// Model files on disk (Node): the reader every loader uses unless it is given another.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ModelFileReader } from './file-reader';

const missing = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT';

export const diskReader: ModelFileReader = {
  read(file) {
    try {
      return fs.readFileSync(file);
    } catch (e) {
      if (missing(e)) return null;
      throw e;
    }
  },
  size: (file) => fs.statSync(file, { throwIfNoEntry: false })?.size ?? null,
  real: (file) => fs.realpathSync(file),
  list: (dir) => {
    if (!fs.existsSync(dir)) return null;
    return fs.readdirSync(dir, { withFileTypes: true }).map((d) => ({ name: d.name, kind: d.isSymbolicLink() ? 'link' : d.isDirectory() ? 'folder' : 'file' }));
  },
  join: (dir, name) => path.join(dir, name),
  dirname: (file) => path.dirname(file),
  basename: (file) => path.basename(file),
  inside: (dir, file) => {
    const rel = path.relative(dir, file);
    return rel === '' || !(rel.startsWith('..') || path.isAbsolute(rel));
  },
  isAbsolute: (file) => path.isAbsolute(file),
};
