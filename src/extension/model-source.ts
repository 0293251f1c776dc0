// Where the extension's models come from, per host: the desktop reads the models folder on disk
// whenever it likes; a browser host must fetch each file first (web/fetched-model-source.ts), and
// its analysis worker has no disk of its own. The model service and every feature read models the
// same way on both: through a ModelFileReader, after awaiting `ModelService.ready`.

import type { ModelFileReader } from '../core/model/file-reader';
import type { AnalysisThreadStarter } from './worker/analysis-client';

export interface ModelSource {
  /** the bundled models' folder, as the reader names it */
  readonly root: string;
  readonly reader: ModelFileReader;
  /** makes the cards of these folders readable; absent where they already are (a disk) */
  fetchCards?(roots: string[]): Promise<void>;
  /** makes a model folder's files readable; absent where they already are */
  fetchModel?(dir: string): Promise<void>;
  /** how the host starts its analysis worker */
  readonly threads: AnalysisThreadStarter;
}
