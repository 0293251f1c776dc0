// What a training on the user's text says (../messages.ts: worded once; the CLI prints these
// sentences, the extension shows them translated): the stage it is in, and why it cannot train.

export const TRAINING_MESSAGES = {
  // stages
  measureBaseText: 'measuring the starting model on held-out text',
  measureTunedText: 'measuring the fine-tuned model on held-out text (best after {0} epochs)',
  baseKeptText: 'the fine-tuned model saved fewer keystrokes on your held-out files than the starting model: the starting model is kept',
  measureBaseRows: 'measuring the starting model on held-out rows',
  baseKeptRows: 'no epoch beat the starting model on the dev rows: the model keeps its weights (and learns the new words only as <unk>)',
  // too little to learn from
  tooLittleProse: 'only {0} tokens of prose: a language model needs at least a few hundred words to learn from',
  tooFewRows: 'only {0} rows with words in them: too few to train on (at least 20)',
  // why a file was skipped (the Training view names it beside the file)
  skippedOverCap: 'over the {0} MB the training reads',
  skippedTooLarge: '{0} MB: larger than {1} MB',
  skippedBinary: 'binary',
  skippedEmpty: 'empty',
  skippedMissing: 'not found',
  skippedUnreadable: 'cannot read ({0})',
  // how a labelled file's labels are read, and why a row was skipped
  ruleBinary: '1 positive, 0 negative',
  ruleSigned: '1 positive, -1 negative, 0 dropped',
  ruleRating5: 'rating of 5: 4–5 positive, 1–2 negative, 3 dropped',
  ruleRating10: 'rating of 10: 7–10 positive, 1–4 negative, 5–6 dropped',
  ruleOneTwo: 'labels 1–2: 2 positive, 1 negative',
  ruleRating0to4: 'ratings 0–4: 3–4 positive, 0–1 negative, 2 dropped',
  ruleRating0to5: 'ratings 0–5: 4–5 positive, 0–1 negative, 2–3 dropped',
  ruleRating0to10: 'ratings 0–10: 7–10 positive, 0–3 negative, 4–6 dropped',
  ruleWords: 'words: positive/pos/true/1 positive, negative/neg/false/0 negative',
  rowEmptyText: 'empty text',
  rowUnknownLabel: 'unknown label',
  rowNoLabel: 'no label',
  rowNeutralZero: 'label 0 (neutral)',
  rowNeutralRating: 'rating {0} (neutral)',
  // a labelled file that cannot be read
  binaryLabelled: '{0} is binary, not a CSV, TSV or JSONL file',
  labelledTooLarge: '{0} is {1} MB: larger than the {2} MB a labelled file may be',
  notJsonLine: 'line {0} is not JSON: each line of a JSONL file is one object',
  notJsonObject: 'line {0} is not a JSON object',
  unreadable: 'cannot read the {0}: {1}',
  noColumn: 'no column "{0}"; the file has {1}',
  noColumnAtAll: 'no column "{0}": the file has no columns',
  labelRange: 'labels from {0} to {1}: not 0/1, nor a rating of 5 or of 10',
  noRows: 'the file has no rows under its header',
  sameColumn: 'the text and the label cannot both be column "{0}"',
  noReadableRow: 'no row has both a text and a label it can read ({0})',
  onlyPositive: 'every readable row is positive: a sentiment model needs examples of both classes',
  onlyNegative: 'every readable row is negative: a sentiment model needs examples of both classes',
} as const;
