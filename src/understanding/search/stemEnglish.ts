// Folds English inflections onto one stem (cancelling/cancelled/cancel, deposits/deposit)
// so a question and a FAQ entry that inflect a word differently still share it. A few
// suffix rules are enough for matching, as long as questions, entries and trade synonyms
// all go through the same ones; model codes and numbers are left alone.
const STEM_RULES: [suffix: string, replacement: string][] = [
  ['ies', 'y'],
  ['ing', ''],
  ['ed', ''],
  ['es', ''],
  ['s', ''],
  ['e', ''],
];

export function stemEnglish(word: string): string {
  if (!/^[a-z]{4,}$/.test(word)) return word;
  for (const [suffix, replacement] of STEM_RULES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      const stem = word.slice(0, -suffix.length) + replacement;
      // cancelled → cancell → cancel, stopping → stopp → stop
      return suffix === 'ing' || suffix === 'ed' ? stem.replace(/([b-df-hj-np-tv-z])\1$/, '$1') : stem;
    }
  }
  return word;
}
