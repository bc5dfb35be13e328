// The simulated customer's lines and the scoring of a practice: with an LLM, the turns
// come from the practice-customer prompt and the review from practice-score (both
// structured, zod-checked); without one, or when it is slow, down or malformed, the scripted customer
// (playbook phrasings, reacting to cues in the trainee's reply) and the rule-based review.
import { z } from 'zod';
import { fill } from '../../core/i18n.js';
import type { LlmClient } from '../../llm/llmClient.js';
import type { Lang } from '../../core/message.js';
import { practiceCustomerPrompt } from '../../prompts/practiceCustomer.js';
import { practiceScorePrompt } from '../../prompts/practiceScore.js';
import {
  CHECK_IDS,
  CHECK_NAMES,
  detectCues,
  mergeReviews,
  scoreByRules,
  type CheckId,
  type LlmCheck,
  type Review,
} from '../../sales/practice/practiceRubric.js';
import type { Persona, PracticeScenario } from '../../sales/practice/practiceScenario.js';
import type { PracticeTurn } from '../../sales/practice/practiceSessions.js';
import type { CatalogModelData, ObjectionData, PromotionData } from '../../storeData/storeDataSchema.js';
import { SCRIPT } from './practiceTexts.js';

export interface PracticeWorld {
  lang: Lang;
  scenario: PracticeScenario;
  objection: ObjectionData;
  persona: Persona;
  model: CatalogModelData;
  /** Active promotions today and the amounts they state. */
  promotions: PromotionData[];
  allowed: ReadonlySet<number>;
  totalTurns: number;
  /** out of 100: the store's sales-rules.yaml practice.passMark */
  passMark: number;
}

interface Log {
  warn(obj: object, msg: string): void;
}

const phrasingsOf = (w: PracticeWorld) => (w.objection.phrasings[w.lang].length ? w.objection.phrasings[w.lang] : w.objection.phrasings.zh);
const modelName = (w: PracticeWorld) => w.model.name[w.lang];
const priceRange = (m: CatalogModelData, lang: Lang) =>
  lang === 'zh'
    ? `${m.price_range.min.toLocaleString('en-US')}–${m.price_range.max.toLocaleString('en-US')} 元`
    : `CNY ${m.price_range.min.toLocaleString('en-US')}–${m.price_range.max.toLocaleString('en-US')}`;

/** The scripted opening: the model and the objection's first phrasing. */
export function scriptedOpening(w: PracticeWorld): string {
  return fill(w.lang, SCRIPT.opening, { model: modelName(w), line: phrasingsOf(w)[0] });
}

/**
 * The scripted customer's answer to the trainee's `n`-th reply (1-based): a reaction to
 * the cues in it, then (before the last turn) a pushback with another phrasing, or (after
 * the last) a closing line.
 */
export function scriptedReply(w: PracticeWorld, traineeText: string, n: number): string {
  const cues = detectCues(traineeText, w.allowed);
  const say = (t: { zh: string; en: string }, p?: Record<string, string>) => fill(w.lang, t, p);
  const last = n >= w.totalTurns;
  const parts: string[] = [];
  if (cues.breach?.reason === 'discount' || cues.breach?.reason === 'forbidden_promise') parts.push(say(SCRIPT.onDiscount));
  else if (cues.breach?.reason === 'disparaging') parts.push(say(SCRIPT.onDisparage));
  else if (cues.breach?.reason === 'pressure') parts.push(say(SCRIPT.onPressure));
  if (cues.clarify) parts.push(w.persona.answers[w.lang]);
  else if (cues.value) parts.push(say(SCRIPT.onValue));
  else if (cues.acknowledge) parts.push(say(SCRIPT.onAckOnly));
  else if (!cues.breach) parts.push(say(SCRIPT.onNothing));
  if (last) {
    parts.push(cues.nextStep && !cues.breach ? w.persona.onNextStep[w.lang] : say(SCRIPT.closeThink));
  } else {
    const soft = w.scenario.difficulty === 'easy' && cues.value && !cues.breach;
    if (!soft || w.scenario.difficulty === 'hard') {
      const ps = phrasingsOf(w);
      parts.push(say(SCRIPT.pushback, { line: ps[n % ps.length] ?? ps[0] }));
    }
  }
  return parts.join(w.lang === 'zh' ? '' : ' ');
}

/** Cleans the model's line: no quotes or "Customer:" label, at most 300 characters. */
function cleanLine(text: string): string {
  return text
    .trim()
    .replace(/^(customer|顾客|客户)\s*[:：]\s*/i, '')
    .replace(/^["“「]|["”」]$/g, '')
    .trim()
    .slice(0, 300);
}

/** An empty line is malformed, so the fallback provider is asked for one. */
const llmLineSchema = z.object({ line: z.string().trim().min(1) });

/** The customer's next line: the LLM's when it answers usefully, else the script's. */
export async function customerLine(
  w: PracticeWorld,
  a: { llm?: LlmClient; turns: PracticeTurn[]; n: number; log: Log },
): Promise<{ text: string; by: 'llm' | 'script' }> {
  const scripted = () => (a.n === 0 ? scriptedOpening(w) : scriptedReply(w, a.turns.at(-1)?.text ?? '', a.n));
  if (!a.llm) return { text: scripted(), by: 'script' };
  try {
    const args = {
      lang: w.lang,
      persona: { name: w.persona.name[w.lang], traits: w.persona.traits[w.lang] },
      objection: { name: w.objection.name[w.lang], phrasings: phrasingsOf(w) },
      model: { name: modelName(w), priceRange: priceRange(w.model, w.lang) },
      difficulty: w.scenario.difficulty,
      turns: a.turns.map((t) => ({ role: t.role, text: t.text })),
      turnsLeft: Math.max(0, w.totalTurns - a.n),
    };
    const c = await a.llm.structured({
      purpose: 'practice-customer',
      prompt: practiceCustomerPrompt,
      args,
      maxTokens: 200,
      schema: llmLineSchema,
    });
    const text = cleanLine(c.value.line);
    if (text) return { text, by: 'llm' };
    await a.llm.recordOutcome(c.callId, 'rejected');
  } catch (err) {
    a.log.warn({ err: errName(err) }, 'practice customer turn: LLM unavailable, scripted turn');
  }
  return { text: scripted(), by: 'script' };
}

const llmReviewSchema = z.object({
  checks: z
    .array(
      z.object({
        id: z.string(),
        passed: z.boolean(),
        evidence: z.string().nullish(),
        better: z.string().nullish(),
      }),
    )
    .min(1),
});

/** The review of the trainee's lines: the LLM's merged over the rules' (policy floor), or the rules' alone. */
export async function reviewPractice(w: PracticeWorld, a: { llm?: LlmClient; turns: PracticeTurn[]; log: Log }): Promise<Review> {
  const lines = a.turns.filter((t) => t.role === 'trainee').map((t) => t.text);
  const rules = scoreByRules({ lines, objection: w.objection, lang: w.lang, allowed: w.allowed, passMark: w.passMark });
  if (!a.llm) return rules;
  try {
    const sample = w.objection.sample_responses[0]?.[w.lang] ?? '';
    const args = {
      lang: w.lang,
      objection: {
        name: w.objection.name[w.lang],
        approach: w.objection.approach.map((s) => ({ step: s.step, text: s[w.lang] })),
        sample,
        donts: w.objection.donts.map((d) => d[w.lang]),
      },
      promotions: w.promotions.map((p) => `${p.title[w.lang]}: ${p.benefit[w.lang]} (${p.valid_from} – ${p.valid_to})`),
      checks: CHECK_IDS.map((id) => ({ id, meaning: CHECK_NAMES[id].en })),
      turns: a.turns.map((t) => ({ role: t.role, text: t.text })),
    };
    const r = await a.llm.structured({
      purpose: 'practice-score',
      prompt: practiceScorePrompt,
      args,
      maxTokens: 900,
      schema: llmReviewSchema,
    });
    const checks: LlmCheck[] = r.value.checks
      .filter((c): c is typeof c & { id: CheckId } => (CHECK_IDS as readonly string[]).includes(c.id))
      .map((c) => ({ id: c.id, passed: c.passed, evidence: c.evidence ?? undefined, better: c.better ?? undefined }));
    if (!checks.length) {
      await a.llm.recordOutcome(r.callId, 'rejected');
      return rules;
    }
    return mergeReviews(rules, checks, { lines, objection: w.objection, lang: w.lang, passMark: w.passMark });
  } catch (err) {
    a.log.warn({ err: errName(err) }, 'practice score: LLM unavailable, rule-based score');
    return rules;
  }
}

function errName(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
