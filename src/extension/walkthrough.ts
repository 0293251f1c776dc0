// The Get Started walkthrough's one command: a sample text to try every feature on, in the UI's
// language (English, or Korean with English terms inside, as the note this project grew from is
// written). An untitled Markdown document: nothing is saved unless the user saves it.

import * as vscode from 'vscode';

export const OPEN_SAMPLE = 'rnnLens.openSample';

const ENGLISH = `# Try RNN Lens on this text

## Sentiment (many-to-one)
Select these lines and run **RNN Lens: Analyze Sentiment**. The network reads each sentence one
token at a time and decides once, at the end.

The acting was wonderful and the story kept me smiling.
I wanted to like it, but the plot was slow and the ending made no sense.
Not bad at all, actually.

## Ghost text (many-to-many)
Put the cursor at the end of the next line and type a few letters: at every step the network
proposes the next word. Tab takes it, Ctrl+→ takes one word.

Thank you very

## Inside the network
Select a sentence above and run **RNN Lens: Inspect Hidden States**: the hidden state h at every
token, an LSTM's cell state c and its forget, input and output gates, a GRU's update and reset
gates, and both directions of a bidirectional LSTM.
`;

const KOREAN = `# 이 글로 RNN Lens를 써 보세요

## 감성 분석 (many-to-one)
아래 줄들을 선택하고 **RNN Lens: 감성 분석**을 실행하세요. 네트워크는 문장을 token 하나씩 읽고, 마지막에 한 번 판단합니다.

배우들 연기가 정말 좋았고 스토리도 재밌었어요.
기대했는데 전개가 너무 느리고 결말이 이해가 안 돼요.
The acting was wonderful and the story kept me smiling.

## 고스트 텍스트 (many-to-many)
다음 줄 끝에 커서를 두고 몇 글자 입력해 보세요: 매 step마다 네트워크가 다음 단어를 제안합니다. Tab으로 받고, Ctrl+→로 한 단어씩 받습니다.

Thank you very

한국어도 됩니다: 다음 줄 끝에서 스페이스를 누르면 한국어 언어 모델이 다음 어절을 제안합니다.

순환 신경망은 순서가 있는

## 네트워크 안쪽
위 문장 하나를 선택하고 **RNN Lens: 은닉 상태 살펴보기**를 실행하세요: token마다의 hidden state h, LSTM의 cell state c와 forget·input·output gate, GRU의 update·reset gate, 양방향 LSTM의 두 방향이 보입니다.
`;

/** Set once the walkthrough has been opened on a first activation (global state: once per user, not per workspace). */
export const WALKTHROUGH_SHOWN = 'rnnLens.walkthroughShown';

export function registerWalkthrough(context: vscode.ExtensionContext): void {
  // VS Code opens a walkthrough by itself only for some installs: the first activation opens it
  // once. Not under the extension-host tests, whose editors would then share the window with it.
  if (!context.globalState.get<boolean>(WALKTHROUGH_SHOWN) && context.extensionMode !== vscode.ExtensionMode.Test) {
    void context.globalState.update(WALKTHROUGH_SHOWN, true);
    void vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#firstSteps`, false);
  }
  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_SAMPLE, async () => {
      const content = vscode.env.language.startsWith('ko') ? KOREAN : ENGLISH;
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
      await vscode.window.showTextDocument(doc);
    }),
  );
}
