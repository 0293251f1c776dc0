// What kind of extension host the code runs in, in words for the log: the web entry writes it at
// activation, so a user (and the end-to-end tests) can see that it runs in a browser's web worker
// with no Node.js, and with or without WebAssembly SIMD.

import { kernelsInUse } from '../../core/kernels/kernels';

export interface HostFacts {
  /** Node.js's `process` is there (a desktop or server host) */
  node: boolean;
  /** a worker's global scope (a browser's web worker extension host) */
  worker: boolean;
  /** the engine's kernels here */
  kernels: 'wasm' | 'js';
  summary: string;
}

export function describeHost(): HostFacts {
  const node = typeof process === 'object' && typeof process.versions?.node === 'string';
  const scope = (globalThis as { WorkerGlobalScope?: new () => unknown }).WorkerGlobalScope;
  const worker = typeof scope === 'function' && globalThis instanceof scope;
  const kernels = kernelsInUse();
  const summary = `${worker ? "a browser's web worker" : 'a'} extension host, ${node ? 'with' : 'without'} Node.js; ${kernels === 'wasm' ? 'WebAssembly SIMD kernels' : 'JavaScript kernels'}`;
  return { node, worker, kernels, summary };
}
