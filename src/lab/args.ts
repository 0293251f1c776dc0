// Command-line flags for the training scripts: each flag takes the type of its default (a number,
// a boolean switch or a string), and a value that does not fit stops the script with a usage
// line, rather than becoming NaN further down. `choices` lists the values a string flag allows.

import { parseArgs } from 'node:util';

type Flag = string | number | boolean;

export function flags<T extends Record<string, Flag>>(defaults: T, usage: string, choices: Partial<Record<keyof T, readonly string[]>> = {}): T {
  const fail = (message: string): never => {
    process.stderr.write(`${message}\nusage: ${usage}\n`);
    process.exit(2);
  };
  const options = Object.fromEntries(
    Object.entries(defaults).map(([k, v]) => [k, { type: typeof v === 'boolean' ? ('boolean' as const) : ('string' as const) }]),
  );
  let values: Record<string, string | boolean | undefined> = {};
  try {
    values = parseArgs({ options, allowPositionals: false }).values as typeof values;
  } catch (e) {
    fail((e as Error).message);
  }
  const out: Record<string, Flag> = { ...defaults };
  for (const [key, raw] of Object.entries(values)) {
    if (raw === undefined) continue;
    if (typeof defaults[key] === 'number') {
      const n = Number(raw);
      if (raw === '' || !Number.isFinite(n)) fail(`--${key} must be a number (got ${JSON.stringify(raw)})`);
      out[key] = n;
    } else {
      out[key] = raw;
    }
    const allowed = choices[key as keyof T];
    if (allowed && !allowed.includes(String(out[key]))) fail(`--${key} must be one of ${allowed.join(', ')} (got ${JSON.stringify(raw)})`);
  }
  return out as T;
}
