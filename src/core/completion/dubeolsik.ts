// Keystrokes of Korean text as typed on a dubeolsik (2-set) keyboard, the layout almost every
// Korean writer uses: each jamo is a key; a double consonant (ㄲ ㄸ ㅃ ㅆ ㅉ) and ㅒ ㅖ are one
// shifted key; a compound vowel is the keys of its parts (ㅘ = ㅗ+ㅏ, ㅢ = ㅡ+ㅣ) and so is a final
// cluster (ㄳ = ㄱ+ㅅ, ㄺ = ㄹ+ㄱ). Everything that is not a Hangul syllable or jamo is one key,
// as the English simulation counts it (a capital is one key there too).
//
// Written by hand: the arithmetic of Unicode's syllable block (initial × 588 + medial × 28 +
// final) is a few lines, and no well-kept npm package counts keys of a layout.

const SYLLABLE_BASE = 0xac00;
const SYLLABLE_LAST = 0xd7a3;

/** keys for each of the 21 medial vowels, in Unicode order (ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ) */
const MEDIAL_KEYS = [1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 2, 2, 2, 1, 1, 2, 1];
/** keys for each of the 28 finals, index 0 none (ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ) */
const FINAL_KEYS = [0, 1, 1, 2, 1, 2, 2, 1, 1, 2, 2, 2, 2, 2, 2, 2, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1];
/** compatibility jamo typed alone (ㅋㅋ, ㅠㅠ): the compound ones take two keys */
const COMPOUND_JAMO = new Set([...'ㄳㄵㄶㄺㄻㄼㄽㄾㄿㅀㅄㅘㅙㅚㅝㅞㅟㅢ']);

/** Keystrokes for one character (a code point). */
export function keysOf(char: string): number {
  const code = char.normalize('NFC').codePointAt(0) ?? 0;
  if (code >= SYLLABLE_BASE && code <= SYLLABLE_LAST) {
    const index = code - SYLLABLE_BASE;
    const medial = Math.floor((index % 588) / 28);
    const final = index % 28;
    return 1 + MEDIAL_KEYS[medial] + FINAL_KEYS[final];
  }
  return COMPOUND_JAMO.has(char) ? 2 : 1;
}

/** Keystrokes for a text: the sum over its characters (NFC, so decomposed jamo count as their syllable). */
export function dubeolsikKeystrokes(text: string): number {
  let n = 0;
  for (const char of text.normalize('NFC')) n += keysOf(char);
  return n;
}
