// One line under the heatmap's "Show" that says what the selected state or gate is, in the terms of
// the study note the project grew from (은닉 상태, 셀 상태, 망각 게이트 …), for the layer's cell.

import { t } from './l10n';

/** What `quantity` ('h', 'c' or 'gate:<name>') is in a layer of `cell` (SimpleRNN, LSTM, GRU). */
export function explanation(cell: string, quantity: string): string {
  const lstm = cell === 'LSTM';
  const gru = cell === 'GRU';
  switch (quantity) {
    case 'h':
      return lstm
        ? t('h, the hidden state: the part of the cell state the output gate lets out, h = o ⊙ tanh(c). The next step and the layer above read it.')
        : gru
          ? t(
              'h, the hidden state: a GRU has no separate cell state. The update gate mixes the old h with the candidate, h = z ⊙ h(t−1) + (1 − z) ⊙ candidate.',
            )
          : t(
              'h, the hidden state: what the layer carries from one token to the next, h(t) = tanh(W·x(t) + U·h(t−1) + b), with the same weights at every step.',
            );
    case 'c':
      return t(
        'c, the cell state: the LSTM’s long-term memory. The forget gate decides how much of the old c stays and the input gate how much of the candidate is added, c = f ⊙ c(t−1) + i ⊙ candidate.',
      );
    case 'gate:input':
      return t('input gate i (sigmoid, 0 to 1): how much of the candidate values is written into the cell state at this token.');
    case 'gate:forget':
      return t('forget gate f (sigmoid, 0 to 1): how much of the cell state is kept. Near 0 the LSTM forgets what came before.');
    case 'gate:output':
      return t('output gate o (sigmoid, 0 to 1): how much of the cell state is shown as the hidden state h.');
    case 'gate:update':
      return t(
        'update gate z (sigmoid, 0 to 1): near 1 the GRU keeps its old h, near 0 it takes the candidate. It does the work of the LSTM’s forget and input gates in one.',
      );
    case 'gate:reset':
      return t(
        'reset gate r (sigmoid, 0 to 1): how much of the old h the candidate may look at. Near 0 the candidate reads the token as if nothing came before.',
      );
    case 'gate:candidate':
      return gru
        ? t('candidate values (tanh, −1 to 1): the new h this token proposes, reading the old h through the reset gate.')
        : t('candidate values (tanh, −1 to 1): the new information this token offers the cell state, before the input gate weighs it.');
    case 'gate:hidden':
      return t('tanh(W·x + U·h(t−1) + b): a SimpleRNN’s new hidden state itself. No gate decides what to keep, so early tokens fade.');
    default:
      return '';
  }
}
