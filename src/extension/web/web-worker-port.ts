// The channel's Port over a Web Worker: the Worker seen from the browser's extension host, or the
// worker's own global scope seen from inside (both post with a transfer list and raise `message`).

import type { Port } from '../../core/channel';

export interface WorkerLike {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export function webWorkerPort(target: WorkerLike): Port {
  return {
    post: (message, transfer) => target.postMessage(message, transfer ?? []),
    listen: (receive) => {
      const listener = (event: { data: unknown }) => receive(event.data);
      target.addEventListener('message', listener);
      return () => target.removeEventListener('message', listener);
    },
  };
}
