// The deeper inspector's questions, answered in the extension host from the engine: token
// attribution, every sentiment model on the same text, nearest words, the embedding PCA, and
// exports (PNG of the view, the trace as CSV or JSON) written where the user chooses.

import * as vscode from 'vscode';
import { CompareRow, decisionReach, embeddingPca, nearestWords, tokenAttribution, traceToCsv } from '../core/analysis';
import { tokenize } from '../core/tokenizer';
import { encodeTokens, ModelTrace, traceText } from '../core/trace';
import { ModelService } from './model-service';

export type AnalysisRequest =
  | { type: 'attribution'; model: string }
  | { type: 'compare' }
  | { type: 'neighbours'; model: string; id: number }
  | { type: 'pca'; model: string }
  | { type: 'export'; format: 'png' | 'csv' | 'json'; dataUrl?: string };


export async function answer(request: AnalysisRequest, models: ModelService, text: string, trace: ModelTrace | undefined, maxTokens: number): Promise<unknown> {
  switch (request.type) {
    case 'attribution': {
      const loaded = models.load('sentiment', request.model);
      const ids = encodeTokens(tokenize(text).slice(0, maxTokens), loaded.vocabulary);
      return ids.length ? tokenAttribution(loaded, ids) : null;
    }
    case 'compare': {
      const rows: CompareRow[] = [];
      for (const card of models.cards('sentiment')) {
        const loaded = models.load('sentiment', card.id);
        const t = traceText(loaded, text, { maxTokens });
        if (!t.tokens.length) continue;
        const a = tokenAttribution(loaded, t.tokens.map((x) => x.id));
        rows.push({ model: card.id, cell: card.cell, bidirectional: card.bidirectional, positive: t.positive ?? a.positive, steps: t.outputs.map((o) => o.positive ?? null), gradient: a.gradient, stateGradient: decisionReach(a), occlusion: a.occlusion });
      }
      return rows;
    }
    case 'neighbours': {
      const loaded = models.load(models.registry.card(request.model).task, request.model);
      return { word: loaded.vocabulary.word(request.id), neighbours: nearestWords(loaded, request.id, 12) };
    }
    case 'pca': {
      const loaded = models.load(models.registry.card(request.model).task, request.model);
      return embeddingPca(loaded, 300);
    }
    case 'export': {
      if (!trace) throw new Error('there is no trace to export yet');
      const name = `rnn-lens-${trace.model}.${request.format}`;
      const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(require('node:os').homedir()), name), title: 'RNN Lens: export' });
      if (!target) return null;
      let bytes: Uint8Array;
      if (request.format === 'png') {
        const m = /^data:image\/png;base64,(.*)$/.exec(request.dataUrl ?? '');
        if (!m) throw new Error('the view could not be rendered as PNG');
        bytes = Buffer.from(m[1], 'base64');
      } else {
        bytes = Buffer.from(request.format === 'csv' ? traceToCsv(trace) : JSON.stringify(trace, null, 1));
      }
      await vscode.workspace.fs.writeFile(target, bytes);
      return { saved: target.fsPath };
    }
  }
}
