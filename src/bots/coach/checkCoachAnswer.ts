// The check after generation for a coaching answer (the words a salesperson will say to
// a customer): it may promise nothing beyond the store's facts of today, may not run
// down a competitor, and must be in the language asked. checkGrounding (the FAQ's guard)
// does numbers, dates, percentages and offer words against the sources; on top come:
//   - bargaining promises no source can license (再给您便宜, 内部价, 底价, "knock off",
//     "special price for you"): a price concession the active promotions do not give;
//   - disparagement: insults anywhere (垃圾, 骗子, rubbish, scam…), and negative words
//     (烂, 坑, 不行, 差…) near a competitor (a named maker, 别家, 对面, 竞品, "the other
//     brand"…);
//   - the wrong language.
// A rejected answer is replaced by the playbook's own sample, filtered the same way.
import { checkGrounding } from '../../llm/checkGrounding.js';
import { detectLang } from '../../core/detectLang.js';
import type { Lang } from '../../core/message.js';
import { normalizeText } from '../../understanding/nlu/normalizeText.js';
import { tradeSynonyms } from '../../understanding/search/tradeSynonyms.js';

interface CoachCheck {
  ok: boolean;
  problems: string[];
}

/** Price concessions beyond any policy: never in a source, so never allowed. */
const CONCESSIONS: RegExp[] = [
  /再(给您|给你|帮您|帮你)?(便宜|优惠|让|降|减|少收|打折)/,
  /(再|多|额外|另外|加)(给您|给你|帮您|帮你)?(送|赠|白送)/,
  /(给您|给你|帮您|帮你)(便宜|少收|减|让|降|打折)/,
  /(便宜|少收|让|减)(您|你)?[一二两三四五六七八九十几\d][\d,.]*\s*(万|千|百|元|块)/,
  /\d+(?:\.\d+)?\s*%\s*(?:off|discount)\b|\b(?:percent|per cent) off\b|百分之\S{1,3}的?(?:优惠|折扣)|打[一二三四五六七八九\d](?:\.\d)?折|[一二三四五六七八九\d](?:\.\d)?折(?:优惠)?(?![旧叠腾])/,
  /内部价|内部优惠|员工价|底价|最低价|成本价|跟价|保价|比任何.{0,4}便宜|全网最低/,
  /\b(knock|take) (off|\d)|\bthrow(ing)? in\b|\b(an )?extra (free|gift|discount)\b|\bcheaper for you\b|\bspecial price\b|\binternal price\b|\binsider price\b|\bstaff price\b|\bcost price\b|\bbeat any (price|offer|quote)\b|\bmatch (their|any|that) (price|offer|quote)\b|\bbest price in\b|\bprice match\b/,
];

/** Insults: never said to a customer, whoever they are about. */
const INSULTS =
  /垃圾|骗子|骗人|骗钱|坑人|坑钱|智商税|割韭菜|破车|烂车|渣|\b(rubbish|scam|scams|scammers?|junk|crap|garbage|trash|rip-?off|con artists?|lemons?)\b/;
/** Negative words that disparage when said of a competitor. */
const NEGATIVE =
  /烂|坑|不行|差劲|太差|很差|质量差|不靠谱|不好|骗|毛病多|问题多|没法比|比不了|比不上|不如我们|不值|\b(terrible|awful|bad|worse|worst|poor|unreliable|cheap(ly)? made|inferior|lousy|sucks?|dodgy|shoddy|falls? apart|can'?t compare)\b/;
const OTHER_BRANDS = tradeSynonyms.find((g) => g.concept === 'otherbrand')?.forms ?? [];
const COMPETITOR = new RegExp(
  [
    '别家',
    '别的店',
    '别的牌子',
    '别的品牌',
    '其他品牌',
    '其他牌子',
    '竞品',
    '对面',
    '隔壁',
    '那家',
    '他们家',
    '人家',
    '对方',
    '另一款',
    '另一家',
    '友商',
    '\\bother brands?\\b',
    '\\banother brand\\b',
    '\\bcompetitors?\\b',
    '\\bthe other (?:dealer|car|brand|shop|store|one)s?\\b',
    '\\btheir cars?\\b',
    '\\bthose cars\\b',
    '\\brivals?\\b',
    ...OTHER_BRANDS.map((f) => (/^[a-z ]+$/.test(f) ? `\\b${f}\\b` : f)),
  ].join('|'),
);
/** how close (in characters) a negative word must be to a competitor mention: Chinese is denser */
const NEAR_HAN = 16;
const NEAR_LATIN = 48;

export function checkCoachAnswer(answer: string, opts: { lang: Lang; sources: readonly string[] }): CoachCheck {
  const problems = [...checkGrounding(answer, [...opts.sources]).problems];
  const text = normalizeText(answer);
  const joined = opts.sources.map(normalizeText).join('\n');
  for (const pattern of CONCESSIONS) {
    const found = text.match(pattern);
    if (found && !pattern.test(joined)) problems.push(`concession beyond the active offers: ${found[0]}`);
  }
  const insult = text.match(INSULTS);
  if (insult) problems.push(`disparaging word: ${insult[0]}`);
  const slight = findDisparagement(text);
  if (slight) problems.push(`runs down a competitor: ${slight}`);
  if (text && detectLang(answer, opts.lang) !== opts.lang) problems.push(`answer not in ${opts.lang}`);
  return { ok: problems.length === 0, problems };
}

/** A negative word within NEAR characters of a competitor mention, or null. */
function findDisparagement(text: string): string | null {
  const competitor = new RegExp(COMPETITOR.source, 'g');
  for (const m of text.matchAll(competitor)) {
    const near = /[a-z]/.test(m[0]) ? NEAR_LATIN : NEAR_HAN;
    const from = Math.max(0, (m.index ?? 0) - near);
    const window = text.slice(from, (m.index ?? 0) + m[0].length + near);
    const neg = window.match(NEGATIVE);
    if (neg) return `${m[0]} … ${neg[0]}`;
  }
  return null;
}

/**
 * A playbook sample as of today: its sentences in order, less those quoting an offer
 * that is not running today. A sentence goes when it fails the grounding check against
 * today's facts and the offers that are not running explain (part of) the failure, i.e.
 * it quotes their amounts, dates or offer words; a sentence with figures of its own
 * (a worked monthly payment) is the playbook's and stays.
 */
export function dropInactiveOffers(text: string, opts: { lang: Lang; sources: readonly string[]; inactiveSources: readonly string[] }): string {
  const pieces = splitSentences(text, opts.lang);
  const keep = pieces.map((s) => {
    const now = checkGrounding(s, [...opts.sources]).problems.length;
    if (now === 0) return true;
    return checkGrounding(s, [...opts.sources, ...opts.inactiveSources]).problems.length === now;
  });
  const stop = opts.lang === 'en' ? '.' : '。';
  return pieces
    .map((s, i) => (keep[i + 1] === false ? s.replace(/[；;,，]\s*$/, stop) : s))
    .filter((_, i) => keep[i])
    .join(opts.lang === 'en' ? ' ' : '')
    .trim();
}

/** Sentences and semicolon clauses, each with its closing punctuation. */
export function splitSentences(text: string, lang: Lang): string[] {
  const pieces = (text.match(/[^。！？!?；;]+[。！？!?；;]*/g) ?? []).map((s) => s.trim()).filter(Boolean);
  return lang === 'en' ? pieces.flatMap((s) => s.split(/(?<=\.)\s+(?=[A-Z])/)) : pieces;
}
