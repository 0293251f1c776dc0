// Fails when modules under src/ import each other in a cycle, type-only imports included (a
// cycle of types still ties two modules' designs together), and when a file of src/core imports
// from a floor above its own (ARCHITECTURE.md, "The floors of src/core"). Written by hand: the graph is a few
// dozen files of relative imports, which a regular expression reads reliably; a lint plugin for
// it would bring a resolver and a parser of its own.
import * as fs from 'node:fs';
import * as path from 'node:path';

// RNN_LENS_SRC: another tree to check (the unit test checks that an upward import fails)
const ROOT = process.env.RNN_LENS_SRC ?? path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'src');
const files = fs
  .readdirSync(ROOT, { recursive: true })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => path.join(ROOT, f));
const IMPORT = /^\s*(?:import|export)\b[^'"]*?from\s+['"](\.[^'"]+)['"]|^\s*import\s+['"](\.[^'"]+)['"]/gm;

function resolve(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) if (fs.existsSync(candidate)) return candidate;
  return null;
}

const graph = new Map(files.map((f) => [f, [...fs.readFileSync(f, 'utf8').matchAll(IMPORT)].map((m) => resolve(f, m[1] ?? m[2])).filter(Boolean)]));
const cycles = [];
const state = new Map(); // 1: on the path, 2: done
const stack = [];
function visit(f) {
  state.set(f, 1);
  stack.push(f);
  for (const g of graph.get(f) ?? []) {
    if (state.get(g) === 1) cycles.push([...stack.slice(stack.indexOf(g)), g].map((x) => path.relative(ROOT, x)).join(' → '));
    else if (!state.has(g)) visit(g);
  }
  stack.pop();
  state.set(f, 2);
}
for (const f of files) if (!state.has(f)) visit(f);
if (cycles.length) {
  console.error(`import cycles in src/ (${cycles.length}):\n  ${cycles.join('\n  ')}`);
  process.exit(1);
}

// The floors of src/core: a file may import its own floor and the ones below, never one above.
// The files at core's root (random numbers, message filling, starting a worker) are the ground.
export const FLOORS = { '.': 0, kernels: 1, layers: 2, text: 2, model: 3, sentiment: 4, completion: 4, trace: 4, training: 5 };
const CORE = path.join(ROOT, 'core');
const floorOf = (f) => {
  const rel = path.relative(CORE, f);
  if (rel.startsWith('..')) return null;
  const folder = rel.includes(path.sep) ? rel.split(path.sep)[0] : '.';
  if (!(folder in FLOORS)) throw new Error(`src/core/${folder}/ is on no floor: add it to FLOORS in scripts/check-cycles.mjs and to ARCHITECTURE.md`);
  return FLOORS[folder];
};
const upward = [];
for (const [f, targets] of graph) {
  const from = floorOf(f);
  if (from === null) continue;
  for (const g of targets) {
    const to = floorOf(g);
    if (to !== null && to > from) upward.push(`${path.relative(ROOT, f)} (floor ${from}) → ${path.relative(ROOT, g)} (floor ${to})`);
  }
}
if (upward.length) {
  console.error(`imports up a floor in src/core (${upward.length}):\n  ${upward.join('\n  ')}`);
  process.exit(1);
}
console.log(`no import cycles among ${files.length} modules in src/, and none up a floor of src/core`);
