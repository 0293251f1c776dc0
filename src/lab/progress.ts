// A one-line progress bar on stderr for training runs: loss, accuracy, tokens/s, time left.

import type { BatchProgress, EpochReport } from '../core/training/sentiment-trainer';

export function formatDuration(seconds: number): string {
  if (!isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return m >= 60 ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m` : `${m}:${String(s % 60).padStart(2, '0')}`;
}

export class ProgressBar {
  private lastDraw = 0;
  private lastLog = 0;
  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, total: number, seconds: number, fields: Record<string, string>, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < 200 && done < total) return;
    this.lastDraw = now;
    const width = 24;
    const filled = Math.round((done / total) * width);
    const left = done > 0 ? (seconds / done) * (total - done) : Infinity;
    const extra = Object.entries(fields)
      .map(([k, v]) => `${k} ${v}`)
      .join('  ');
    const line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round((100 * done) / total)).padStart(3)}%  ${extra}  left ${formatDuration(left)}`;
    if (this.stream.isTTY) this.stream.write(`\r${line}\x1b[K`);
    else if (done === total || force || now - this.lastLog > 20000) {
      // logs (CI, background runs) get a line every 20 s instead of a redrawn bar
      this.lastLog = now;
      this.stream.write(line + '\n');
    }
  }

  done(summary: string): void {
    this.stream.write(`${this.stream.isTTY ? '\r\x1b[K' : ''}${summary}\n`);
  }
}

/**
 * The two callbacks of trainSentiment for a terminal: a bar per epoch (loss, accuracy, tokens per
 * second), then one line per epoch with its dev accuracy. `label`: what the lines start with.
 */
export function sentimentEpochBars(label: string, epochs: number): { onBatch: (p: BatchProgress) => void; onEpoch: (r: EpochReport) => void } {
  let bar: ProgressBar | null = null;
  const prefix = label ? `${label} ` : '';
  return {
    onBatch: (p) => {
      bar ??= new ProgressBar(`${prefix}epoch ${p.epoch}/${epochs}`);
      bar.update(p.batch, p.batches, p.seconds, {
        loss: p.loss.toFixed(4),
        acc: `${(100 * p.accuracy).toFixed(1)}%`,
        'tok/s': Math.round(p.tokens / p.seconds).toLocaleString('en-US'),
      });
    },
    onEpoch: (r) => {
      bar?.done(
        `${prefix}epoch ${r.epoch}/${epochs}: loss ${r.loss.toFixed(4)}, train acc ${(100 * r.accuracy).toFixed(2)}%, dev acc ${(100 * r.devAccuracy).toFixed(2)}%, ${formatDuration(r.seconds)}, ${Math.round(r.tokensPerSecond)} tokens/s`,
      );
      bar = null;
    },
  };
}
