// The user's own text as a language model reads it: each file's prose in sentences of tokens (and
// each token as written, for the casing table). Markdown is read for its prose: fenced and indented
// code, front matter, HTML tags, link targets, table rules and list or heading markers are dropped,
// as they were from the technical prose the bundled models learned.

import { splitSentences, tokenize } from '../text/tokenizer';

export interface CorpusDocument {
  /** where the text came from (a path, shown in messages; never stored in a model) */
  name: string;
  sentences: string[][];
  surfaces: string[][];
  /** each sentence as written */
  written: string[];
  /** the prose as read, a blank line between paragraphs (what the typing simulation types) */
  text: string;
}

/** Paragraphs of prose from Markdown or plain text: code and markup removed, wrapped lines joined. */
export function proseParagraphs(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const paragraphs: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length) paragraphs.push(current.join(' '));
    current = [];
  };
  let fence: string | null = null;
  let frontMatter = lines[0]?.trim() === '---';
  for (let i = frontMatter ? 1 : 0; i < lines.length; i++) {
    const line = lines[i];
    if (frontMatter) {
      if (line.trim() === '---') frontMatter = false;
      continue;
    }
    const fenceMark = /^\s*(```+|~~~+)/.exec(line)?.[1];
    if (fence) {
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = null;
      continue;
    }
    if (fenceMark) {
      flush();
      fence = fenceMark;
      continue;
    }
    // indented code (after a blank line), tables, rules, HTML blocks
    if ((/^( {4}|\t)/.test(line) && !current.length) || /^\s*\|/.test(line) || /^\s*([-*_]\s*){3,}$/.test(line) || /^\s*<\/?[a-z!][^>]*>\s*$/i.test(line)) {
      flush();
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    const heading = /^\s{0,3}#{1,6}\s+(.*)$/.exec(line);
    const item = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    const quote = /^\s*>\s?(.*)$/.exec(line);
    if (heading || item) flush();
    let prose = heading?.[1] ?? item?.[1] ?? quote?.[1] ?? line.trim();
    prose = prose
      .replace(/<!--.*?-->/g, ' ')
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
      .replace(/<[^>]+>/g, ' ')
      .replace(/https?:\/\/\S+/g, ' ')
      .replace(/(\*\*|__)(.+?)\1/g, '$2')
      .replace(/`([^`]*)`/g, '$1')
      .trim();
    if (prose) current.push(prose);
    if (heading) flush();
  }
  flush();
  return paragraphs;
}

/** A document's sentences, lower-cased tokens and as written. */
export function corpusDocument(name: string, text: string): CorpusDocument {
  const sentences: string[][] = [];
  const surfaces: string[][] = [];
  const written: string[] = [];
  const paragraphs = proseParagraphs(text);
  for (const paragraph of paragraphs) {
    const tokens = tokenize(paragraph);
    for (const s of splitSentences(paragraph, tokens)) {
      const span = tokens.slice(s.first, s.last);
      if (!span.length) continue;
      sentences.push(span.map((t) => t.norm));
      surfaces.push(span.map((t) => paragraph.slice(t.start, t.end)));
      written.push(paragraph.slice(span[0].start, span[span.length - 1].end));
    }
  }
  return { name, sentences, surfaces, written, text: paragraphs.join('\n\n') };
}

export function tokenCount(docs: ReadonlyArray<{ sentences: string[][] }>): number {
  let n = 0;
  for (const d of docs) for (const s of d.sentences) n += s.length + 1;
  return n;
}

/**
 * Training and held-out documents: every `every`-th document is held out (the before/after
 * measure and the choice of epochs) when that is at least two documents; a smaller corpus gives
 * the last fifth of every document's sentences instead, so the check reads more than one file
 * (or a fifth of the text) and there is always something the training never saw.
 */
export function holdOut(docs: CorpusDocument[], every = 3): { train: CorpusDocument[]; heldOut: CorpusDocument[] } {
  if (Math.floor(docs.length / every) >= 2)
    return { train: docs.filter((_, i) => i % every !== every - 1), heldOut: docs.filter((_, i) => i % every === every - 1) };
  const train: CorpusDocument[] = [];
  const heldOut: CorpusDocument[] = [];
  for (const d of docs) {
    const cut = Math.max(1, Math.floor(d.sentences.length * 0.8));
    if (d.sentences.length < 2) {
      train.push(d);
      continue;
    }
    const part = (from: number, to: number): CorpusDocument => ({
      name: d.name,
      sentences: d.sentences.slice(from, to),
      surfaces: d.surfaces.slice(from, to),
      written: d.written.slice(from, to),
      text: d.written.slice(from, to).join(' '),
    });
    train.push(part(0, cut));
    heldOut.push(part(cut, d.sentences.length));
  }
  return { train, heldOut };
}
