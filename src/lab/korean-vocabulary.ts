// node --import tsx src/lab/korean-vocabulary.ts — the Korean language model's vocabulary size, by
// the rule in docs/decisions/korean-lm.md: pieces per eojeol and <unk> on the dev documents for
// 8,000–24,000 pieces counted on the training documents, and each size's model bytes (LSTM 256).

import { koreanLmVocabulary, koreanPieceCounts, readKoreanProse, tokenizeKorean } from './korean-prose-data';

const split = readKoreanProse();
const counts = koreanPieceCounts(split.train);
let eojeol = 0;
for (const d of split.dev) for (const p of d.paragraphs) eojeol += p.split(/\s+/).filter(Boolean).length;
for (const size of [8000, 12000, 16000, 20000, 24000]) {
  const v = koreanLmVocabulary(counts, size);
  let pieces = 0;
  let unk = 0;
  for (const d of split.dev)
    for (const s of tokenizeKorean(d, v).sentences) {
      pieces += s.length;
      unk += s.filter((w) => !v.has(w)).length;
    }
  // embedding and output rows, the LSTM and the projection; uint8 weights and a vocab.json of ~9 bytes a piece
  const params = size * 64 + 4 * 256 * (64 + 256 + 1) + 256 * 64 + 64 + 64 * size + size;
  process.stdout.write(
    JSON.stringify({
      size,
      piecesPerEojeol: +(pieces / eojeol).toFixed(3),
      unk: +(unk / pieces).toFixed(4),
      params,
      estimatedMB: +((params + size * 9) / 1e6).toFixed(2),
    }) + '\n',
  );
}
