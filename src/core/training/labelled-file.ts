// A labelled file for training a sentiment model: CSV, TSV or JSONL with a text column and a label
// column. Column names are recognised (text/sentence/review/content, label/sentiment/polarity/
// rating/stars) or given; labels are words (positive/negative, pos/neg, true/false), 0/1 or
// ratings, mapped by a rule inferred from the whole column and stated (labels 1/2, scales 0–4, 0–5,
// 1–5, 0–10 and 1–10; a middle value is dropped). CSV and TSV are read with csv-parse (quotes,
// doubled quotes, commas and newlines inside fields, ragged rows).

import { parse } from 'csv-parse/sync';
import { fill, inEnglish, say, type Message } from '../messages';
import { TRAINING_MESSAGES } from './training-messages';

export type LabelledFormat = 'csv' | 'tsv' | 'jsonl';

export interface LabelledRow {
  text: string;
  /** 1 positive, 0 negative */
  label: number;
}

export interface LabelledFile {
  format: LabelledFormat;
  textColumn: string;
  labelColumn: string;
  /** how the label column's values were read */
  labelRule: Message;
  rows: LabelledRow[];
  /** rows left out, by reason (empty text: 3, rating 3 (neutral): 40, …), in the order first met */
  skipped: SkippedRows;
}

export type SkippedRows = Array<{ reason: Message; rows: number }>;

/** The skipped rows as the command line writes them: each reason in English, with its count. */
export function skippedCounts(skipped: SkippedRows): Record<string, number> {
  return Object.fromEntries(skipped.map((s) => [inEnglish(s.reason), s.rows]));
}

/** A file whose columns or labels cannot be read without a choice the user has to make. */
export class AmbiguousColumnsError extends Error {
  constructor(
    message: string,
    /** the columns the file has, to offer in a quick pick */
    readonly columns: string[],
    readonly which: 'text' | 'label',
  ) {
    super(message);
    this.name = 'AmbiguousColumnsError';
  }
}

export class LabelledFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelledFileError';
  }
}

const TEXT_NAMES = ['text', 'sentence', 'review', 'content', 'review_text', 'reviewtext', 'body', 'comment', 'document'];
const LABEL_NAMES = ['label', 'sentiment', 'polarity', 'rating', 'stars', 'score', 'class', 'target'];

export function formatOf(fileName: string, head: string): LabelledFormat {
  const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'tsv' || ext === 'tab') return 'tsv';
  if (ext === 'csv') return 'csv';
  const first = head.split('\n', 1)[0];
  if (first.trimStart().startsWith('{')) return 'jsonl';
  return first.includes('\t') ? 'tsv' : 'csv';
}

/** Records as objects keyed by column name (a header row is required for CSV and TSV). */
function records(text: string, format: LabelledFormat, headerless = false): { columns: string[]; rows: Array<Record<string, unknown>> } {
  if (format === 'jsonl') {
    const rows: Array<Record<string, unknown>> = [];
    const columns = new Set<string>();
    text.split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new LabelledFileError(fill(TRAINING_MESSAGES.notJsonLine, i + 1));
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new LabelledFileError(fill(TRAINING_MESSAGES.notJsonObject, i + 1));
      for (const k of Object.keys(value)) columns.add(k);
      rows.push(value as Record<string, unknown>);
    });
    return { columns: [...columns], rows };
  }
  let table: string[][];
  try {
    table = parse(text.replace(/^\uFEFF/, ''), {
      delimiter: format === 'tsv' ? '\t' : ',',
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      // TSV files rarely quote; a stray quote inside a field must not swallow the lines after it
      quote: format === 'tsv' ? false : '"',
    }) as string[][];
  } catch (e) {
    throw new LabelledFileError(fill(TRAINING_MESSAGES.unreadable, format.toUpperCase(), (e as Error).message));
  }
  // a file without a header row: its columns are named by their numbers, 1, 2, 3…
  const width = table.reduce((w, r) => Math.max(w, r.length), 0);
  const [header, ...body] = headerless ? [Array.from({ length: width }, (_, i) => String(i + 1)), ...table] : table;
  if (!header) return { columns: [], rows: [] };
  const columns = header.map((h, i) => h.trim() || `column ${i + 1}`);
  return { columns, rows: body.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]]))) };
}

function pick(columns: string[], names: string[], given: string | undefined, which: 'text' | 'label', flag: string): string {
  if (given !== undefined) {
    const hit = columns.find((c) => c === given) ?? columns.find((c) => c.toLowerCase() === given.toLowerCase());
    if (!hit)
      throw new LabelledFileError(
        columns.length ? fill(TRAINING_MESSAGES.noColumn, given, columns.map((c) => `"${c}"`).join(', ')) : fill(TRAINING_MESSAGES.noColumnAtAll, given),
      );
    return hit;
  }
  const lower = columns.map((c) => c.toLowerCase().trim());
  const found = [...new Set(names.flatMap((n) => lower.flatMap((c, i) => (c === n ? [columns[i]] : []))))];
  if (found.length >= 1) {
    // several recognised names ("review" and "text"): the first in order of preference wins, unless two equally good ones
    const best = names.find((n) => lower.includes(n))!;
    const same = columns.filter((c) => c.toLowerCase().trim() === best);
    if (same.length === 1) return same[0];
  }
  throw new AmbiguousColumnsError(
    `which column holds the ${which}? The file has ${columns.map((c) => `"${c}"`).join(', ') || 'no header'}; say it with ${flag} (--text-column C and --label-column C name the columns)`,
    columns,
    which,
  );
}

type LabelReader = { rule: Message; read: (v: unknown) => number | Message };

const WORDS: Record<string, number> = {
  positive: 1,
  pos: 1,
  '+': 1,
  true: 1,
  yes: 1,
  good: 1,
  negative: 0,
  neg: 0,
  '-': 0,
  false: 0,
  no: 0,
  bad: 0,
};

/** A numeric label column's reader: an empty or missing cell is a row without a label, never a 0. */
function numeric(rule: string, read: (n: number, v: unknown) => number | Message): LabelReader {
  return {
    rule: say(rule),
    read: (v) => {
      if (v === undefined || v === null || (typeof v === 'string' && !v.trim())) return say(TRAINING_MESSAGES.rowNoLabel);
      return read(Number(v), v);
    },
  };
}

/** How to read this file's labels, decided from all of its values (a 0/1 column and a 1–5 rating column look alike row by row). */
export function labelReader(values: unknown[]): LabelReader {
  const seen = values.map((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v)).filter((v) => v !== '' && v !== undefined && v !== null);
  const numbers = seen.map((v) => (typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : /^-?\d+(\.\d+)?$/.test(String(v)) ? Number(v) : NaN));
  if (seen.length && numbers.every((n) => !Number.isNaN(n))) {
    // a loop, not Math.max(...numbers): a file of a few hundred thousand rows would overflow the stack
    let max = -Infinity;
    let min = Infinity;
    for (const n of numbers) {
      if (n > max) max = n;
      if (n < min) min = n;
    }
    const only = (...allowed: number[]) => numbers.every((n) => allowed.includes(n));
    if (only(0, 1)) return numeric(TRAINING_MESSAGES.ruleBinary, (n) => n);
    if (only(-1, 0, 1)) return numeric(TRAINING_MESSAGES.ruleSigned, (n) => (n === 0 ? say(TRAINING_MESSAGES.rowNeutralZero) : n > 0 ? 1 : 0));
    // two classes written 1 and 2 (Yelp and Amazon polarity): not a rating scale of which both are the low end
    if (only(1, 2) && min === 1 && max === 2) return numeric(TRAINING_MESSAGES.ruleOneTwo, (n) => n - 1);
    // a scale is read from where it starts: 0–4 (SST-5), 0–5 and 0–10 stars, 1–5 and 1–10
    const scale = (positive: number, negative: number, rule: string) =>
      numeric(rule, (n, v) => (n >= positive ? 1 : n <= negative ? 0 : say(TRAINING_MESSAGES.rowNeutralRating, String(v))));
    if (min >= 0 && max <= 4 && min < 1) return scale(3, 1, TRAINING_MESSAGES.ruleRating0to4);
    if (min >= 1 && max <= 5) return scale(4, 2, TRAINING_MESSAGES.ruleRating5);
    if (min >= 0 && max <= 5) return scale(4, 1, TRAINING_MESSAGES.ruleRating0to5);
    if (min >= 1 && max <= 10) return scale(7, 4, TRAINING_MESSAGES.ruleRating10);
    if (min >= 0 && max <= 10) return scale(7, 3, TRAINING_MESSAGES.ruleRating0to10);
    throw new LabelledFileError(fill(TRAINING_MESSAGES.labelRange, min, max));
  }
  return {
    rule: say(TRAINING_MESSAGES.ruleWords),
    read: (v) => {
      const key = String(v ?? '')
        .trim()
        .toLowerCase();
      if (key in WORDS) return WORDS[key];
      if (key === '1' || key === '0') return Number(key);
      return say(key ? TRAINING_MESSAGES.rowUnknownLabel : TRAINING_MESSAGES.rowNoLabel);
    },
  };
}

/**
 * Reads a labelled file. `textColumn` / `labelColumn` name the columns when the header does not say;
 * an undecidable header throws AmbiguousColumnsError (its `columns` are what to offer).
 */
export function readLabelledText(text: string, fileName: string, options: { textColumn?: string; labelColumn?: string } = {}): LabelledFile {
  const format = formatOf(fileName, text.slice(0, 4096));
  let { columns, rows } = records(text, format);
  // --text-column 2 --label-column 1 on a CSV or TSV whose first row names neither: a file without a header
  const { textColumn: t, labelColumn: l } = options;
  const numbers = t !== undefined && l !== undefined && /^\d+$/.test(t) && /^\d+$/.test(l);
  if (format !== 'jsonl' && numbers && !(columns.includes(t) && columns.includes(l))) ({ columns, rows } = records(text, format, true));
  if (!rows.length) throw new LabelledFileError(TRAINING_MESSAGES.noRows);
  const textColumn = pick(columns, TEXT_NAMES, options.textColumn, 'text', '--text-column');
  const labelColumn = pick(columns, LABEL_NAMES, options.labelColumn, 'label', '--label-column');
  if (textColumn === labelColumn) throw new LabelledFileError(fill(TRAINING_MESSAGES.sameColumn, textColumn));
  const reader = labelReader(rows.map((r) => r[labelColumn]));
  // counted by the sentence each reason makes (a rating of 3 and one of 2 are two reasons)
  const counts = new Map<string, { reason: Message; rows: number }>();
  const skip = (why: Message) => {
    const key = inEnglish(why);
    const seen = counts.get(key);
    if (seen) seen.rows++;
    else counts.set(key, { reason: why, rows: 1 });
  };
  const out: LabelledRow[] = [];
  for (const r of rows) {
    const raw = r[textColumn];
    const value = typeof raw === 'string' ? raw.trim() : raw === undefined || raw === null ? '' : String(raw);
    if (!value) {
      skip(say(TRAINING_MESSAGES.rowEmptyText));
      continue;
    }
    const label = reader.read(r[labelColumn]);
    if (typeof label === 'number') out.push({ text: value, label });
    else skip(label);
  }
  const skipped = [...counts.values()];
  if (!out.length) throw new LabelledFileError(fill(TRAINING_MESSAGES.noReadableRow, describeSkipped(skipped)));
  const classes = new Set(out.map((r) => r.label));
  if (classes.size < 2) throw new LabelledFileError(out[0].label ? TRAINING_MESSAGES.onlyPositive : TRAINING_MESSAGES.onlyNegative);
  return { format, textColumn, labelColumn, labelRule: reader.rule, rows: out, skipped };
}

export function describeSkipped(skipped: SkippedRows): string {
  const parts = skipped.map((s) => `${s.rows} ${inEnglish(s.reason)}`);
  return parts.length ? `skipped: ${parts.join(', ')}` : 'none skipped';
}
