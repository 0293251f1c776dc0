// The channel's Port over Node's worker threads: a Worker seen from its owner, or parentPort /
// a MessagePort seen from inside.

import type { MessagePort, Worker } from 'node:worker_threads';
import type { Port } from './channel';

export function nodePort(target: Worker | MessagePort): Port {
  return {
    post: (message, transfer) => target.postMessage(message, transfer),
    listen: (receive) => {
      target.on('message', receive);
      return () => target.off('message', receive);
    },
  };
}
