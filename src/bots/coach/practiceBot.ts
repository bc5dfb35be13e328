// Role-play practice for staff (issue 7): "/practice [objection id, words or scenario]"
// (a command, a typed text on the web staff side, or the 'practice' button) starts a
// scenario; the bot plays the customer for PRACTICE_TURNS trainee replies, kept in the
// staff member's conversation state with a TTL, then scores against the rubric and stores
// a CoachingSession. "/practice history [staff]" and "/practice show <id>" let a trainee
// read their own sessions, a sales manager their team's and a store manager everyone's.
import type { Bot, TurnContext } from '../../core/bot.js';
import { fill, type Bilingual, type TextParams } from '../../core/i18n.js';
import type { LlmClient } from '../../core/llmClient.js';
import type { Lang, OutboundMessage } from '../../core/message.js';
import { localParts } from '../../core/storeTime.js';
import type { Staff } from '../../generated/prisma/client.js';
import { activePromotions, allowedAmounts, CHECK_NAMES, PASS_MARK, type Review } from '../../sales/practiceRubric.js';
import { personaOf, pickScenario, type PracticeScenario } from '../../sales/practiceScenario.js';
import {
  abandonPracticeSession,
  canReadPracticeOf,
  completePracticeSession,
  findStaffByQuery,
  listPracticeSessions,
  loadPracticeSession,
  PRACTICE_TTL_MS,
  readTranscript,
  recordPracticeDenied,
  saveTurns,
  startPracticeSession,
  type PracticeTurn,
  type SessionWithStaff,
  type StoredScenario,
} from '../../sales/practiceSessions.js';
import type { StoreData } from '../../store/seed/loadStoreData.js';
import { customerLine, reviewPractice, type PracticeWorld } from './practiceCustomer.js';
import { PR } from './practiceTexts.js';

export { createPracticeExpiryJob } from './practiceExpiryJob.js';

/** Trainee replies per session before scoring. */
export const PRACTICE_TURNS = 3;

const TEXT_COMMAND = /^\s*\/(?:practice|练习|陪练)(?:\s+([\s\S]*))?$/i;
const STOP_TEXT = /^\s*(结束练习|退出练习|停止练习|stop practice|end practice|quit practice)\s*$/i;
const SUB_HISTORY = /^(history|records?|历史|记录)(?:\s+([\s\S]*))?$/i;
const SUB_SHOW = /^(show|open|查看)\s+(\S+)$/i;
const SUB_STOP = /^(stop|end|quit|cancel|结束|退出|停止|取消)$/i;

interface PracticeState {
  sessionId: string;
  /** trainee replies so far */
  n: number;
  lang: Lang;
}

type StaffCtx = TurnContext & { actor: { kind: 'staff'; staff: Staff } };

export interface PracticeBotDeps {
  data: StoreData;
  llm?: LlmClient;
  /** Trainee replies per session (default PRACTICE_TURNS). */
  turns?: number;
  /**
   * Words → objection id (e.g. the coach's classifyObjection once wired); without it a
   * small local keyword-overlap matcher picks the objection.
   */
  classify?: (words: string) => string | null;
}

export function createPracticeBot(deps: PracticeBotDeps): Bot {
  const totalTurns = deps.turns ?? PRACTICE_TURNS;
  return {
    name: 'practice',
    sides: ['staff'],
    async handle(ctx) {
      if (ctx.actor.kind !== 'staff') return false;
      const c = ctx as StaffCtx;
      const msg = ctx.msg;
      const action = msg.action ?? '';
      if (msg.kind === 'button' && (action === 'practice' || action.startsWith('practice:'))) {
        await onButton(c, deps, totalTurns, action);
        return true;
      }
      const cmd = commandOf(ctx);
      if (cmd !== null) {
        await onCommand(c, deps, totalTurns, cmd);
        return true;
      }
      const state = stateOf(ctx);
      if (!state || msg.kind !== 'text' || !msg.text?.trim()) return false;
      // another bot's command (/customer, /lead…) passes through; the practice waits
      if (/^\s*\//.test(msg.text)) return false;
      if (STOP_TEXT.test(msg.text)) {
        await stop(c, state);
        return true;
      }
      await onTraineeReply(c, deps, totalTurns, state, msg.text.trim());
      return true;
    },
  };
}

// ------------------------------------------------------------------ dispatch

function commandOf(ctx: TurnContext): string | null {
  const msg = ctx.msg;
  if (msg.kind === 'command' && msg.command && /^\/?(practice|练习|陪练)$/i.test(msg.command.name)) return msg.command.args.trim();
  if (msg.kind === 'text' && msg.text) {
    const m = msg.text.match(TEXT_COMMAND);
    if (m) return (m[1] ?? '').trim();
  }
  return null;
}

function stateOf(ctx: TurnContext): PracticeState | null {
  const p = ctx.state.practice as PracticeState | undefined;
  return p && typeof p.sessionId === 'string' && typeof p.n === 'number' ? p : null;
}


async function onCommand(ctx: StaffCtx, deps: PracticeBotDeps, totalTurns: number, args: string) {
  const c = ctx;
  const history = args.match(SUB_HISTORY);
  if (history) return showHistory(c, deps, (history[2] ?? '').trim());
  const show = args.match(SUB_SHOW);
  if (show) return showSession(c, deps, show[2]);
  if (SUB_STOP.test(args)) {
    const state = stateOf(ctx);
    if (!state) return c.reply({ text: c.say(PR.nothingToStop) });
    return stop(c, state);
  }
  return start(c, deps, totalTurns, args);
}

async function onButton(ctx: StaffCtx, deps: PracticeBotDeps, totalTurns: number, action: string) {
  const [, verb, arg] = action.split(':');
  switch (verb) {
    case undefined:
    case 'start':
      return start(ctx, deps, totalTurns, arg ?? '');
    case 'history':
      return showHistory(ctx, deps, arg ?? '');
    case 'show':
      return showSession(ctx, deps, arg ?? '');
    case 'stop': {
      const state = stateOf(ctx);
      return state ? stop(ctx, state) : ctx.reply({ text: ctx.say(PR.nothingToStop) });
    }
    default:
      return start(ctx, deps, totalTurns, '');
  }
}

// ------------------------------------------------------------------ the role-play

function worldOf(deps: PracticeBotDeps, scenario: PracticeScenario, lang: Lang, now: Date, timeZone: string, totalTurns: number): PracticeWorld | null {
  const objection = deps.data.objections.find((o) => o.id === scenario.objectionId);
  const model = deps.data.catalog.models.find((m) => m.id === scenario.modelId) ?? deps.data.catalog.models[0];
  if (!objection || !model) return null;
  const promotions = activePromotions(deps.data.promotions, localParts(now, timeZone).date);
  return { lang, scenario, objection, persona: personaOf(scenario.personaId), model, promotions, allowed: allowedAmounts(promotions), totalTurns };
}

async function start(ctx: StaffCtx, deps: PracticeBotDeps, totalTurns: number, words: string) {
  const previous = stateOf(ctx);
  const replaced = previous ? await abandonPracticeSession(ctx.db, previous.sessionId, ctx.now) : false;
  if (!deps.data.objections.length) return ctx.reply({ text: ctx.say(PR.notFound) });
  const scenario = pickScenario(
    { words, seed: `${ctx.actor.staff.id}:${ctx.now.toISOString()}:${words}` },
    { objections: deps.data.objections, models: deps.data.catalog.models, classify: safeClassify(deps, ctx) },
  );
  const world = worldOf(deps, scenario, ctx.lang, ctx.now, ctx.store.timezone, totalTurns)!;
  const opening = await customerLine(world, { llm: deps.llm, turns: [], n: 0, log: ctx.log });
  const turns: PracticeTurn[] = [{ role: 'customer', text: opening.text, at: ctx.now.toISOString(), by: opening.by }];
  const stored: StoredScenario = { ...scenario, lang: ctx.lang };
  const session = await startPracticeSession(ctx.db, { staffId: ctx.actor.staff.id, scenario: stored, turns, now: ctx.now });
  ctx.setState({ ...ctx.state, practice: { sessionId: session.id, n: 0, lang: ctx.lang } satisfies PracticeState }, PRACTICE_TTL_MS);

  const intro = [
    ...(replaced ? [ctx.say(PR.replaced)] : []),
    ctx.say(PR.intro, {
      objection: world.objection.name[ctx.lang],
      persona: world.persona.name[ctx.lang],
      model: world.model.name[ctx.lang],
      difficulty: ctx.say(PR.difficulty[scenario.difficulty]),
      turns: totalTurns,
      pass: PASS_MARK,
    }),
    ...(deps.llm ? [] : [ctx.say(PR.noLlm)]),
  ].join('\n');
  ctx.reply({ text: intro, buttons: [{ label: ctx.say(PR.stopButton), value: 'practice:stop' }] });
  ctx.reply({ text: `${ctx.say(PR.customer, { text: opening.text })}\n${ctx.say(PR.round, { n: 1, total: totalTurns })}` });
}

/** The injected classifier, never allowed to break a start. */
function safeClassify(deps: PracticeBotDeps, ctx: TurnContext): ((words: string) => string | null) | undefined {
  const classify = deps.classify;
  if (!classify) return undefined;
  return (words) => {
    try {
      return classify(words);
    } catch (err) {
      ctx.log.warn({ err }, 'practice: objection classifier failed, keyword overlap used');
      return null;
    }
  };
}

async function onTraineeReply(ctx: StaffCtx, deps: PracticeBotDeps, totalTurns: number, state: PracticeState, text: string) {
  const c: StaffCtx = state.lang === ctx.lang ? ctx : { ...ctx, lang: state.lang, say: (t: Bilingual, p?: TextParams) => fill(state.lang, t, p) };
  const session = await ctx.db.coachingSession.findFirst({ where: { id: state.sessionId, staffId: ctx.actor.staff.id } });
  const world = session ? worldOf(deps, session.scenario as unknown as StoredScenario, state.lang, session.startedAt, ctx.store.timezone, totalTurns) : null;
  if (!session || session.status !== 'active' || !world) {
    ctx.setState(withoutPractice(ctx));
    return ctx.reply({ text: c.say(PR.expired) });
  }
  const turns = readTranscript(session).turns;
  const n = state.n + 1;
  turns.push({ role: 'trainee', text: text.slice(0, 2000), at: ctx.now.toISOString() });
  const line = await customerLine(world, { llm: deps.llm, turns, n, log: ctx.log });
  turns.push({ role: 'customer', text: line.text, at: ctx.now.toISOString(), by: line.by });

  if (n < totalTurns) {
    if (!(await saveTurns(ctx.db, session.id, turns))) {
      ctx.setState(withoutPractice(ctx));
      return ctx.reply({ text: c.say(PR.expired) });
    }
    ctx.setState({ ...ctx.state, practice: { ...state, n } satisfies PracticeState }, PRACTICE_TTL_MS);
    return ctx.reply({ text: `${c.say(PR.customer, { text: line.text })}\n${c.say(PR.round, { n: n + 1, total: totalTurns })}` });
  }

  const review = await reviewPractice(world, { llm: deps.llm, turns, log: ctx.log });
  const done = await completePracticeSession(ctx.db, session.id, { turns, review, now: ctx.now });
  ctx.setState(withoutPractice(ctx));
  if (!done) return ctx.reply({ text: c.say(PR.expired) });
  c.reply({ text: c.say(PR.customer, { text: line.text }) });
  c.reply({
    text: renderReview(c, review),
    buttons: [
      { label: c.say(PR.again), value: `practice:start:${world.objection.id}` },
      { label: c.say(PR.another), value: 'practice' },
      { label: c.say(PR.history), value: 'practice:history' },
    ],
  });
}

async function stop(ctx: StaffCtx, state: PracticeState) {
  await abandonPracticeSession(ctx.db, state.sessionId, ctx.now);
  ctx.setState(withoutPractice(ctx));
  ctx.reply({ text: ctx.say(PR.stopped) });
}

function withoutPractice(ctx: TurnContext): Record<string, unknown> | null {
  const { practice: _drop, ...rest } = ctx.state;
  return Object.keys(rest).length ? rest : null;
}

function renderReview(ctx: TurnContext, review: Review): string {
  const head = ctx.say(review.passed ? PR.resultPass : PR.resultFail, { score: review.score, pass: PASS_MARK });
  const policyBroken = review.checks.some((x) => x.id === 'policy' && !x.passed);
  const lines = [head + (policyBroken && review.score >= PASS_MARK ? ` ${ctx.say(PR.policyGate)}` : ''), ctx.say(review.scoredBy === 'llm' ? PR.byLlm : PR.byRules)];
  lines.push(...renderChecks(ctx, review));
  return lines.join('\n');
}

function renderChecks(ctx: TurnContext, review: Review): string[] {
  return review.checks.map((x) => {
    const name = ctx.say(CHECK_NAMES[x.id]);
    if (x.passed) return x.evidence ? ctx.say(PR.checkPass, { name, evidence: x.evidence }) : ctx.say(PR.checkPassNoQuote, { name });
    const quote = x.evidence ? ctx.say(PR.failQuote, { evidence: x.evidence }) : '';
    return ctx.say(PR.checkFail, { name, quote, better: x.better ?? '—' });
  });
}

// ------------------------------------------------------------------ reading sessions

const staffLabel = (ctx: TurnContext, s: Pick<Staff, 'nameZh' | 'nameEn'>) => (ctx.lang === 'zh' ? s.nameZh : s.nameEn);

function whenOf(ctx: TurnContext, at: Date): string {
  const p = localParts(at, ctx.store.timezone);
  return `${p.date.slice(5)} ${p.time}`;
}

function resultOf(ctx: TurnContext, s: SessionWithStaff): string {
  if (s.status === 'completed' && s.score !== null) return ctx.say(PR.scoreOf, { score: s.score, mark: s.passed ? '✅' : '❌' });
  return ctx.say(s.status === 'active' ? PR.running : PR.incomplete);
}

function objectionName(ctx: TurnContext, deps: PracticeBotDeps, s: SessionWithStaff): string {
  const id = (s.scenario as unknown as StoredScenario | null)?.objectionId ?? '';
  return deps.data.objections.find((o) => o.id === id)?.name[ctx.lang] ?? id;
}

async function showHistory(ctx: StaffCtx, deps: PracticeBotDeps, who: string) {
  const viewer = ctx.actor.staff;
  let target: Staff | null = null;
  if (who) {
    target = await findStaffByQuery(ctx.db, viewer.storeId, who);
    if (!target) return ctx.reply({ text: ctx.say(PR.noStaff, { q: who.slice(0, 20) }) });
    if (!canReadPracticeOf(viewer, target)) {
      await recordPracticeDenied(ctx.db, viewer, target.id, ctx.now);
      return ctx.reply({ text: ctx.say(PR.denied) });
    }
  }
  const sessions = await listPracticeSessions(ctx.db, viewer, { staffId: target?.id, take: 10 });
  if (!sessions.length) return ctx.reply({ text: ctx.say(PR.historyEmpty) });
  const whoLabel = target ? staffLabel(ctx, target) : viewer.role === 'sales_consultant' || viewer.role === 'dcc_agent' ? staffLabel(ctx, viewer) : ctx.say(PR.historyAll);
  const rows = sessions.map((s, i) =>
    ctx.say(PR.historyRow, { n: i + 1, when: whenOf(ctx, s.startedAt), name: staffLabel(ctx, s.staff), objection: objectionName(ctx, deps, s), result: resultOf(ctx, s) }),
  );
  ctx.reply({
    text: [ctx.say(PR.historyTitle, { who: whoLabel }), ...rows].join('\n'),
    buttons: sessions.slice(0, 5).map((s, i) => ({ label: ctx.say(PR.open, { n: i + 1 }), value: `practice:show:${s.id}` })),
  });
}

async function showSession(ctx: StaffCtx, deps: PracticeBotDeps, id: string) {
  const s = await loadPracticeSession(ctx.db, ctx.actor.staff, id, ctx.now);
  if (s === 'denied') return ctx.reply({ text: ctx.say(PR.denied) });
  if (!s) return ctx.reply({ text: ctx.say(PR.notFound) });
  const sc = s.scenario as unknown as StoredScenario | null;
  const model = deps.data.catalog.models.find((m) => m.id === sc?.modelId);
  const t = readTranscript(s);
  const lines = [
    ctx.say(PR.sessionTitle, {
      when: whenOf(ctx, s.startedAt),
      name: staffLabel(ctx, s.staff),
      objection: objectionName(ctx, deps, s),
      persona: sc ? personaOf(sc.personaId).name[ctx.lang] : '—',
      model: model?.name[ctx.lang] ?? sc?.modelId ?? '—',
      difficulty: sc ? ctx.say(PR.difficulty[sc.difficulty] ?? PR.difficulty.normal) : '—',
      result: resultOf(ctx, s),
    }),
    '',
    ...t.turns.map((turn) => ctx.say(turn.role === 'customer' ? PR.customer : PR.traineeLine, { text: turn.text })),
  ];
  if (t.review) lines.push('', ctx.say(PR.checksTitle), ...renderChecks(ctx, t.review));
  ctx.reply({ text: lines.join('\n') });
}
