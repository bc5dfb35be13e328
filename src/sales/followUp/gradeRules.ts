// The H/A/B/C grading scheme (domain.md §4) with the follow-up cadence per grade and the
// grade an outcome suggests. The store configures them in sales-rules.yaml
// (StoreData.salesRules); gradeSchemeFrom() reads them into a GradeScheme, an immutable
// value every caller is given explicitly (the bots build theirs once from the store data);
// DEFAULT_GRADE_SCHEME is the fallback when a store has no file.
import type { Bilingual } from '../../core/i18n.js';
import type { SalesRulesData } from '../../storeData/storeDataSchema.js';

export const ACTIVE_GRADES = ['H', 'A', 'B', 'C'] as const;
export type ActiveGrade = (typeof ACTIVE_GRADES)[number];
export type Grade = ActiveGrade | 'O' | 'F';
export const TIMEFRAMES = ['within_7d', 'within_15d', 'within_30d', 'within_90d', 'later'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

interface GradeRule {
  meaning: Bilingual;
  /** follow up at least every n days; null: no follow-ups */
  cadenceDays: number | null;
}

export const DEFAULT_GRADE_RULES: Record<Grade, GradeRule> = {
  H: { meaning: { zh: '热：车型已定，正在谈价，7 天内购买', en: 'hot: model chosen, negotiating, buys within 7 days' }, cadenceDays: 2 },
  A: { meaning: { zh: '强意向：已试驾，15 天内购买', en: 'strong intent, test driven, buys within 15 days' }, cadenceDays: 3 },
  B: { meaning: { zh: '有兴趣：在比较，30 天内购买', en: 'interested, comparing, buys within 30 days' }, cadenceDays: 7 },
  C: { meaning: { zh: '早期：意向模糊，90 天内', en: 'early, vague, within 90 days' }, cadenceDays: 14 },
  // ordered: a check every week until delivery
  O: { meaning: { zh: '已订车，待交车', en: 'ordered, awaiting delivery' }, cadenceDays: 7 },
  F: { meaning: { zh: '战败', en: 'lost' }, cadenceDays: null },
};

const RANK: Record<ActiveGrade, number> = { C: 0, B: 1, A: 2, H: 3 };

/** A store's grades: each grade's meaning and cadence, and the grades a test drive or a quote suggests. */
export interface GradeScheme {
  readonly rules: Readonly<Record<Grade, GradeRule>>;
  readonly suggestions: { readonly test_drive: ActiveGrade; readonly quote: ActiveGrade };
}

export const DEFAULT_GRADE_SCHEME: GradeScheme = Object.freeze({
  rules: DEFAULT_GRADE_RULES,
  suggestions: Object.freeze({ test_drive: 'A', quote: 'H' } as const),
});

/** The grade rules of a store's sales-rules.yaml. */
export function gradeRulesFrom(rules: Pick<SalesRulesData, 'grades'>): Record<Grade, GradeRule> {
  const out = {} as Record<Grade, GradeRule>;
  for (const g of ['H', 'A', 'B', 'C', 'O', 'F'] as const) {
    const r = rules.grades[g];
    out[g] = { meaning: { zh: r.meaning.zh, en: r.meaning.en }, cadenceDays: r.cadenceDays };
  }
  return out;
}

/** The grade scheme of a store's sales-rules.yaml (the default suggestions when it names none). */
export function gradeSchemeFrom(rules: Pick<SalesRulesData, 'grades'> & Partial<Pick<SalesRulesData, 'regrade'>>): GradeScheme {
  const suggestions = rules.regrade ? { test_drive: rules.regrade.test_drive, quote: rules.regrade.quote } : DEFAULT_GRADE_SCHEME.suggestions;
  return Object.freeze({ rules: Object.freeze(gradeRulesFrom(rules)), suggestions: Object.freeze({ ...suggestions }) });
}

export function isActiveGrade(g: string | null | undefined): g is ActiveGrade {
  return !!g && (ACTIVE_GRADES as readonly string[]).includes(g);
}

export function followUpCadenceDays(grade: string, rules: Readonly<Record<Grade, GradeRule>>): number | null {
  return rules[grade as Grade]?.cadenceDays ?? null;
}

/** When the next follow-up is due after a contact at `now`, or null (lost). */
export function nextFollowUpDue(grade: string, now: Date, rules: Readonly<Record<Grade, GradeRule>>): Date | null {
  const days = followUpCadenceDays(grade, rules);
  return days === null ? null : new Date(now.getTime() + days * 86_400_000);
}

/** The grade a purchase timeframe suggests: 7d → H, 15d → A, 30d → B, else C. */
export function gradeForTimeframe(timeframe: string | null | undefined): ActiveGrade {
  if (timeframe === 'within_7d') return 'H';
  if (timeframe === 'within_15d') return 'A';
  if (timeframe === 'within_30d') return 'B';
  return 'C';
}

/** The grade an outcome suggests (never applied by itself): by default a test drive → A, a quote → H, when higher. */
export function suggestedGrade(outcome: string, current: string, suggestions: GradeScheme['suggestions']): ActiveGrade | null {
  const target: ActiveGrade | null = outcome === 'test_drive' ? suggestions.test_drive : outcome === 'quote' ? suggestions.quote : null;
  if (!target || !isActiveGrade(current)) return null;
  return RANK[current] < RANK[target] ? target : null;
}

/** One grade down after a long silence (H→A→B→C by the store's order); null at the bottom. */
export function gradeBelow(grade: string, order: readonly string[] = ACTIVE_GRADES): string | null {
  const i = order.indexOf(grade);
  return i >= 0 && i < order.length - 1 ? order[i + 1] : null;
}
