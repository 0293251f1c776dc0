// Sentences the core says to the user (why a text gets no verdict, what a training is doing), each
// worded once, in English, with its values in {0}, {1}, … The CLI prints them as they are; the
// extension shows them in the user's language through vscode.l10n, with the template as the key,
// after reading the values back out of the sentence (parseMessage).

/** A template with its values put in (a value not given leaves its place empty). Also the inspector page's t(). */
export function fill(template: string, ...values: Array<string | number>): string {
  return template.replace(/\{(\d+)\}/g, (_, i: string) => String(values[Number(i)] ?? ''));
}

const patterns = new Map<string, RegExp>();
const patternOf = (template: string): RegExp => {
  let p = patterns.get(template);
  if (!p) patterns.set(template, (p = new RegExp('^' + template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\d+\}/g, '(.+?)') + '$', 's')));
  return p;
};

/** Which of `templates` `text` was filled from, and with what (fill's inverse); null for any other text. */
export function parseMessage(text: string, templates: readonly string[]): { template: string; values: string[] } | null {
  for (const template of templates) {
    const m = patternOf(template).exec(text);
    if (m) return { template, values: m.slice(1) };
  }
  return null;
}
