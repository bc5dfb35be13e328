// The role-play rubric: five yes/no checks on what the trainee said, each with the quoted
// evidence and, where it failed, a better line from the playbook. Rule-based here (cue
// lists in zh and en); an LLM review may replace the verdicts, but the policy check of
// these rules is a floor: an invented discount, a disparaged competitor or pressure is a
// fail whatever the model says, and a session with a policy breach never passes.
import type { ObjectionData, PromotionData } from '../../storeData/storeDataSchema.js';
import { parseChineseNumber } from '../../understanding/nlu/parseNumeral.js';

export const CHECK_IDS = ['acknowledge', 'clarify', 'value', 'policy', 'next_step'] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** Equal weights by default; the score is the weighted share of passed checks, 0–100. */
export const CHECK_WEIGHTS: Record<CheckId, number> = { acknowledge: 1, clarify: 1, value: 1, policy: 1, next_step: 1 };
/**
 * A session passes at this score (and with no policy breach): the default; a store sets
 * its own in sales-rules.yaml `practice.passMark`.
 */
export const PASS_MARK = 80;

export const CHECK_NAMES: Record<CheckId, { zh: string; en: string }> = {
  acknowledge: { zh: '认同顾虑', en: 'Acknowledged the concern' },
  clarify: { zh: '提问澄清', en: 'Asked a clarifying question' },
  value: { zh: '用价值或事实回应', en: 'Answered with value or evidence' },
  policy: { zh: '守住政策（不乱许优惠、不贬低竞品、不施压）', en: 'Stayed within policy (no invented discount, no disparaging, no pressure)' },
  next_step: { zh: '提出下一步', en: 'Proposed a next step' },
};

interface CheckResult {
  id: CheckId;
  passed: boolean;
  /** The trainee's words that show it (or, for a failed policy check, that breach it). */
  evidence: string | null;
  /** A better line from the playbook where the check failed. */
  better: string | null;
  /** Why a policy check failed: discount | forbidden_promise | disparaging | pressure. */
  reason?: string;
  by: 'rules' | 'llm';
}

export interface Review {
  checks: CheckResult[];
  score: number;
  passed: boolean;
  scoredBy: 'rules' | 'llm';
}

// ------------------------------------------------------------------ cue lists

const ACK =
  /理解|明白|确实|的确|没错|说得对|有道理|谢谢|感谢|能体会|很正常|是正常|是的|好问题|我懂|放心|\b(understand|understandable|i see|i hear you|fair (point|enough|question)|makes sense|good question|thanks?|thank you|appreciate|you'?re right|that'?s (fair|reasonable|normal|understandable)|totally get|i get (it|that|why)|of course)\b/i;
const QUESTION = /[?？]|[吗呢]\s*[。.!！]?\s*$/;
const CLARIFY_WORDS =
  /预算|看重|关心|在意|主要|哪|什么|多少|怎么|是否|是不是|考虑|用途|通勤|对比|比较|家人|顾虑|担心|方便说|请问|\b(what|which|how|would you|do you|are you|is it|is that|could you|can you tell|may i ask|roughly|did you|have you)\b/i;
const VALUE =
  /质保|保修|续航|公里|配置|油耗|电耗|成本|保值|安全|空间|金融|月供|首付|优惠|购置税|保养|充电|碰撞|星级|补贴|置换|版本|参数|\d[\d,.]*\s*(元|万|千|km|公里|年|%|kwh)|\b(warranty|range|km|kilomet\w*|equipment|features?|costs?|fuel|economy|safety|space|finance|monthly|down payment|trim|tax|servic\w*|charging|resale|rating|specs?|cny|rmb|\d[\d,.]*%)\b/i;
const NEXT_STEP =
  /试驾|到店|来店|过来看|看车|报价|落地价|预约|约个|约您|对比表|发给您|发您|发给你|加个微信|留个电话|订车|下订|\b(test[- ]drive|visit|come (in|by|over|and see)|drop by|quotes?|appointment|book|schedule|send you|comparison|side by side|on-the-road|call you|set up)\b/i;

const DISCOUNT_CUE_ZH = '优惠|便宜|降价|直降|立减|减|让利|让|少收|返现|折扣|补贴';
// In words, an amount has a 万 or 千 (两万, 二十五万, 两万八, 三万五千): a bare 三 is no discount,
// and 千万 after an amount is "by all means" (便宜两万千万别说出去).
const AMOUNT = String.raw`(?:cny|rmb|¥|￥)?\s*((?:\d[\d,]*(?:\.\d+)?\s*(?:万|千|w|k)?)|(?:[零〇一二两三四五六七八九十百]+\s*[万千](?:[一二两三四五六七八九][千百]?)?))`;
const DISCOUNT_PATTERNS: RegExp[] = [
  new RegExp(`(?:${DISCOUNT_CUE_ZH})\\s*(?:了|您|你|给您|给你|个)?\\s*${AMOUNT}`, 'gi'),
  new RegExp(`${AMOUNT}\\s*(?:元|块钱|块)?\\s*(?:的)?\\s*(?:现金)?\\s*(?:优惠|折扣|红包|补贴|返现|让利)`, 'gi'),
  new RegExp(`${AMOUNT}\\s*(?:cny|rmb|yuan)?\\s*(?:cash\\s*)?(?:off|discount|rebate|cash ?back)\\b`, 'gi'),
  new RegExp(`\\b(?:discount|knock|take|rebate|cut)\\s*(?:of|off)?\\s*(?:another|an extra|extra)?\\s*${AMOUNT}`, 'gi'),
];
const PERCENT_DISCOUNT = /打\s*[0-9一二三四五六七八九](?:\.\d)?\s*折|\d+(?:\.\d+)?\s*%\s*(?:off|discount)|\d+\s*percent off/i;
const FORBIDDEN =
  /内部价|员工价|底价给你|保价|降价退差|全网最低|\b(internal price|staff price|employee price|price protection|price[- ]match guarantee|lowest price anywhere)\b/i;
const DISPARAGE =
  /垃圾|烂车|破车|差劲|坑人|智商税|别买(他们|那|它)|质量很差|\b(junk|rubbish|garbage|crap|terrible car|worst car|don'?t buy (their|that|it))\b/i;
const PRESSURE =
  /今天不(定|买|订)|过了今天|最后一台|马上(定|订|交定金)|现在不(定|买|订)就|错过(就|了)?没|必须(今天|现在)|赶紧(定|订|下单)|\b(only today|today only|decide (now|today) or|buy (it )?now or|right now or|last (car|one) in stock|before someone else)\b/i;

// ------------------------------------------------------------------ helpers

/** Sentences of a text, each with its closing punctuation. */
export function splitSentences(text: string): string[] {
  return (text.match(/[^。！？!?；;\n]+[。！？!?；;]*|[^。！？!?；;\n]+$/g) ?? [])
    .flatMap((s) => s.split(/(?<=\.)\s+(?=[A-Z])/))
    .map((s) => s.trim())
    .filter(Boolean);
}

/** "8,000" / "8千" / "1.5万" / "两万" / "两万八" / "5k" → yuan; null when not an amount. */
export function parseAmount(raw: string): number | null {
  // 5k and 1.5w are how people type 千 and 万 in chat
  const value = parseChineseNumber(raw.replace(/[\s,]/g, '').toLowerCase().replace(/k$/, '千').replace(/w$/, '万'));
  return value === null ? null : Math.round(value);
}

/** The promotions valid on `today` (YYYY-MM-DD, store time). */
export function activePromotions(promotions: readonly PromotionData[], today: string): PromotionData[] {
  return promotions.filter((p) => p.valid_from <= today && today <= p.valid_to);
}

/** Every amount an active promotion states (benefit, both languages): the only discounts one may quote. */
export function allowedAmounts(promotions: readonly PromotionData[]): Set<number> {
  const out = new Set<number>();
  for (const p of promotions) {
    for (const text of [p.benefit.zh, p.benefit.en]) {
      for (const m of text.matchAll(/\d[\d,]*(?:\.\d+)?\s*(?:万|千)?/g)) {
        const n = parseAmount(m[0]);
        if (n !== null) out.add(n);
      }
    }
  }
  return out;
}

interface PolicyBreach {
  line: string;
  reason: 'discount' | 'forbidden_promise' | 'disparaging' | 'pressure';
}

/** The first policy breach in the trainee's lines, or null. */
export function findPolicyBreach(lines: readonly string[], allowed: ReadonlySet<number>): PolicyBreach | null {
  for (const line of lines) {
    for (const sentence of splitSentences(line)) {
      if (FORBIDDEN.test(sentence)) return { line: sentence, reason: 'forbidden_promise' };
      if (PERCENT_DISCOUNT.test(sentence)) return { line: sentence, reason: 'discount' };
      for (const re of DISCOUNT_PATTERNS) {
        for (const m of sentence.matchAll(re)) {
          const n = parseAmount(m[1]);
          if (n !== null && n >= 100 && !allowed.has(n)) return { line: sentence, reason: 'discount' };
        }
      }
      if (DISPARAGE.test(sentence)) return { line: sentence, reason: 'disparaging' };
      if (PRESSURE.test(sentence)) return { line: sentence, reason: 'pressure' };
    }
  }
  return null;
}

const DETECT: Record<Exclude<CheckId, 'policy'>, (sentence: string) => boolean> = {
  acknowledge: (s) => ACK.test(s),
  clarify: (s) => QUESTION.test(s) && CLARIFY_WORDS.test(s),
  value: (s) => VALUE.test(s),
  next_step: (s) => NEXT_STEP.test(s),
};

const APPROACH_STEP: Record<CheckId, string> = { acknowledge: 'acknowledge', clarify: 'clarify', value: 'respond', policy: 'respond', next_step: 'advance' };

/** A better line for a failed check: a sentence of the playbook's sample response that passes it, else the approach step. */
export function betterLine(id: CheckId, objection: ObjectionData, lang: 'zh' | 'en'): string {
  if (id === 'policy') {
    const dont = objection.donts[0]?.[lang];
    const step = objection.approach.find((a) => a.step === 'respond')?.[lang];
    return [dont, step].filter(Boolean).join(' ');
  }
  for (const sample of objection.sample_responses) {
    const hit = splitSentences(sample[lang]).find((s) => DETECT[id](s));
    if (hit) return hit;
  }
  return objection.approach.find((a) => a.step === APPROACH_STEP[id])?.[lang] ?? objection.approach[0][lang];
}

/** The rule-based review of the trainee's lines. */
export function scoreByRules(args: {
  lines: readonly string[];
  objection: ObjectionData;
  lang: 'zh' | 'en';
  allowed: ReadonlySet<number>;
  passMark?: number;
}): Review {
  const sentences = args.lines.flatMap(splitSentences);
  const checks: CheckResult[] = CHECK_IDS.map((id) => {
    if (id === 'policy') {
      const breach = findPolicyBreach(args.lines, args.allowed);
      return breach
        ? { id, passed: false, evidence: breach.line, better: betterLine(id, args.objection, args.lang), reason: breach.reason, by: 'rules' }
        : { id, passed: true, evidence: null, better: null, by: 'rules' };
    }
    const hit = sentences.find((s) => DETECT[id](s));
    return hit
      ? { id, passed: true, evidence: hit, better: null, by: 'rules' }
      : { id, passed: false, evidence: null, better: betterLine(id, args.objection, args.lang), by: 'rules' };
  });
  return finishReview(checks, 'rules', args.passMark);
}

/** Score and verdict of a set of checks. */
export function finishReview(checks: CheckResult[], scoredBy: Review['scoredBy'], passMark = PASS_MARK): Review {
  const total = CHECK_IDS.reduce((s, id) => s + CHECK_WEIGHTS[id], 0);
  const got = checks.filter((c) => c.passed).reduce((s, c) => s + CHECK_WEIGHTS[c.id], 0);
  const score = Math.round((100 * got) / total);
  const policyOk = checks.find((c) => c.id === 'policy')?.passed !== false;
  return { checks, score, passed: score >= passMark && policyOk, scoredBy };
}

export interface LlmCheck {
  id: CheckId;
  passed: boolean;
  evidence?: string;
  better?: string;
}

const squash = (s: string) =>
  s
    .replace(/\s+/g, '')
    .replace(/[“”"'‘’]/g, '')
    .toLowerCase();

/**
 * The LLM's verdicts over the rules': a check the model missed, or passed with a "quote"
 * the trainee never said, keeps the rule verdict; policy is the rules' floor (and the
 * model may still fail it).
 */
export function mergeReviews(
  rules: Review,
  llm: readonly LlmCheck[],
  args: { lines: readonly string[]; objection: ObjectionData; lang: 'zh' | 'en'; passMark?: number },
): Review {
  const said = squash(args.lines.join('\n'));
  const checks = rules.checks.map((rule): CheckResult => {
    const l = llm.find((c) => c.id === rule.id);
    if (!l) return rule;
    const quoted = l.evidence && said.includes(squash(l.evidence)) ? l.evidence.trim() : null;
    if (rule.id === 'policy' && !rule.passed) return rule;
    if (l.passed && !quoted && rule.id !== 'policy') return rule;
    if (l.passed) return { id: rule.id, passed: true, evidence: quoted, better: null, by: 'llm' };
    return {
      id: rule.id,
      passed: false,
      evidence: quoted,
      better: l.better?.trim() || betterLine(rule.id, args.objection, args.lang),
      reason: rule.id === 'policy' ? 'llm' : undefined,
      by: 'llm',
    };
  });
  return finishReview(checks, 'llm', args.passMark);
}

/** Which rubric cues one reply shows (the scripted customer reacts to them). */
export function detectCues(text: string, allowed: ReadonlySet<number>) {
  const sentences = splitSentences(text);
  const has = (id: Exclude<CheckId, 'policy'>) => sentences.some((s) => DETECT[id](s));
  return {
    acknowledge: has('acknowledge'),
    clarify: has('clarify'),
    value: has('value'),
    nextStep: has('next_step'),
    breach: findPolicyBreach([text], allowed),
  };
}
