// One normal form for matching what customers type: traditional → simplified Chinese
// (OpenCC's tables), full-width → half-width (ＥＶ６ → EV6, ？→ ?), lower case, single
// spaces. Used for matching only; replies always quote the store's own text.
import * as OpenCC from 'opencc-js/t2cn';

const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

export function normalizeText(text: string): string {
  return toSimplified(text.normalize('NFKC')).toLowerCase().replace(/\s+/g, ' ').trim();
}
