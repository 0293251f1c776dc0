// How the ghost-text evaluations cut their sets to size, English and Korean alike.

/** Documents in order until `chars` characters (the last one cut at a line end). */
export function take(texts: string[], chars: number): string[] {
  const out: string[] = [];
  let n = 0;
  for (const t of texts) {
    if (n >= chars) break;
    const rest = chars - n;
    const cut = t.length <= rest ? t : t.slice(0, Math.max(t.indexOf('\n', rest), rest)) + '\n';
    out.push(cut);
    n += cut.length;
  }
  return out;
}
