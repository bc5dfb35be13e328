// Contact details a customer states in a message: a mainland mobile number and their name.
//
// Phone: 11 digits starting 1[3-9], written with or without spaces or dashes, optionally
// after +86/86. libphonenumber-js decides validity (its "max" metadata is the one that
// knows mobile from fixed-line ranges). A number-like string that is not a valid mobile
// comes back as invalidPhone so the bot can say so.
//
// Name: returned as written ("王小明", "李", "张先生", "John Smith"). Deliberately
// conservative: only explicit self-introductions count, so "我想…", "我是来试驾的" or
// "I'm interested" never become names.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

interface PhoneResult {
  phone: string | null;
  invalidPhone?: string;
}

/** Runs of 7+ digits with single spaces/dashes between them, and an optional +86 first;
 * shorter runs are prices, mileages or counts, and a run glued to a letter starts with a
 * model code (E6 650 520), not a phone number. */
const NUMBER_LIKE = /(?<![\dA-Za-z.])(?:\+?86[\s-]?)?\d(?:[\s-]?\d){6,}(?![\d.])/g;
const ISO_DATE = /^\d{4}-\d{1,2}-\d{1,2}$/;
/** A mobile's national number is 11 digits, 1[3-9]…, and libphonenumber only strips
 * prefixes from the front (+86, 0086, a carrier's 17951): a run whose digits do not end
 * so is no mobile, and is not handed to the parser. */
const MOBILE_ENDING = /1[3-9]\d{9}$/;
/** A message states a few numbers; past this many that look like mobiles the parser is
 * not asked again (each ask costs about 0.1 ms: 400 in a long text took 50 ms). */
const MAX_PHONE_PARSES = 16;

export function extractPhone(text: string): PhoneResult {
  let invalid: string | undefined;
  let parses = 0;
  for (const m of text.normalize('NFKC').matchAll(NUMBER_LIKE)) {
    const written = m[0].trim();
    if (ISO_DATE.test(written)) continue;
    if (MOBILE_ENDING.test(written.replace(/\D/g, '')) && parses++ < MAX_PHONE_PARSES) {
      const parsed = parsePhoneNumberFromString(written, 'CN');
      const type = parsed?.isValid() ? parsed.getType() : undefined;
      if (parsed && (type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE') && /^1[3-9]\d{9}$/.test(parsed.nationalNumber)) {
        return { phone: parsed.nationalNumber };
      }
    }
    invalid ??= written;
  }
  return invalid ? { phone: null, invalidPhone: invalid } : { phone: null };
}

/** What may follow a Chinese name: punctuation, the end, or the next part of the sentence. */
const AFTER_ZH_NAME = '(?=$|[\\s,，.。!！?？;；、~～]|想|要|来|预约|试|电话|手机|号码|的|明天|今天|后天|下周|周|星期|礼拜|我|联系|先生|女士|小姐)';

const ZH_PATTERNS: RegExp[] = [
  new RegExp(`(?:我叫|我的名字是|我名字叫|名字是|名字叫|姓名[:：是]?)\\s*([\\u4e00-\\u9fff]{2,4}?)${AFTER_ZH_NAME}`),
  // 我是张先生 → 张先生; a bare 我是 + words is too often "我是来…" to trust.
  /我是([\u4e00-\u9fff]{1,2}(?:先生|女士|小姐))/,
  new RegExp(`(?:我|免贵)姓([\\u4e00-\\u9fff]{1,2}?)${AFTER_ZH_NAME}`),
];

const EN_NAME = "([A-Z][a-zA-Z'-]+(?:\\s+[A-Z][a-zA-Z'-]+)?)";
/** Capitalized words that follow "I'm" without being names. */
const NOT_NAMES = new Set([
  'Interested',
  'Looking',
  'Here',
  'Not',
  'Just',
  'Going',
  'Available',
  'Free',
  'Busy',
  'Sorry',
  'Fine',
  'Good',
  'Calling',
  'Trying',
  'Thinking',
  'Planning',
  'Writing',
  'Asking',
  'The',
  'A',
  'An',
  'In',
  'At',
  'On',
  'From',
  'Also',
  'Still',
  'Very',
  'So',
]);

export function extractName(text: string): string | null {
  const written = text.normalize('NFKC');
  for (const pattern of ZH_PATTERNS) {
    const m = written.match(pattern);
    if (m) return m[1];
  }
  // "my name is" is explicit enough to accept any case.
  const stated = written.match(/\bmy name(?: is|['’]s)\s+([a-z][a-z'-]+(?:\s+(?!and\b|i\b)[a-z][a-z'-]+)?)/i);
  if (stated) return stated[1];
  const introduced = written.match(new RegExp(`\\b(?:I['’]m|I am|[Tt]his is|[Nn]ame:)\\s+${EN_NAME}`));
  if (introduced) {
    const words = introduced[1].split(/\s+/);
    if (NOT_NAMES.has(words[0])) return null;
    return words.filter((w, i) => i === 0 || !NOT_NAMES.has(w)).join(' ');
  }
  return null;
}
