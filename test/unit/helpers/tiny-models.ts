// Tiny models trained in the test itself (in well under a second) and written as bundles:
// what the CLI, completion and trace tests run on, independent of the committed models.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ModelCard, writeModelDir } from '../../../src/core/model/model-bundle';
import { createModel, CellType } from '../../../src/core/training/initialize';
import { trainLanguageModel } from '../../../src/core/training/lm-trainer';
import { trainSentiment, type SentimentTrainingOptions } from '../../../src/core/training/sentiment-trainer';
import { tokenizeToStrings } from '../../../src/core/text/tokenizer';
import { EOS, PAD, UNK, Vocabulary } from '../../../src/core/text/vocabulary';
import { countHangulPieces, HANGUL_TOKENIZER, hangulVocabulary, tokenizeHangul } from '../../../src/core/text/hangul-tokenizer';

export const SENTIMENT_TEXTS: Array<[string, number]> = [
  ['a great movie', 1],
  ['a good film', 1],
  ['i loved it', 1],
  ['wonderful and great', 1],
  ['great fun', 1],
  ['the actors were good', 1],
  ['a bad movie', 0],
  ['an awful film', 0],
  ['i hated it', 0],
  ['boring and bad', 0],
  ['awful mess', 0],
  ['the actors were bad', 0],
  ['not good', 0],
  ['not bad', 1],
  ['good', 1],
  ['bad', 0],
];

export const LM_TEXT = 'the cat sat on the mat . the dog sat on the rug . the cat saw the dog . ';

function card(id: string, task: ModelCard['task'], cell: ModelCard['cell'], bidirectional: boolean, isDefault: boolean): ModelCard {
  return {
    id,
    task,
    cell,
    bidirectional,
    default: isDefault,
    description: 'tiny test model',
    architecture: '',
    parameters: 0,
    bytes: 0,
    quantization: 'float32',
    data: 'test',
    tokenization: 'test',
    metrics: {},
    training: {},
    reproduce: 'built by the tests',
  };
}

export function trainTinySentiment(
  cell: CellType,
  bidirectional = false,
  seed = 1,
  extra: Partial<Pick<SentimentTrainingOptions, 'average' | 'wordDropout' | 'workers' | 'rates' | 'epochs'>> & {
    pooling?: 'last' | 'max';
    depth?: number;
  } = {},
) {
  const words = new Map<string, number>();
  for (const [t] of SENTIMENT_TEXTS) for (const w of tokenizeToStrings(t)) words.set(w, 1);
  const vocabulary = Vocabulary.fromCounts(words, 100);
  const examples = SENTIMENT_TEXTS.map(([t, label]) => ({ ids: vocabulary.encode(tokenizeToStrings(t)), label }));
  const model = createModel(
    {
      vocabularySize: vocabulary.size,
      embeddingDim: 8,
      cell,
      units: 8,
      bidirectional,
      perStepOutput: false,
      outputUnits: 1,
      outputActivation: 'sigmoid',
      dropout: 0,
      pooling: extra.pooling,
      depth: extra.depth,
    },
    seed,
  );
  const reports = trainSentiment(model, examples, examples, {
    epochs: extra.epochs ?? 60,
    batchSize: 8,
    learningRate: 0.03,
    clipNorm: 5,
    maxLength: 20,
    seed,
    average: extra.average,
    wordDropout: extra.wordDropout,
    workers: extra.workers,
    rates: extra.rates,
  });
  return { model, vocabulary, reports, examples };
}

export function trainTinyLm(cell: CellType = 'lstm', epochs = 40, workers = 1) {
  // sentences end with '.' then <eos>, as score-lm and the Brown streams have them
  const tokens = tokenizeToStrings(LM_TEXT.repeat(30)).flatMap((w) => (w === '.' ? ['.', EOS] : [w]));
  const counts = new Map<string, number>();
  for (const w of tokens) counts.set(w, (counts.get(w) ?? 0) + 1);
  const vocabulary = Vocabulary.fromCounts(counts, 100, [PAD, UNK, EOS]);
  const stream = vocabulary.encode(tokens);
  const freq = new Float64Array(vocabulary.size);
  for (const id of stream) freq[id]++;
  const model = createModel(
    {
      vocabularySize: vocabulary.size,
      embeddingDim: 8,
      cell,
      units: 16,
      bidirectional: false,
      perStepOutput: true,
      outputUnits: vocabulary.size,
      outputActivation: 'softmax',
      dropout: 0,
    },
    3,
  );
  const reports = trainLanguageModel(model, stream, stream.subarray(0, 60), freq, {
    epochs,
    batchSize: 4,
    bptt: 8,
    learningRate: 0.02,
    clipNorm: 1,
    samples: 6,
    seed: 2,
    workers,
  });
  return { model, vocabulary, reports, stream, freq };
}

/** Korean notes with English terms inside, as the Korean language model reads them (hangul-1 pieces). */
export const KO_LM_TEXT = '데이터를 읽습니다. 모델을 학습합니다. layer를 사용합니다. 데이터를 저장합니다. 모델을 사용합니다.\n';

/** A tiny Korean language model over hangul-1 pieces, trained as train-lm --corpus korean trains one. */
export function trainTinyKoreanLm(epochs = 60) {
  const counts = new Map<string, number>();
  countHangulPieces(KO_LM_TEXT, counts);
  const pieces = hangulVocabulary(counts, 200, 1);
  const vocabulary = new Vocabulary([PAD, UNK, EOS, ...pieces.words.slice(2)]);
  const tokens = KO_LM_TEXT.split(/(?<=\.)\s+/)
    .filter((s) => s.trim())
    .flatMap((s) => [...tokenizeHangul(s, vocabulary).map((t) => t.norm), EOS]);
  const stream = vocabulary.encode(Array.from({ length: 40 }, () => tokens).flat());
  const freq = new Float64Array(vocabulary.size);
  for (const id of stream) freq[id]++;
  const model = createModel(
    {
      vocabularySize: vocabulary.size,
      embeddingDim: 8,
      cell: 'lstm',
      units: 24,
      bidirectional: false,
      perStepOutput: true,
      outputUnits: vocabulary.size,
      outputActivation: 'softmax',
      dropout: 0,
    },
    3,
  );
  trainLanguageModel(model, stream, stream.subarray(0, 60), freq, { epochs, batchSize: 4, bptt: 8, learningRate: 0.02, clipNorm: 1, samples: 8, seed: 2 });
  return { model, vocabulary, card: { ...card('tiny-lm-ko-lstm', 'language-model', 'LSTM', false, true), tokenizer: HANGUL_TOKENIZER } };
}

let root: string | null = null;

/** A models/ folder with tiny-sentiment-gru (default), tiny-sentiment-bigru and tiny-lm-lstm. */
export function tinyModelsRoot(): string {
  if (root) return root;
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-models-'));
  const s = trainTinySentiment('gru');
  writeModelDir(path.join(root, 'tiny-sentiment-gru'), s.model, s.vocabulary, card('tiny-sentiment-gru', 'sentiment', 'GRU', false, true), 'float32');
  const b = trainTinySentiment('gru', true);
  writeModelDir(path.join(root, 'tiny-sentiment-bigru'), b.model, b.vocabulary, card('tiny-sentiment-bigru', 'sentiment', 'GRU', true, false), 'float32');
  const lm = trainTinyLm();
  writeModelDir(path.join(root, 'tiny-lm-lstm'), lm.model, lm.vocabulary, card('tiny-lm-lstm', 'language-model', 'LSTM', false, true), 'float32');
  return root;
}
export { card as tinyCard };
