// Every sentence the core says to the user that the extension translates (messages.ts): one list,
// for the extension's lookup and the test that each has Korean.

import { REASONS, SCRIPT_NAMES } from '../core/text/readability';
import { SENTIMENT_MESSAGES } from '../core/sentiment/sentiment';
import { TRAINING_MESSAGES } from '../core/training/training-messages';

export const CORE_MESSAGES: readonly string[] = [...Object.values(REASONS), ...Object.values(SENTIMENT_MESSAGES), ...Object.values(TRAINING_MESSAGES)];

/** The words a sentence's values may be that are translated too: the script REASONS.script names. */
export const TRANSLATED_VALUES: readonly string[] = SCRIPT_NAMES;

/** Whether value `index` of a sentence filled from `template` is such a word (a column named "Thai" stays as it is). */
export const isTranslatedValue = (template: string, index: number): boolean => template === REASONS.script && index === 0;
