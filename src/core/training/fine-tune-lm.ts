// Fine-tunes a language model on someone's own text (a workspace's Markdown, a folder of notes):
// the same trainer as the bundled models', started from the chosen model's weights, with the words
// of the user's text the model did not know added to its vocabulary (vocabulary-growth.ts).
//
// Two passes. The first trains on two thirds of the documents and measures every epoch on the
// third it never saw: that picks the number of epochs and gives the before/after the Training view
// shows (perplexity on the words both models know, keystroke savings of the ghost text). The
// second starts again from the base and trains on every document for that many epochs: the model
// that is saved has learned from all of the user's text.

import { CompletionService } from '../completion/completion';
import { COMPLETION_DEFAULTS, editorWindow, minProbabilityFor } from '../completion/completion-defaults';
import { LanguageModelRunner } from '../completion/language-model';
import { LoadedModel, ModelCard } from '../model/model-bundle';
import { SequentialModel } from '../model/model';
import { scoreTyping, traceTyping, TypingResult } from '../completion/typing-simulation';
import { EOS, Vocabulary } from '../text/vocabulary';
import { casingTable } from './casing';
import { buildMemory, memoryOf, MemoryFile } from '../model/word-memory';
import { streamPerplexity, trainLanguageModel } from './lm-trainer';
import { CorpusDocument, holdOut, tokenCount } from './text-corpus';
import { copyOf, growVocabulary, newWords } from './vocabulary-growth';
import { BatchProgress } from './progress';
import { fill, say, type Message } from '../messages';
import { TRAINING_MESSAGES } from './training-messages';

export interface FineTuneLmOptions {
  /** the most epochs the first pass tries (it keeps the best on held-out text) */
  epochs: number;
  learningRate: number;
  /** new words need this many occurrences in the user's text */
  minCount: number;
  /** at most this many new words */
  maxNewWords: number;
  seed: number;
  /** 2: the second core helps (a gradient worker) */
  workers: number;
  /** characters of held-out text the typing simulation types, before and after */
  typingChars: number;
  /** save the counts of the user's text for the completer to mix in (memory.json) */
  memory: boolean;
}

// chosen on the dev stand-in (this project's own docs; npm run eval:own-text -- --split dev):
// learning rate 0.001 / 0.003 / 0.005 / 0.01 gave 1.02× / 1.20× / 1.27× / 1.25× keystroke savings
export const FINE_TUNE_LM_DEFAULTS: FineTuneLmOptions = {
  epochs: 8,
  learningRate: 0.005,
  minCount: 2,
  maxNewWords: 5000,
  seed: 1,
  workers: 1,
  typingChars: 12_000,
  memory: true,
};

export type FineTuneProgress =
  | { kind: 'batch'; pass: 'measure' | 'final'; epochs: number; progress: BatchProgress }
  | { kind: 'epoch'; pass: 'measure' | 'final'; epoch: number; epochs: number; perplexity: number | null; seconds: number }
  | { kind: 'stage'; message: Message };

export interface GhostMeasure {
  perplexity: number;
  /** keystroke savings of the ghost text on held-out text (the typing simulation) */
  savings: number;
  precision: number;
  shown: number;
}

export interface FineTuneLmResult {
  model: SequentialModel;
  vocabulary: Vocabulary;
  casing: Record<string, string>;
  /** the counts of the user's text the completer mixes in (memory.json) */
  memory: MemoryFile;
  newWords: number;
  epochs: number;
  /** what was saved: the fine-tuned model, or (when it did worse on the held-out files) the starting one */
  kept: 'fine-tuned' | 'base';
  documents: { train: number; heldOut: number };
  tokens: { train: number; heldOut: number };
  before: GhostMeasure | null;
  after: GhostMeasure | null;
  perplexityByEpoch: number[];
  seconds: number;
}

export class TrainingCancelled extends Error {
  constructor() {
    super('training cancelled');
    this.name = 'TrainingCancelled';
  }
}

function toStream(docs: ReadonlyArray<{ sentences: string[][] }>, vocabulary: Vocabulary): Int32Array {
  const eos = vocabulary.exact(EOS);
  const ids: number[] = [];
  for (const d of docs)
    for (const s of d.sentences) {
      for (const w of s) ids.push(vocabulary.id(w));
      ids.push(eos);
    }
  return Int32Array.from(ids);
}

/**
 * The margin a fine-tuned model must win by on the held-out files, written down before it was
 * measured: half a point of keystroke savings. Within it the check cannot tell, and the base stays.
 */
export const OWN_TEXT_MARGIN = 0.005;

export function fineTunedWins(before: Pick<GhostMeasure, 'savings'>, after: Pick<GhostMeasure, 'savings'>, margin = OWN_TEXT_MARGIN): boolean {
  return after.savings >= before.savings + margin;
}

/** Keystroke savings and precision of the ghost text as the extension shows it (its threshold and window). */
export function ghostTyping(loaded: LoadedModel, documents: string[], memoryWeight?: number): TypingResult {
  const service = new CompletionService(new LanguageModelRunner(loaded));
  const sum: TypingResult = { keystrokes: 0, saved: 0, asks: 0, shown: 0, right: 0 };
  for (const d of documents) {
    const trace = traceTyping(d, (before) =>
      service
        .complete(editorWindow(before), { words: COMPLETION_DEFAULTS.words, k: 1, minProbability: 0, memoryWeight })
        .completions.map((c) => ({ text: c.text, p: c.pFirst })),
    );
    const r = scoreTyping(trace, minProbabilityFor(loaded.card));
    for (const k of Object.keys(sum) as Array<keyof TypingResult>) sum[k] += r[k];
  }
  return sum;
}

/** The first `chars` characters of the documents' text, whole documents where they fit. */
function typingTexts(docs: CorpusDocument[], chars: number): string[] {
  const out: string[] = [];
  let n = 0;
  for (const d of docs) {
    if (n >= chars || !d.text) continue;
    const t = d.text.slice(0, chars - n);
    out.push(t);
    n += t.length;
  }
  return out;
}

function streamsOf(tokens: number, bptt: number): number {
  // at least ~20 batches an epoch, even on a few thousand words
  return Math.max(2, Math.min(32, Math.floor(tokens / (bptt * 20))));
}

export function fineTuneLanguageModel(
  base: LoadedModel,
  documents: CorpusDocument[],
  options: Partial<FineTuneLmOptions> = {},
  onProgress?: (p: FineTuneProgress) => void,
  shouldStop?: () => boolean,
): FineTuneLmResult {
  const o = { ...FINE_TUNE_LM_DEFAULTS, ...options };
  const started = performance.now();
  const docs = documents.filter((d) => d.sentences.length);
  const total = tokenCount(docs);
  if (total < 200) throw new Error(fill(TRAINING_MESSAGES.tooLittleProse, total));
  const bptt = 35;
  const stop = () => {
    if (shouldStop?.()) throw new TrainingCancelled();
  };

  const counts = new Map<string, number>();
  const countWords = (ds: CorpusDocument[]) => {
    counts.clear();
    for (const d of ds) for (const s of d.sentences) for (const w of s) counts.set(w, (counts.get(w) ?? 0) + 1);
    return newWords(counts, base.vocabulary, o.minCount, o.maxNewWords);
  };

  const train = (ds: CorpusDocument[], valid: CorpusDocument[] | null, epochs: number, pass: 'measure' | 'final') => {
    const added = countWords(ds);
    const { model, vocabulary } = growVocabulary(copyOf(base.model), base.vocabulary, added);
    const stream = toStream(ds, vocabulary);
    const validStream = valid ? toStream(valid, vocabulary) : stream.subarray(0, Math.min(stream.length, 4096));
    const unigram = new Float64Array(vocabulary.size);
    for (const id of stream) unigram[id]++;
    const reports = trainLanguageModel(
      model,
      stream,
      validStream,
      unigram,
      {
        epochs,
        batchSize: streamsOf(stream.length, bptt),
        bptt,
        learningRate: o.learningRate,
        clipNorm: 1,
        samples: Math.min(512, vocabulary.size - 2),
        seed: o.seed,
        decay: 0.7,
        excluded: [0],
        workers: o.workers,
        // the held-out run's per-epoch perplexity counts what the before/after measure counts
        // (the words the base knew, <unk> left out), so the curve and the table say one number
        validTargets: { below: base.vocabulary.size, unk: base.vocabulary.unkId },
      },
      (p) => {
        stop();
        onProgress?.({ kind: 'batch', pass, epochs, progress: p });
      },
      (r) => onProgress?.({ kind: 'epoch', pass, epoch: r.epoch, epochs, perplexity: valid ? r.validPerplexity : null, seconds: r.seconds }),
    );
    return { model, vocabulary, added, reports, tokens: stream.length };
  };

  const measure = (loaded: LoadedModel, heldOut: CorpusDocument[]): GhostMeasure => {
    stop();
    const known = base.vocabulary.size;
    const unk = base.vocabulary.unkId;
    const ppl = streamPerplexity(loaded.model, toStream(heldOut, loaded.vocabulary), 16, 64, (y) => y < known && y !== unk);
    const typing = ghostTyping(loaded, typingTexts(heldOut, o.typingChars));
    return {
      perplexity: ppl,
      savings: typing.keystrokes ? typing.saved / typing.keystrokes : 0,
      precision: typing.shown ? typing.right / typing.shown : 0,
      shown: typing.asks ? typing.shown / typing.asks : 0,
    };
  };

  const { train: trainDocs, heldOut } = holdOut(docs);
  let epochs = o.epochs;
  let before: GhostMeasure | null = null;
  let after: GhostMeasure | null = null;
  let perplexityByEpoch: number[] = [];
  const heldOutTokens = tokenCount(heldOut);
  if (heldOutTokens >= 50) {
    onProgress?.({ kind: 'stage', message: say(TRAINING_MESSAGES.measureBaseText) });
    before = measure(base, heldOut);
    const first = train(trainDocs, heldOut, o.epochs, 'measure');
    perplexityByEpoch = first.reports.map((r) => r.validPerplexity);
    epochs = first.reports.reduce((a, b) => (b.validPerplexity < a.validPerplexity ? b : a)).epoch;
    onProgress?.({ kind: 'stage', message: say(TRAINING_MESSAGES.measureTunedText, epochs) });
    const remembered = o.memory ? { memory: memoryOf(buildMemory(trainDocs)) } : {};
    after = measure(withCasing({ ...base, model: first.model, vocabulary: first.vocabulary, ...remembered }, trainDocs, first.vocabulary), heldOut);
  }
  stop();
  // the writer's own held-out files decide: a fine-tuned model is kept only if it saves more
  // keystrokes on them than the starting model by the margin (on text like what the base already
  // learned, a few thousand words can pull it away from what it knew; once, the check was fooled)
  if (before && after && !fineTunedWins(before, after)) {
    onProgress?.({
      kind: 'stage',
      message: say(TRAINING_MESSAGES.baseKeptText),
    });
    return {
      model: copyOf(base.model),
      vocabulary: base.vocabulary,
      casing: Object.fromEntries(base.casing ?? []),
      memory: { version: 1, total: 0, words: {}, pairs: {} },
      newWords: 0,
      epochs: 0,
      kept: 'base',
      documents: { train: docs.length, heldOut: heldOut.length },
      tokens: { train: total, heldOut: heldOutTokens },
      before,
      after,
      perplexityByEpoch,
      seconds: (performance.now() - started) / 1000,
    };
  }
  const final = train(docs, null, epochs, 'final');
  const loaded = withCasing({ ...base, model: final.model, vocabulary: final.vocabulary }, docs, final.vocabulary);
  return {
    kept: 'fine-tuned',
    model: final.model,
    vocabulary: final.vocabulary,
    casing: Object.fromEntries(loaded.casing ?? []),
    memory: o.memory ? buildMemory(docs) : { version: 1, total: 0, words: {}, pairs: {} },
    newWords: final.added.length,
    epochs,
    documents: { train: docs.length, heldOut: heldOut.length && before ? heldOut.length : 0 },
    tokens: { train: total, heldOut: before ? heldOutTokens : 0 },
    before,
    after,
    perplexityByEpoch,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The base's casing table, with how the user writes the words they use ("Kubernetes", "gRPC"). */
function withCasing(loaded: LoadedModel, docs: CorpusDocument[], vocabulary: Vocabulary): LoadedModel {
  const mine = casingTable(docs, (w) => vocabulary.has(w), 0.6, 2);
  const casing = new Map(loaded.casing ?? []);
  for (const [w, c] of Object.entries(mine)) casing.set(w, c);
  return { ...loaded, casing };
}

/** What a fine-tuned model's card says: counts and measures, never the text. */
export function fineTunedCard(base: ModelCard, id: string, name: string, r: FineTuneLmResult, sources: { files: number }): ModelCard {
  return {
    ...base,
    id,
    default: undefined,
    // the new model writes its own (tuned) rows and vocabulary, not the table the base shared
    embeddingTable: undefined,
    // `completion` (the ghost-text threshold calibrated on dev) is the base's: the user's held-out
    // text is too little to calibrate a threshold on
    description:
      r.kept === 'base'
        ? `${name}: ${base.id} as it was (fine-tuned on your text, ${sources.files} files, it saved fewer keystrokes on the held-out files).`
        : `${name}: ${base.id} fine-tuned on your text (${sources.files} files).`,
    architecture: base.architecture.replaceAll(`(${r.vocabulary.size - r.newWords},`, `(${r.vocabulary.size},`),
    data: `your text: ${sources.files} files, ${r.tokens.train} tokens (the text itself is not stored)`,
    tokenization: `${base.tokenization}; ${r.newWords} words of your text added to the vocabulary`,
    metrics: r.before && r.after ? { heldOut: { documents: r.documents.heldOut, tokens: r.tokens.heldOut, before: r.before, after: r.after } } : {},
    training: {
      base: base.id,
      files: sources.files,
      tokens: r.tokens.train,
      newWords: r.newWords,
      epochs: r.epochs,
      kept: r.kept,
      heldOutPerplexityByEpoch: r.perplexityByEpoch.map((p) => Number(p.toFixed(2))),
      seconds: Math.round(r.seconds),
      trainedAt: new Date().toISOString(),
    },
    reproduce: `rnn-lens train-lm --files <the same files> --base ${base.id} --epochs ${r.epochs}`,
    fineTunedFrom: base.id,
    name,
  };
}
