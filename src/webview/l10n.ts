// The inspector's words in the language VS Code speaks: the extension writes it into <html lang>
// (webview-page.ts). English is the source and the key, as in vscode.l10n; Korean uses the terms
// Korean learners of RNNs know (은닉 상태, 셀 상태, 망각 게이트, …). A webview cannot call
// vscode.l10n, and the table is small enough to ship with the page.

import { fill } from '../core/messages';

const KO: Record<string, string> = {
  // heatmap quantities and controls
  'hidden state h': '은닉 상태 h',
  'cell state c': '셀 상태 c',
  'candidate values': '후보 값',
  'input gate': '입력 게이트',
  'forget gate': '망각 게이트',
  'output gate': '출력 게이트',
  'update gate': '업데이트 게이트',
  'reset gate': '리셋 게이트',
  'Positive probability after each token': '각 토큰 뒤의 긍정 확률',
  'Top 5 next-word predictions after each token': '각 토큰 뒤의 다음 단어 예측 상위 5개',
  'Order units by': '유닛 정렬',
  'unit number': '유닛 번호',
  'variance over the text': '글 전체의 분산',
  '|correlation| with the output': '출력과의 |상관|',
  'selection (LSTMVis)': '선택 구간 (LSTMVis)',
  'click a token, shift-click another, to select a range': '토큰을 클릭하고 다른 토큰을 Shift+클릭해서 구간을 고르세요',
  Task: '작업',
  Rows: '행',
  'the first {0} units, readable': '처음 {0}개 유닛 (읽기 쉽게)',
  'all {0} units': '유닛 {0}개 전부',
  'accuracy on the dev rows, by epoch': '에포크별 개발용 행 정확도',
  'held-out perplexity (words the base knew), by epoch': '에포크별 남겨 둔 글의 혼잡도 (기본 모델이 아는 단어)',
  // one line on the selected state or gate (explanations.ts)
  'h, the hidden state: the part of the cell state the output gate lets out, h = o ⊙ tanh(c). The next step and the layer above read it.':
    'h, 은닉 상태: 셀 상태 중 출력 게이트가 내보내는 부분, h = o ⊙ tanh(c). 다음 시점과 위 층이 이 값을 읽습니다.',
  'h, the hidden state: a GRU has no separate cell state. The update gate mixes the old h with the candidate, h = z ⊙ h(t−1) + (1 − z) ⊙ candidate.':
    'h, 은닉 상태: GRU에는 셀 상태가 따로 없습니다. 업데이트 게이트가 이전 h와 후보 값을 섞습니다, h = z ⊙ h(t−1) + (1 − z) ⊙ 후보.',
  'h, the hidden state: what the layer carries from one token to the next, h(t) = tanh(W·x(t) + U·h(t−1) + b), with the same weights at every step.':
    'h, 은닉 상태: 층이 한 토큰에서 다음 토큰으로 넘기는 값, h(t) = tanh(W·x(t) + U·h(t−1) + b). 모든 시점에서 같은 가중치를 씁니다.',
  'c, the cell state: the LSTM’s long-term memory. The forget gate decides how much of the old c stays and the input gate how much of the candidate is added, c = f ⊙ c(t−1) + i ⊙ candidate.':
    'c, 셀 상태: LSTM의 장기 기억. 망각 게이트가 이전 c를 얼마나 남길지, 입력 게이트가 후보 값을 얼마나 더할지 정합니다, c = f ⊙ c(t−1) + i ⊙ 후보.',
  'input gate i (sigmoid, 0 to 1): how much of the candidate values is written into the cell state at this token.':
    '입력 게이트 i (sigmoid, 0~1): 이 토큰에서 후보 값을 셀 상태에 얼마나 쓸지.',
  'forget gate f (sigmoid, 0 to 1): how much of the cell state is kept. Near 0 the LSTM forgets what came before.':
    '망각 게이트 f (sigmoid, 0~1): 셀 상태를 얼마나 남길지. 0에 가까우면 LSTM은 앞의 내용을 잊습니다.',
  'output gate o (sigmoid, 0 to 1): how much of the cell state is shown as the hidden state h.':
    '출력 게이트 o (sigmoid, 0~1): 셀 상태를 은닉 상태 h로 얼마나 내보낼지.',
  'update gate z (sigmoid, 0 to 1): near 1 the GRU keeps its old h, near 0 it takes the candidate. It does the work of the LSTM’s forget and input gates in one.':
    '업데이트 게이트 z (sigmoid, 0~1): 1에 가까우면 GRU는 이전 h를 유지하고, 0에 가까우면 후보 값을 받습니다. LSTM의 망각 게이트와 입력 게이트를 하나로 합친 것입니다.',
  'reset gate r (sigmoid, 0 to 1): how much of the old h the candidate may look at. Near 0 the candidate reads the token as if nothing came before.':
    '리셋 게이트 r (sigmoid, 0~1): 후보 값이 이전 h를 얼마나 볼지. 0에 가까우면 앞의 내용 없이 토큰만 읽습니다.',
  'candidate values (tanh, −1 to 1): the new h this token proposes, reading the old h through the reset gate.':
    '후보 값 (tanh, −1~1): 이 토큰이 제안하는 새 h. 이전 h는 리셋 게이트를 거쳐 읽습니다.',
  'candidate values (tanh, −1 to 1): the new information this token offers the cell state, before the input gate weighs it.':
    '후보 값 (tanh, −1~1): 이 토큰이 셀 상태에 보태는 새 정보. 입력 게이트가 그 양을 정합니다.',
  'tanh(W·x + U·h(t−1) + b): a SimpleRNN’s new hidden state itself. No gate decides what to keep, so early tokens fade.':
    'tanh(W·x + U·h(t−1) + b): SimpleRNN의 새 은닉 상태 그 자체. 무엇을 남길지 정하는 게이트가 없어 앞의 토큰은 희미해집니다.',
  'Weights per recurrent layer, beside a SimpleRNN of the same input and units (an LSTM has 4 blocks, a GRU 3, a bidirectional layer 2 directions)':
    '순환 층마다의 가중치 수, 같은 입력과 유닛 수의 SimpleRNN과 나란히 (LSTM은 블록 4개, GRU는 3개, 양방향 층은 방향 2개)',
  layer: '층',
  weights: '가중치',
  'SimpleRNN of the same size': '같은 크기의 SimpleRNN',
  ratio: '비율',
  'whole model': '모델 전체',
  Sentiment: '감성',
  'Language model': '언어 모델',
  Model: '모델',
  Show: '보기',
  Layer: '층',
  Direction: '방향',
  'forward (left to right)': '정방향 (왼쪽에서 오른쪽)',
  'backward (right to left)': '역방향 (오른쪽에서 왼쪽)',
  Pin: '고정',
  'Pin: keep this text while the selection moves': '고정: 선택이 바뀌어도 이 글을 유지',
  'Save the heatmap as PNG': '히트맵을 PNG로 저장',
  'Save the trace as CSV': '트레이스를 CSV로 저장',
  'Save the trace as JSON': '트레이스를 JSON으로 저장',
  'Open the heatmap to export it as PNG.': 'PNG로 내보내려면 히트맵을 여세요.',
  'Saved {0}': '{0}에 저장했습니다',
  Heatmap: '히트맵',
  Why: '왜?',
  'Compare models': '모델 비교',
  'Gate saturation': '게이트 포화',
  Embeddings: '임베딩',
  Table: '표',
  'Inspector views': '인스펙터 보기',
  '{0} tokens': '토큰 {0}개',
  bidirectional: '양방향',
  ' · overall {0} (positive probability {1})': ' · 전체 {0} (긍정 확률 {1})',
  positive: '긍정',
  negative: '부정',
  '{0}: {1} units by {2} tokens. Arrow keys read values; Enter plots the unit.':
    '{0}: 유닛 {1}개 × 토큰 {2}개. 화살표 키로 값을 읽고, Enter로 유닛을 그립니다.',
  'unit {0} over the text': '글 전체에서 유닛 {0}',
  // the Why tab
  'Reach: how much the decision depends on the state after each token': '도달: 각 토큰 뒤의 상태에 판정이 얼마나 달려 있는가',
  ' (layer “{0}”)': ' (층 “{0}”)',
  'Gradient: how strongly each token’s embedding moves the decision': '그래디언트: 각 토큰의 임베딩이 판정을 얼마나 움직이는가',
  'Size of d(output logit)/d(embedding) for each token: which words the decision is sensitive to.':
    '각 토큰의 d(출력 로짓)/d(임베딩) 크기: 판정이 어떤 단어에 민감한가.',
  'Occlusion: the positive probability when the token is replaced by <unk>': '가리기: 토큰을 <unk>로 바꾸었을 때의 긍정 확률',
  'Red: without this token the text reads more negative (it was pushing positive); green: without it the text reads more positive. Original positive probability {0}.':
    '빨강: 이 토큰이 없으면 더 부정적으로 읽힙니다(긍정 쪽으로 밀고 있었음). 초록: 없으면 더 긍정적으로 읽힙니다. 원래 긍정 확률 {0}.',
  'Size of d(output logit)/d(state) after each token (hidden state, plus cell state for an LSTM), from the engine’s backward pass through time. In a SimpleRNN it shrinks step by step going back (the vanishing gradient); gates let GRU and LSTM carry it further.':
    '각 토큰 뒤 상태(은닉 상태, LSTM은 셀 상태까지)에 대한 d(출력 로짓)/d(상태)의 크기로, 엔진의 시간 역전파(BPTT)에서 얻습니다. SimpleRNN에서는 거슬러 올라갈수록 한 단계씩 줄어들고(기울기 소실), GRU와 LSTM은 게이트 덕분에 더 멀리 전달합니다.',
  ' In a stacked model every route from a token to the decision passes through the lowest layer’s state, so layer 1 shows how far back the decision reaches; a higher layer shows the part carried in its own state.':
    ' 층을 쌓은 모델에서는 토큰에서 판정으로 가는 모든 길이 가장 아래층의 상태를 지나므로, 1층이 판정이 얼마나 멀리 거슬러 닿는지 보여 주고, 위층은 그 층의 상태가 싣고 가는 부분을 보여 줍니다.',
  'state gradient norm': '상태 그래디언트 크기',
  'gradient norm': '그래디언트 크기',
  'change in positive probability': '긍정 확률의 변화',
  'Computing occlusion: the text is read again once per token…': '가리기 계산 중: 토큰마다 글을 한 번씩 다시 읽습니다…',
  // Compare models, gate saturation, embeddings
  model: '모델',
  verdict: '판정',
  'Positive probability after each token, per model (top); how far back each decision reaches (bottom)':
    '모델별 각 토큰 뒤의 긍정 확률(위)과 각 판정이 얼마나 멀리 거슬러 닿는지(아래)',
  'reach: gradient w.r.t. the state after each token, as % of the model’s largest': '도달: 각 토큰 뒤 상태에 대한 그래디언트, 그 모델의 최댓값에 대한 %',
  'first token {0}%': '첫 토큰 {0}%',
  'The same tokens read by every sentiment model. The bottom rows show the gradient of each decision with respect to the state after each token: where it fades going left, the model cannot carry early tokens to its decision.':
    '같은 토큰을 모든 감성 모델이 읽습니다. 아래 줄은 각 토큰 뒤 상태에 대한 각 판정의 그래디언트입니다: 왼쪽으로 갈수록 흐려지는 곳에서는 모델이 앞쪽 토큰을 판정까지 싣고 가지 못합니다.',
  'A SimpleRNN has no gates: nothing decides what to keep, so early information fades.':
    'SimpleRNN에는 게이트가 없습니다: 무엇을 남길지 정하는 것이 없어서 앞쪽 정보가 흐려집니다.',
  'Each dot is a unit (Karpathy et al. 2015): how often its gate is nearly closed (left) or nearly open (top). Forget gates near the top left keep their cell state for long stretches; units on the diagonal switch between both.':
    '점 하나가 유닛 하나입니다(Karpathy 외 2015): 게이트가 거의 닫혀 있는(왼쪽) 또는 거의 열려 있는(위) 빈도. 왼쪽 위의 망각 게이트는 셀 상태를 오래 유지하고, 대각선 위의 유닛은 둘 사이를 오갑니다.',
  'Each dot is a unit (Karpathy et al. 2015): how often its gate is nearly closed (left) or nearly open (top). A GRU keeps its hidden state where the update gate is open (h = z·h(t−1) + (1−z)·candidate): update gates near the top left keep it for long stretches; units on the diagonal switch between both.':
    '점 하나가 유닛 하나입니다(Karpathy 외 2015): 게이트가 거의 닫혀 있는(왼쪽) 또는 거의 열려 있는(위) 빈도. GRU는 업데이트 게이트가 열린 곳에서 은닉 상태를 유지합니다(h = z·h(t−1) + (1−z)·후보): 왼쪽 위의 업데이트 게이트는 그 상태를 오래 유지하고, 대각선 위의 유닛은 둘 사이를 오갑니다.',
  'Click a token for the words nearest to it in the embedding space (cosine similarity). Below: the most frequent words projected on the two main directions of the embedding (PCA).':
    '토큰을 클릭하면 임베딩 공간에서 가장 가까운 단어를 보여 줍니다(코사인 유사도). 아래: 가장 자주 나오는 단어를 임베딩의 두 주축에 투영한 그림(PCA).',
  'Nearest to “{0}”': '“{0}”에 가장 가까운 단어',
  'Embedding space (PCA, 2-D)': '임베딩 공간 (PCA, 2차원)',
  'candidate gate': '후보 게이트',
  // the Training page
  'epoch {0}': '에포크 {0}',
  'epoch {0}: {1}': '에포크 {0}: {1}',
  'Each epoch is measured on text the training does not see; the best is kept.': '에포크마다 학습에 쓰지 않은 글로 측정하고, 가장 좋은 것을 남깁니다.',
  epoch: '에포크',
  'on held-out text': '검증용 글에서',
  'training loss by batch': '배치별 학습 손실',
  'training loss': '학습 손실',
  'waiting for the first batch…': '첫 배치를 기다리는 중…',
  batches: '배치',
  'held-out run (chooses the epochs)': '검증 실행 (에포크 수를 정함)',
  'final run (all of your text)': '최종 실행 (글 전체로)',
  perplexity: '퍼플렉서티',
  accuracy: '정확도',
  'before ({0})': '학습 전 ({0})',
  after: '학습 후',
  Cancel: '취소',
  'Saved in {0}': '{0}에 저장했습니다',
  '<eos> (id {0}): not in the text. The model was trained with this mark between sentences, so it reads one here, as the ghost text does.':
    '<eos> (id {0}): 글에는 없는 표시입니다. 모델은 문장 사이마다 이 표시가 있는 글로 학습했으므로, 고스트 텍스트처럼 여기서도 하나를 읽습니다.',
};

const korean = typeof document !== 'undefined' && document.documentElement.lang === 'ko';

/** `message` in the page's language, `{0}`, `{1}`… replaced by `args`. */
export function t(message: string, ...args: Array<string | number>): string {
  return fill(korean ? (KO[message] ?? message) : message, ...args);
}

/** the page speaks Korean */
export const isKorean = (): boolean => korean;
