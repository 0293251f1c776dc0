// Command-line flags for the training scripts, with defaults and a usage line on bad input.

import { parseArgs } from 'node:util';

export function flags<T extends Record<string, string | boolean>>(defaults: T, usage: string): T {
  const options = Object.fromEntries(
    Object.entries(defaults).map(([k, v]) => [k, { type: typeof v === 'boolean' ? ('boolean' as const) : ('string' as const) }]),
  );
  try {
    const { values } = parseArgs({ options, allowPositionals: false });
    return { ...defaults, ...values } as T;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\nusage: ${usage}\n`);
    process.exit(2);
  }
}
