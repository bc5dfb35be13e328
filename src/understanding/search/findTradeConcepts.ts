// The trade concepts (tradeSynonyms) a normalized text mentions, found by one left-to-
// right dictionary scan: at each position the longest form wins and its span is used up,
// so "最便宜" (cheapest: a price question) does not also count as "便宜" (a discount) and
// "退订" (unsubscribe) not as "退" (refund). Latin forms match whole words only, and
// both sides are stemmed (stemEnglish), so "cancelled" finds the form "cancel".
import { normalizeText } from '../nlu/normalizeText.js';
import { stemEnglish } from './stemEnglish.js';
import { tradeSynonyms } from './tradeSynonyms.js';

interface Form {
  text: string;
  concepts: string[];
  /** Latin letters or digits at the edge must not continue a longer word ("park" in "parking") */
  wordStart: boolean;
  wordEnd: boolean;
}

const LATIN = /[a-z0-9]/;
/** forms by first character, longest first */
const formsByFirstChar: ReadonlyMap<string, Form[]> = indexForms();

/** Takes normalizeText output with its English words stemmed. */
export function findTradeConcepts(normalized: string): string[] {
  const concepts = new Set<string>();
  let i = 0;
  while (i < normalized.length) {
    const form = formsByFirstChar.get(normalized[i])?.find((f) => matchesAt(normalized, i, f));
    if (form) {
      form.concepts.forEach((c) => concepts.add(c));
      i += form.text.length;
    } else {
      i += 1;
    }
  }
  return [...concepts];
}

function matchesAt(text: string, at: number, form: Form): boolean {
  if (!text.startsWith(form.text, at)) return false;
  if (form.wordStart && at > 0 && LATIN.test(text[at - 1])) return false;
  const after = text[at + form.text.length];
  return !(form.wordEnd && after !== undefined && LATIN.test(after));
}

function indexForms(): Map<string, Form[]> {
  const conceptsByText = new Map<string, string[]>();
  for (const group of tradeSynonyms) {
    for (const raw of group.forms) {
      const text = normalizeText(raw).replace(/[a-z]+/g, stemEnglish);
      conceptsByText.set(text, [...(conceptsByText.get(text) ?? []), group.concept]);
    }
  }
  const byFirstChar = new Map<string, Form[]>();
  for (const [text, concepts] of conceptsByText) {
    const form = { text, concepts, wordStart: LATIN.test(text[0]), wordEnd: LATIN.test(text[text.length - 1]) };
    byFirstChar.set(text[0], [...(byFirstChar.get(text[0]) ?? []), form]);
  }
  byFirstChar.forEach((forms) => forms.sort((a, b) => b.text.length - a.text.length));
  return byFirstChar;
}
