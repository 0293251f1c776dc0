// Sentences the core says to the user (why a text gets no verdict, what a training is doing), each
// worded once, in English, with its values in {0}, {1}, … The core hands them out as data — a
// Message: the template (the key of its translations) and the values — and the edges put them into
// words: the CLI in English (inEnglish), the extension in the user's language through vscode.l10n
// (extension/core-messages.ts). Errors still carry a sentence (an Error has a message); the
// extension reads those back with parseMessage.

/** A sentence as data: its English template, which is also the key of its translations, and its values. */
export interface Message {
  readonly key: string;
  readonly values: ReadonlyArray<string | number>;
}

export const say = (key: string, ...values: Array<string | number>): Message => ({ key, values });

/** The sentence in English (the CLI's words, logs, errors). */
export const inEnglish = (m: Message): string => fill(m.key, ...m.values);

/** Whether a value is a Message (the CLI writes each one it outputs in English). */
export function isMessage(x: unknown): x is Message {
  if (typeof x !== 'object' || x === null) return false;
  const keys = Object.keys(x);
  return keys.length === 2 && typeof (x as Message).key === 'string' && Array.isArray((x as Message).values);
}

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
