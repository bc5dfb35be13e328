// The coach's answer to "the customer said …": which objection(s) it is, the approach in
// steps, a ready-to-say answer in the customer's language, today's offers for the model
// in question (upcoming ones labelled, expired ones never), and the don'ts. Without an
// LLM the ready-to-say answer is the playbook's sample for that model, less any sentence
// quoting an offer not running today; with one, the model words it (coachAnswerPrompt)
// and checkCoachAnswer decides whether it may be used, else the playbook answer stands.
// The returned object is what `dealerbot coach --json` prints.
import { z } from 'zod';
import { detectLang } from '../../core/detectLang.js';
import { fill } from '../../core/i18n.js';
import { LlmUnavailableError, type LlmClient, type StructuredCompletion } from '../../llm/llmClient.js';
import type { Logger } from '../../infra/logger.js';
import type { Lang } from '../../core/message.js';
import { normalizeText } from '../../understanding/nlu/normalizeText.js';
import { maskName } from '../../sales/privacy/maskPersonalData.js';
import { coachAnswerPrompt } from '../../prompts/coachAnswer.js';
import type { ObjectionData, PromotionData, StoreData } from '../../storeData/storeDataSchema.js';
import { formatLocalDate } from '../../core/formatLocalDate.js';
import type { ObjectionIndex } from './buildObjectionIndex.js';
import { checkCoachAnswer, dropInactiveOffers } from './checkCoachAnswer.js';
import { classifyObjection } from './classifyObjection.js';
import { catalogueTexts, groundingSources, policyTexts, promotionsFor, promotionTexts, todayInStore } from './coachFacts.js';
import { COACH, INTERACTION_LABELS, STEP_LABELS } from './coachTexts.js';
import type { CustomerBrief, CustomerLookup } from './findNamedCustomer.js';

interface CoachPromotion {
  id: string;
  status: 'active' | 'upcoming';
  title: string;
  benefit: string;
  validFrom: string;
  validTo: string;
}

export interface CoachResult {
  /** playbook ids, best first; empty when the text is no objection the playbook knows */
  objectionIds: string[];
  /** the ready-to-say answer (or, when empty, what the coach can help with) */
  answer: string;
  lang: Lang;
  confidence: number;
  /** objection names, in objectionIds order */
  names: string[];
  /** the first objection's approach, "Label: text" per step */
  steps: string[];
  donts: string[];
  promotions: CoachPromotion[];
  /** the customer named, when found and visible to the staff member */
  customer?: { id: string; grade: string; intendedModelId: string | null; lastInteractions: { type: string; date: string; modelId: string | null }[] };
  /** catalogue models the answer is about (named in the text, else the customer's intended model) */
  modelIds: string[];
  usedLlm: boolean;
  llmOutcome: 'ok' | 'no_llm' | 'rejected' | 'timeout' | 'error' | 'skipped';
  /** the whole coaching message as chat shows it */
  text: string;
}

interface CoachDeps {
  ix: ObjectionIndex;
  data: StoreData;
  llm?: LlmClient;
  log: Logger;
}

interface CoachRequest {
  /** what the customer said (prefixes such as "客户说" are fine) */
  text: string;
  now: Date;
  lang?: Lang;
  /** the outcome of looking up a customer the text named, if it named one */
  customer?: CustomerLookup;
}

const COMMAND = /^\s*\/?(?:coach|教练)(?=\s|$)\s*/i;
const MENTION = /^\s*@[^\s@:：,，]{2,20}\s*[:：,，]?\s*/u;
const PREFIX =
  /^\s*(?:(?:客户|顾客|客人)(?:\p{Script=Han}{2,4}?(?:先生|女士|小姐)?)?(?:说|讲|表示)|客户[:：]|(?:the )?(?:customer|client)(?: [A-Z][a-z]+(?: [A-Z][a-z]+)?)? (?:says?|said)|(?:the )?customer[:：])\s*[:：,，]?\s*/iu;
const MAX_ANSWER_TOKENS = 500;
const llmAnswerSchema = z.object({ answer: z.string().min(1) });

/** The customer's words without the staff member's "客户说" / "customer says". */
export function stripCoachPrefix(text: string): string {
  return text.replace(COMMAND, '').replace(MENTION, '').replace(PREFIX, '').trim();
}

export async function answerObjection(req: CoachRequest, deps: CoachDeps): Promise<CoachResult> {
  const { data, ix } = deps;
  const words = stripCoachPrefix(req.text);
  const lang = req.lang ?? detectLang(words || req.text, 'zh');
  const match = classifyObjection(words, ix, { lang });
  const found = req.customer?.status === 'found' ? req.customer.customer : undefined;
  const modelIds = match.modelIds.length ? match.modelIds : found?.intendedModelId ? [found.intendedModelId] : [];
  const promos = promotionsFor(data, req.now, modelIds);
  const promotions = [...promos.active.map((p) => toCoachPromotion(p, 'active', lang)), ...promos.upcoming.map((p) => toCoachPromotion(p, 'upcoming', lang))];
  const customer = found && {
    id: found.id,
    grade: found.grade,
    intendedModelId: found.intendedModelId,
    lastInteractions: found.lastInteractions.map((i) => ({ type: i.type, date: todayInStore(data, i.at), modelId: i.modelId })),
  };

  if (match.ids.length === 0) {
    const help = fill(lang, COACH.help);
    const text = words ? `${fill(lang, COACH.notObjection)}\n${help}` : help;
    return {
      objectionIds: [],
      answer: text,
      lang,
      confidence: match.confidence,
      names: [],
      steps: [],
      donts: [],
      promotions: [],
      customer,
      modelIds,
      usedLlm: false,
      llmOutcome: 'skipped',
      text,
    };
  }

  const objections = match.ids.map((id) => ix.objections.get(id)!);
  const first = objections[0];
  const steps = first.approach.map((s) => `${STEP_LABELS[s.step] ? fill(lang, STEP_LABELS[s.step]) : s.step}${lang === 'zh' ? '：' : ': '}${s[lang]}`);
  const donts = first.donts.map((d) => d[lang]);
  const sources = groundingSources(data, promos.active);
  const inactive = data.promotions.filter((p) => !promos.active.includes(p));
  const sample = pickSample(first, modelIds, ix);
  let playbook = dropInactiveOffers(sample[lang], { lang, sources, inactiveSources: promotionTexts(inactive) });
  if (!playbook) playbook = first.approach.find((s) => s.step === 'clarify')?.[lang] ?? first.name[lang];
  const greeting = found ? salutation(found, lang) : '';
  const playbookAnswer = greeting + playbook;

  let answer = playbookAnswer;
  let usedLlm = false;
  let llmOutcome: CoachResult['llmOutcome'] = 'no_llm';
  if (deps.llm) {
    const generated = await generateAnswer(deps.llm, deps.log, {
      words,
      lang,
      objection: first,
      steps,
      donts,
      sample: playbook,
      customer: found && describeCustomer(found, data, lang),
      activeOffers: promos.active.map((p) => `${p.title[lang]}: ${p.benefit[lang]} (${p.valid_from} – ${p.valid_to})`),
      facts: [...catalogueTexts(data), ...policyTexts(data).filter((t) => detectLang(t, lang) === lang)],
      sources: [...sources, playbookAnswer, greeting],
    });
    llmOutcome = generated.outcome;
    if (generated.text) {
      answer = generated.text;
      usedLlm = true;
    }
  }

  const names = objections.map((o) => o.name[lang]);
  const text = render({
    lang,
    objections,
    steps,
    donts,
    answer,
    situation: sample.situation[lang],
    promos: { active: promos.active, upcoming: promos.upcoming },
    modelIds,
    data,
    customer: found,
    lookup: req.customer,
  });
  return {
    objectionIds: match.ids,
    answer,
    lang,
    confidence: match.confidence,
    names,
    steps,
    donts,
    promotions,
    customer,
    modelIds,
    usedLlm,
    llmOutcome,
    text,
  };
}

interface GenerateArgs {
  words: string;
  lang: Lang;
  objection: ObjectionData;
  steps: string[];
  donts: string[];
  sample: string;
  customer?: string;
  activeOffers: string[];
  facts: string[];
  sources: string[];
}

async function generateAnswer(llm: LlmClient, log: Logger, a: GenerateArgs): Promise<{ text?: string; outcome: CoachResult['llmOutcome'] }> {
  let completion: StructuredCompletion<{ answer: string }>;
  try {
    completion = await llm.structured({
      purpose: 'coach',
      prompt: coachAnswerPrompt,
      args: {
        customerText: a.words,
        lang: a.lang,
        objection: { id: a.objection.id, name: a.objection.name[a.lang], steps: a.steps, donts: a.donts, sample: a.sample },
        customer: a.customer,
        activeOffers: a.activeOffers,
        facts: a.facts,
      },
      maxTokens: MAX_ANSWER_TOKENS,
      schema: llmAnswerSchema,
    });
  } catch (err) {
    if (!(err instanceof LlmUnavailableError)) log.error({ err }, 'coach answer: unexpected LLM failure');
    return {
      outcome:
        err instanceof LlmUnavailableError && err.reason === 'timeout'
          ? 'timeout'
          : err instanceof LlmUnavailableError && err.reason === 'malformed'
            ? 'rejected'
            : 'error',
    };
  }
  const text = completion.value.answer.trim();
  const check = checkCoachAnswer(text, { lang: a.lang, sources: a.sources });
  if (!check.ok) {
    log.info({ problems: check.problems }, 'coach answer: model answer rejected, using the playbook answer');
    await llm.recordOutcome(completion.callId, 'rejected');
    return { outcome: 'rejected' };
  }
  return { text, outcome: 'ok' };
}

/** The sample written for the model in question, else the playbook's first. */
function pickSample(o: ObjectionData, modelIds: readonly string[], ix: ObjectionIndex): ObjectionData['sample_responses'][number] {
  const samples = o.sample_responses;
  if (samples.length === 0) return { situation: o.name, zh: o.approach[0]?.zh ?? o.name.zh, en: o.approach[0]?.en ?? o.name.en };
  if (modelIds.length) {
    const fits = samples.find((s) => ix.matchModels(normalizeText(`${s.situation.zh} ${s.zh}`)).modelIds.some((id) => modelIds.includes(id)));
    if (fits) return fits;
  }
  return samples[0];
}

/** 王先生， / Ms Li, — only when the name and gender are known. */
function salutation(c: CustomerBrief, lang: Lang): string {
  const name = c.name?.trim();
  if (!name || (c.gender !== 'male' && c.gender !== 'female')) return '';
  if (/^\p{Script=Han}{2,4}$/u.test(name)) {
    return lang === 'zh' ? `${name[0]}${c.gender === 'male' ? '先生' : '女士'}，` : '';
  }
  const surname = name.split(/\s+/).at(-1);
  return lang === 'en' && surname ? `${c.gender === 'male' ? 'Mr' : 'Ms'} ${surname}, ` : '';
}

function modelLabel(data: StoreData, id: string | null, lang: Lang): string {
  if (!id) return '—';
  return data.catalog.models.find((m) => m.id === id)?.name[lang] ?? id;
}

function describeCustomer(c: CustomerBrief, data: StoreData, lang: Lang): string {
  const items = c.lastInteractions.map(
    (i) =>
      `${formatLocalDate(todayInStore(data, i.at), lang)} ${INTERACTION_LABELS[i.type] ? fill(lang, INTERACTION_LABELS[i.type]) : i.type}${i.modelId ? ` ${modelLabel(data, i.modelId, lang)}` : ''}`,
  );
  const recent = items.length ? fill(lang, COACH.recent, { items: items.join(lang === 'zh' ? '；' : '; ') }) : '';
  // masked as in the CRM's cards: the line may reach a chat log or an LLM
  const maskedName = maskName(c.name);
  return fill(lang, COACH.customer, { name: maskedName, model: modelLabel(data, c.intendedModelId, lang), grade: c.grade, recent });
}

function toCoachPromotion(p: PromotionData, status: CoachPromotion['status'], lang: Lang): CoachPromotion {
  return { id: p.id, status, title: p.title[lang], benefit: p.benefit[lang], validFrom: p.valid_from, validTo: p.valid_to };
}

interface RenderArgs {
  lang: Lang;
  objections: ObjectionData[];
  steps: string[];
  donts: string[];
  answer: string;
  situation: string;
  promos: { active: PromotionData[]; upcoming: PromotionData[] };
  modelIds: string[];
  data: StoreData;
  customer?: CustomerBrief;
  lookup?: CustomerLookup;
}

function render(a: RenderArgs): string {
  const { lang } = a;
  const sep = lang === 'zh' ? '、' : ', ';
  const lines: string[] = [];
  const [first, ...others] = a.objections;
  lines.push(
    fill(lang, COACH.type, { names: `${first.name[lang]}` }) +
      (others.length ? fill(lang, COACH.alsoPossible, { names: others.map((o) => o.name[lang]).join(sep) }) : ''),
  );
  if (a.customer) lines.push(describeCustomer(a.customer, a.data, lang));
  else if (a.lookup && a.lookup.status !== 'found' && a.lookup.ref.explicit)
    lines.push(fill(lang, a.lookup.status === 'ambiguous' ? COACH.customerAmbiguous : COACH.customerNotFound, { ref: a.lookup.ref.value }));
  lines.push('', fill(lang, COACH.steps), ...a.steps.map((s, i) => `${i + 1}. ${s}`));
  lines.push('', fill(lang, COACH.say), lang === 'zh' ? `「${a.answer}」` : `"${a.answer}"`);
  const models = a.modelIds.length ? a.modelIds.map((id) => modelLabel(a.data, id, lang)).join(sep) : lang === 'zh' ? '全店' : 'all models';
  const scope = lang === 'zh' ? `（${models}）` : ` (${models})`;
  lines.push('');
  if (a.promos.active.length) {
    lines.push(fill(lang, COACH.offers, { scope }));
    for (const p of a.promos.active)
      lines.push(
        lang === 'zh'
          ? `· ${p.title.zh}：${p.benefit.zh}（截至 ${formatLocalDate(p.valid_to, lang)}）`
          : `· ${p.title.en}: ${p.benefit.en} (until ${formatLocalDate(p.valid_to, lang)})`,
      );
  } else {
    lines.push(fill(lang, COACH.noOffers, { scope }));
  }
  if (a.promos.upcoming.length) {
    lines.push(fill(lang, COACH.upcoming));
    for (const p of a.promos.upcoming)
      lines.push(
        lang === 'zh'
          ? `· ${p.title.zh}（${formatLocalDate(p.valid_from, lang)} 起）：${p.benefit.zh}`
          : `· ${p.title.en} (from ${formatLocalDate(p.valid_from, lang)}): ${p.benefit.en}`,
      );
  }
  lines.push('', fill(lang, COACH.donts), ...a.donts.map((d) => `· ${d}`));
  return lines.join('\n');
}
