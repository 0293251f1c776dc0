// Starting a worker thread on a module of src/core, the same way from source and from a bundle.

import * as path from 'node:path';

/**
 * Code for `new Worker(code, { eval: true })` that runs the worker module `name` found in `dir`:
 * the bundled .js (esbuild.mjs builds each worker beside the bundles in dist/), or the .ts through
 * tsx when this code itself runs from source.
 */
export function workerEntry(dir: string, name: string): string {
  const fromSource = __filename.endsWith('.ts');
  const entry = path.join(dir, `${name}.${fromSource ? 'ts' : 'js'}`);
  return `${fromSource ? `require(${JSON.stringify(require.resolve('tsx/cjs'))});` : ''}require(${JSON.stringify(entry)});`;
}
