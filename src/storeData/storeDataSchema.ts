// The schema of a store's data directory (store.yaml, catalog.yaml, faq.yaml, objections.yaml
// and the optional objection-examples.yaml and sales-rules.yaml) and the types the rest of
// the code reads it through. Objects keep every key of the files (loose schemas), so the
// parts that end up in Json columns are stored whole, not just the fields the code reads
// today. Keys stay snake_case as in the files; ids are kept exactly. The reader is
// loadStoreData.ts; the seeder, the NLU and the sales rules import the types from here.
import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case kebab-case id');
const localized = z.looseObject({ zh: z.string().min(1), en: z.string().min(1) });
const localizedList = z.looseObject({ zh: z.array(z.string().min(1)), en: z.array(z.string().min(1)) });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time HH:MM');
const cny = z.number().int().nonnegative();
const timeZone = z.string().refine(isTimeZone, 'expected an IANA time zone such as Asia/Shanghai');

const storeProfileSchema = z.looseObject({
  id,
  name: localized,
  timezone: timeZone,
  // bots quote it in booking confirmations and reminders
  address: localized,
});

const teamSchema = z.looseObject({
  id,
  name: localized,
  manager_id: id.nullable().optional(),
  focus: localized.optional(),
});

const staffSchema = z.looseObject({
  id,
  name: localized,
  role: z.enum(['sales_consultant', 'sales_manager', 'dcc_agent', 'store_manager']),
  team: id.nullable(),
  languages: z.array(z.string().regex(/^[a-z]{2}$/, 'expected a language code such as zh')).min(1),
  email: z.email().optional(),
});

const demoCarSchema = z.looseObject({
  id,
  model_id: id,
  trim_id: id.nullable().optional(),
  plate: z.string().min(1),
  status: z.enum(['available', 'maintenance']),
  note: localized.optional(),
});

const testDriveSchema = z.looseObject({
  slot_minutes: z.number().int().positive(),
  first_slot_start: hhmm,
  last_slot_start: hhmm,
  slot_starts: z.array(hhmm).min(1),
  booking_window_days: z.number().int().positive(),
  same_day_min_lead_minutes: z.number().int().nonnegative(),
  /** live (upcoming, booked) test drives one customer, or one chat, may hold at a time */
  max_live_bookings_per_customer: z.number().int().positive().default(2),
});

const promotionSchema = z.looseObject({
  id,
  model_ids: z.array(id).min(1),
  valid_from: isoDate,
  valid_to: isoDate,
  title: localized,
  benefit: localized,
  conditions: localizedList.optional(),
  stackable_with: z.array(id).default([]),
  not_allowed: localizedList.optional(),
});

const policiesSchema = z.looseObject({
  deposit: z.looseObject({ amount: cny }),
});

export const storeFileSchema = z.object({
  store: storeProfileSchema,
  teams: z.array(teamSchema).min(1),
  staff: z.array(staffSchema).min(1),
  demo_cars: z.array(demoCarSchema),
  test_drive: testDriveSchema,
  promotions: z.array(promotionSchema).default([]),
  policies: policiesSchema,
});

const trimSchema = z.looseObject({
  id,
  name: localized,
  price: cny,
});

const catalogModelSchema = z.looseObject({
  id,
  name: localized,
  body: localized,
  powertrain: z.looseObject({ type: z.string().min(1), label: localized.optional() }),
  nev: z.boolean(),
  price_range: z.object({ min: cny, max: cny }),
  aliases: z.array(z.string().min(1)),
  not_aliases: z.array(z.string().min(1)).default([]),
  trims: z.array(trimSchema).min(1),
});

export const catalogFileSchema = z.looseObject({
  brand: z.looseObject({ id, name: localized }),
  currency: z.literal('CNY'),
  models: z.array(catalogModelSchema).min(1),
});

const faqSchema = z.looseObject({
  id,
  category: z.string().min(1),
  questions: localizedList,
  answer: localized,
  tags: z.array(z.string().min(1)).default([]),
});

export const faqFileSchema = z.object({ faqs: z.array(faqSchema).min(1) });

const objectionSchema = z.looseObject({
  id,
  name: localized,
  phrasings: localizedList,
  approach: z.array(z.looseObject({ step: z.string().min(1), zh: z.string().min(1), en: z.string().min(1) })).min(1),
  sample_responses: z.array(z.looseObject({ situation: localized, zh: z.string().min(1), en: z.string().min(1) })),
  donts: z.array(localized),
});

export const objectionFileSchema = z.object({ objections: z.array(objectionSchema).min(1) });

/** objection-examples.yaml (optional): more customer wordings per objection id, for the coach's classifier. */
const exampleText = z.string().trim().min(1).max(300);
export const objectionExamplesFileSchema = z.object({
  examples: z.record(id, z.array(exampleText)).default({}),
  not_objections: z.array(exampleText).default([]),
});

/** faq-examples.yaml (optional): customers' wordings per FAQ id, and questions that are not the store's to answer, for the FAQ's ranker. */
export const faqExamplesFileSchema = z.object({
  examples: z.record(id, z.array(exampleText)).default({}),
  out_of_scope: z.array(exampleText).default([]),
});

// ---------------------------------------------------------------- sales-rules.yaml (optional)

const SALES_GRADES = ['H', 'A', 'B', 'C', 'O', 'F'] as const;
const gradeRuleSchema = z.strictObject({
  meaning: localized,
  /** follow up at least every n days; null: no follow-ups */
  cadenceDays: z.number().positive().nullable(),
  /** O: follow-ups stop at delivery */
  until: z.enum(['delivery']).optional(),
});
const timeRange = z.strictObject({ start: hhmm, end: hhmm });
/** The reasons a deal is lost (战败原因): fixed ids; a store words them in sales-rules.yaml lostReasons. */
export const LOST_REASONS = ['bought_competitor', 'budget', 'timing', 'no_response', 'bought_used', 'other'] as const;
const maintenanceStep = z.strictObject({ km: z.number().int().positive(), months: z.number().int().positive() });

const DEFAULT_SALES_RULES_INPUT = {
  grades: {
    H: { meaning: { zh: '热：车型已定，正在谈价，7 天内购买', en: 'hot: model chosen, negotiating, buys within 7 days' }, cadenceDays: 2 },
    A: { meaning: { zh: '强意向：已试驾，15 天内购买', en: 'strong intent, test driven, buys within 15 days' }, cadenceDays: 3 },
    B: { meaning: { zh: '有兴趣：在比较，30 天内购买', en: 'interested, comparing, buys within 30 days' }, cadenceDays: 7 },
    C: { meaning: { zh: '早期：意向模糊，90 天内', en: 'early, vague, within 90 days' }, cadenceDays: 14 },
    O: { meaning: { zh: '已订车，待交车', en: 'ordered, awaiting delivery' }, cadenceDays: 7, until: 'delivery' },
    F: { meaning: { zh: '战败', en: 'lost' }, cadenceDays: null },
  },
  lostReasons: {
    bought_competitor: { zh: '已购竞品', en: 'bought a competitor' },
    budget: { zh: '预算不足', en: 'budget' },
    timing: { zh: '购车时间推迟', en: 'timing' },
    no_response: { zh: '长期联系不上', en: 'no response' },
    bought_used: { zh: '购买二手车', en: 'bought a used car' },
    other: { zh: '其他', en: 'other' },
  },
};

export const salesRulesFileSchema = z.strictObject({
  grades: z
    .strictObject(Object.fromEntries(SALES_GRADES.map((g) => [g, gradeRuleSchema])) as Record<(typeof SALES_GRADES)[number], typeof gradeRuleSchema>)
    .default(DEFAULT_SALES_RULES_INPUT.grades as never),
  downgradeAfterCadences: z.number().positive().default(2),
  downgradeOrder: z
    .array(z.enum(['H', 'A', 'B', 'C']))
    .min(2)
    .default(['H', 'A', 'B', 'C']),
  regrade: z
    .strictObject({
      test_drive: z.enum(['H', 'A', 'B', 'C']).default('A'),
      quote: z.enum(['H', 'A', 'B', 'C']).default('H'),
      long_silence: z.enum(['down', 'none']).default('down'),
    })
    .default({ test_drive: 'A', quote: 'H', long_silence: 'down' }),
  lostReasons: z
    .strictObject(Object.fromEntries(LOST_REASONS.map((r) => [r, localized])) as Record<(typeof LOST_REASONS)[number], typeof localized>)
    .default(DEFAULT_SALES_RULES_INPUT.lostReasons),
  returnVisitDays: z.array(z.number().int().positive()).min(1).default([1, 3, 7, 30]),
  maintenance: z.strictObject({ first: maintenanceStep, then: maintenanceStep }).default({ first: { km: 5000, months: 6 }, then: { km: 10000, months: 12 } }),
  escalateAfterHours: z.number().positive().default(24),
  // older misses are not escalated one by one (a first run on an existing store would
  // flood the managers); they stay in the board's overdue count and the call lists
  escalateWithinDays: z.number().positive().default(7),
  nudges: z
    .strictObject({
      workingHours: timeRange.default({ start: '09:00', end: '20:00' }),
      quietHours: timeRange.default({ start: '21:00', end: '08:00' }),
      sweepEveryMinutes: z.number().int().min(5).max(1440).default(60),
      maxItemsPerMessage: z.number().int().min(1).max(50).default(8),
    })
    .default({ workingHours: { start: '09:00', end: '20:00' }, quietHours: { start: '21:00', end: '08:00' }, sweepEveryMinutes: 60, maxItemsPerMessage: 8 }),
  digest: z.strictObject({ time: hhmm.default('08:30'), catchUpHours: z.number().nonnegative().default(2) }).default({ time: '08:30', catchUpHours: 2 }),
  targetWeights: z.enum(['recent_share', 'even']).default('recent_share'),
  practice: z
    .strictObject({
      passMark: z.number().int().min(1).max(100).default(80),
      turns: z.number().int().min(1).max(10).default(3),
    })
    .default({ passMark: 80, turns: 3 }),
  // How long personal data is kept (个人信息保存期限), in days; the daily retention job
  // (sales/pruneRetention) prunes after these, and the privacy notice states transcriptDays.
  // Job runs stay longer than any job's catch-up window, or a pruned slot could run twice.
  retention: z
    .strictObject({
      transcriptDays: z.number().int().min(1).max(3650).default(365),
      inboundEventsDays: z.number().int().min(1).max(3650).default(30),
      outboxPayloadDays: z.number().int().min(1).max(3650).default(30),
      jobRunsDays: z.number().int().min(2).max(3650).default(90),
    })
    .default({ transcriptDays: 365, inboundEventsDays: 30, outboxPayloadDays: 30, jobRunsDays: 90 }),
});

type StoreProfileData = z.infer<typeof storeProfileSchema>;
type TeamData = z.infer<typeof teamSchema>;
type StaffData = z.infer<typeof staffSchema>;
type DemoCarData = z.infer<typeof demoCarSchema>;
type TestDriveData = z.infer<typeof testDriveSchema>;
export type PromotionData = z.infer<typeof promotionSchema>;
type PoliciesData = z.infer<typeof policiesSchema>;
export type CatalogModelData = z.infer<typeof catalogModelSchema>;
export type CatalogData = z.infer<typeof catalogFileSchema>;
export type FaqData = z.infer<typeof faqSchema>;
export type ObjectionData = z.infer<typeof objectionSchema>;
/** sales-rules.yaml: grades and cadences, downgrades, lost reasons, after-sale points, nudges, digest time, retention. */
export type SalesRulesData = z.infer<typeof salesRulesFileSchema>;

/** The follow-up rules when a store ships no sales-rules.yaml. */
export function defaultSalesRules(): SalesRulesData {
  return salesRulesFileSchema.parse({});
}

export interface StoreData {
  /** the store.yaml `store` section: id, names, timezone, address, hours, contacts... */
  store: StoreProfileData;
  teams: TeamData[];
  staff: StaffData[];
  demoCars: DemoCarData[];
  testDrive: TestDriveData;
  promotions: PromotionData[];
  policies: PoliciesData;
  /** the whole catalog.yaml: brand, price/range bases and the models with their trims */
  catalog: CatalogData;
  faqs: FaqData[];
  objections: ObjectionData[];
  /** objection-examples.yaml: customers' wordings by objection id (empty when the store has none) */
  objectionExamples: Record<string, string[]>;
  /** objection-examples.yaml: texts that are no objection (chatter, requests, neutral questions) */
  notObjections: string[];
  /** faq-examples.yaml: customers' wordings by FAQ id (empty when the store has none) */
  faqExamples: Record<string, string[]>;
  /** faq-examples.yaml: questions that are not the store's to answer (other brands, the weather...) */
  outOfScope: string[];
  /** sales-rules.yaml, or the defaults when the store has none */
  salesRules: SalesRulesData;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
