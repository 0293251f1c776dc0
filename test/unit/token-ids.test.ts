// The tokenizer and vocabulary files are shared by every model: a change to either must leave
// each shipped model's inputs as they were trained, or come with that model retrained. This pins
// the token ids every bundled model reads for fixed texts (test/unit/fixtures/token-ids.json).
// After retraining a model on purpose: UPDATE_TOKEN_IDS=1 npm run test:unit, and commit the file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listModels, modelVocabulary } from '../../src/core/model/model-bundle';
import { defaultModelsRoot } from '../../src/core/model/registry';
import { tokenizeFor } from '../../src/core/text/model-tokenizer';
import { encodeTokens } from '../../src/core/text/vocabulary';

const FIXTURE = path.join(__dirname, 'fixtures', 'token-ids.json');
const TEXTS = [
  "I didn't love it, but it's not bad at all!",
  'The React docs explain useState and useEffect; PEP 8 is the style guide.',
  'Fix typo in README.md (#123) — thanks @someone :)',
  'naïve café résumé sooo goood 🙂 42 3.14 e.g. U.S.',
  '영화가 정말 재밌었어요 ㅋㅋ',
  '배우들 연기는 좋았는데 스토리가 너무 지루함;; 10점 중 3점 ㅠㅠ 😢',
];

test('every bundled model reads the fixed texts as the token ids it was trained on', () => {
  const root = defaultModelsRoot(path.resolve(__dirname, '..', '..', 'src', 'core'));
  const actual: Record<string, number[][]> = {};
  for (const { dir, card } of listModels(root)) {
    // as the model reads them: its card names its tokenizer (Korean models cut Hangul into pieces)
    // and where its vocabulary is (its own folder, or a table it shares)
    const vocabulary = modelVocabulary(dir, card);
    actual[card.id] = TEXTS.map((t) => Array.from(encodeTokens(tokenizeFor({ card, vocabulary }, t), vocabulary)));
  }
  if (process.env.UPDATE_TOKEN_IDS) fs.writeFileSync(FIXTURE, JSON.stringify(actual, null, 1) + '\n');
  const pinned = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as Record<string, number[][]>;
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(pinned).sort(), 'the same models as when the ids were pinned');
  for (const id of Object.keys(pinned)) assert.deepEqual(actual[id], pinned[id], `${id}: the tokenizer or vocabulary changed what the model reads`);
});
