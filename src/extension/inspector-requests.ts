// The deeper inspector's questions, answered in the extension host from the engine: token
// attribution, every sentiment model on the same text, nearest words, the embedding PCA, and
// exports (PNG of the view, the trace as CSV or JSON) written where the user chooses.

import { layerParameters } from '../core/trace/parameter-counts';
import * as vscode from 'vscode';
import { CompareRow, decisionReach, embeddingPca, nearestWords, Occlusion, OcclusionResult, tokenAttribution, traceToCsv } from '../core/trace/analysis';
import { languageOf, tokenizeFor } from '../core/text/model-tokenizer';
import { languageFor } from '../core/sentiment/routing';
import { ModelTrace, traceJson, traceText } from '../core/trace/trace';
import { encodeTokens } from '../core/text/vocabulary';
import type { AnalysisRequest, Answer, AnswerOf } from '../shared/inspector-protocol';
import { ModelService } from './model-service';
import { nextTurn } from './turns';

export type { AnalysisRequest } from '../shared/inspector-protocol';

export interface AnswerLimits {
  /** tokens of the text that are read */
  maxTokens: number;
  /** occlusion re-reads the text once per token (quadratic): only texts up to this long */
  occlusionTokens: number;
}

/** Lets the event loop run between slices of a long analysis; stops if the text has changed. */
async function pause(stale: () => boolean): Promise<void> {
  await nextTurn();
  if (stale()) throw new Error('the text changed before the analysis finished');
}

/** Occlusion token by token, giving the extension host back every ~30 ms. */
async function occlusionInSlices(occluder: Occlusion, stale: () => boolean): Promise<number[]> {
  await pause(stale);
  const out: number[] = [];
  let slice = performance.now();
  for (let t = 0; t < occluder.length; t++) {
    out.push(occluder.at(t));
    if (performance.now() - slice > 30) {
      await pause(stale);
      slice = performance.now();
    }
  }
  return out;
}

/** `stale` says whether the inspector has moved on to other text (the work is then dropped). */
export async function answer<R extends AnalysisRequest>(
  request: R,
  models: ModelService,
  text: string,
  trace: ModelTrace | undefined,
  limits: AnswerLimits,
  stale: () => boolean = () => false,
): Promise<AnswerOf[R['type']]> {
  // a browser host fetches the models a request reads first (once); the desktop has them
  await models.ready(() => modelsRead(request, models, text));
  // each case of answerAny returns its request type's answer (the protocol's AnswerOf map)
  return answerAny(request, models, text, trace, limits, stale) as Promise<AnswerOf[R['type']]>;
}

/** The models a request reads. */
function modelsRead(request: AnalysisRequest, models: ModelService, text: string): string[] {
  if (request.type === 'export') return [];
  if (request.type === 'compare') {
    const language = languageFor('sentiment', text) ?? 'en';
    return models
      .cards('sentiment')
      .filter((c) => languageOf(c) === language)
      .map((c) => c.id);
  }
  return [request.model];
}

/** Where an export is offered: the workspace's first folder, else the home folder where there is one (not in a browser). */
function exportFolder(): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (folder) return folder;
  const home = typeof process === 'object' ? process.env?.HOME || process.env?.USERPROFILE : undefined;
  return home ? vscode.Uri.file(home) : undefined;
}

async function answerAny(
  request: AnalysisRequest,
  models: ModelService,
  text: string,
  trace: ModelTrace | undefined,
  limits: AnswerLimits,
  stale: () => boolean,
): Promise<Answer> {
  /** a sentiment model and the ids of the text's tokens it reads */
  const read = (model: string) => {
    const loaded = models.load('sentiment', model);
    return { loaded, ids: encodeTokens(tokenizeFor(loaded, text).slice(0, limits.maxTokens), loaded.vocabulary) };
  };
  switch (request.type) {
    case 'attribution': {
      // one forward and backward pass; occlusion, far slower, is asked for on its own
      const { loaded, ids } = read(request.model);
      return ids.length ? tokenAttribution(loaded, ids, { occlusionTokens: 0 }) : null;
    }
    case 'occlusion': {
      const { loaded, ids } = read(request.model);
      if (!ids.length) return null;
      if (ids.length > limits.occlusionTokens) return { limit: limits.occlusionTokens } satisfies OcclusionResult;
      return { occlusion: await occlusionInSlices(new Occlusion(loaded, ids), stale) } satisfies OcclusionResult;
    }
    case 'compare': {
      const rows: CompareRow[] = [];
      // the models that read the text's language: Korean text is compared across the Korean models
      const language = languageFor('sentiment', text) ?? 'en';
      for (const card of models.cards('sentiment').filter((c) => languageOf(c) === language)) {
        const loaded = models.load('sentiment', card.id);
        const t = traceText(loaded, text, { maxTokens: limits.maxTokens });
        if (!t.tokens.length) continue;
        // the comparison shows verdicts and reach, not occlusion
        const a = tokenAttribution(
          loaded,
          t.tokens.map((x) => x.id),
          { occlusionTokens: 0 },
        );
        rows.push({
          model: card.id,
          cell: card.cell,
          bidirectional: card.bidirectional,
          positive: t.positive ?? a.positive,
          steps: t.outputs.map((o) => o.positive ?? null),
          gradient: a.gradient,
          stateGradient: decisionReach(a),
          layers: layerParameters(loaded.model.layers),
        });
        await pause(stale);
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
      const target = await vscode.window.showSaveDialog({
        defaultUri: exportFolder() && vscode.Uri.joinPath(exportFolder()!, name),
        title: vscode.l10n.t('RNN Lens: export'),
      });
      if (!target) return null;
      let bytes: Uint8Array;
      if (request.format === 'png') {
        const m = /^data:image\/png;base64,(.*)$/.exec(request.dataUrl ?? '');
        if (!m) throw new Error('the view could not be rendered as PNG');
        bytes = Uint8Array.from(atob(m[1]), (c) => c.charCodeAt(0));
      } else {
        bytes = new TextEncoder().encode(request.format === 'csv' ? traceToCsv(trace) : traceJson(trace, 1));
      }
      await vscode.workspace.fs.writeFile(target, bytes);
      return { saved: target.fsPath };
    }
  }
}
