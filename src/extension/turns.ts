// The extension host runs every extension's code on one thread: long work hands it back between
// slices. One way to do that, used everywhere in src/extension.

/**
 * Resolves after the event loop has had a turn (timers, I/O, other extensions' callbacks). A
 * browser's extension host has no setImmediate: a zero timeout there (at most ~4 ms late).
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
