// Role-play practice for staff (issue 7): "/practice [objection id, words or scenario]"
// (a command, a typed text on the web staff side, or the 'practice' button) starts a
// scenario; the bot plays the customer for PRACTICE_TURNS trainee replies, kept in the
// staff member's conversation state with a TTL, then scores against the rubric and stores
// a CoachingSession. "/practice history [staff]" and "/practice show <id>" let a trainee
// read their own sessions, a sales manager their team's and a store manager everyone's.
import type { Bot, TurnContext } from '../../core/bot.js';
import { action, actionValue, command, isStaffTurn, staffBot, type StaffTurn } from '../../core/turnRoutes.js';
import { fill, type Bilingual, type TextParams } from '../../core/i18n.js';
import { stateSlot } from '../../core/stateSlot.js';
import type { LlmClient } from '../../llm/llmClient.js';
import type { Lang, OutboundMessage } from '../../core/message.js';
import { localParts } from '../../infra/storeTime.js';
import type { CoachingSession, Staff } from '../../generated/prisma/client.js';
import { activePromotions, allowedAmounts, CHECK_NAMES, PASS_MARK, type Review } from '../../sales/practice/practiceRubric.js';
import { personaOf, pickScenario, type PracticeScenario } from '../../sales/practice/practiceScenario.js';
import {
  abandonActivePractice,
  abandonPracticeSession,
  canReadPracticeOf,
  completePracticeSession,
  findActivePractice,
  findPracticeByThread,
  findStaffByQuery,
  listPracticeSessions,
  loadPracticeSession,
  PRACTICE_TTL_MS,
  readTranscript,
  recordPracticeDenied,
  saveTurns,
  setPracticeThread,
  startPracticeSession,
  type PracticeTurn,
  type SessionWithStaff,
  type StoredScenario,
} from '../../sales/practice/practiceSessions.js';
import type { StoreData } from '../../storeData/storeDataSchema.js';
import { customerLine, reviewPractice, type PracticeWorld } from './practiceCustomer.js';
import { createPracticeExpiryJob } from './practiceExpiryJob.js';
import { PR } from './practiceTexts.js';

export { createPracticeExpiryJob } from './practiceExpiryJob.js';

/** Trainee replies per session before scoring. */
export const PRACTICE_TURNS = 3;

const COMMAND_NAMES = ['practice', '练习', '陪练'];
const STOP_TEXT = /^\s*(结束练习|退出练习|停止练习|stop practice|end practice|quit practice)\s*$/i;
const SUB_HISTORY = /^(history|records?|历史|记录)(?:\s+([\s\S]*))?$/i;
const SUB_SHOW = /^(show|open|查看)\s+(\S+)$/i;
const SUB_STOP = /^(stop|end|quit|cancel|结束|退出|停止|取消)$/i;

/** The practice buttons: the bot reads and builds their values from these patterns. */
const PRACTICE_ACTION = {
  start: 'practice:start:{objectionId?}',
  history: 'practice:history:{who?}',
  show: 'practice:show:{sessionId?}',
  stop: 'practice:stop:{sessionId?}',
  /** the bare 'practice' (another scenario); an unknown verb starts one too */
  another: 'practice:{verb?}',
  /** any other practice value, which has always started a new role-play */
  other: 'practice:{verb*}',
} as const;

/** The chat's pointer at its running role-play; the session row holds everything else. */
interface PracticeState {
  sessionId: string;
}
/** Key and shape as before the slot, so role-plays running across a deploy carry on. */
const practiceSlot = stateSlot<PracticeState>('practice');

export interface PracticeBotDeps {
  data: StoreData;
  llm?: LlmClient;
  /** Trainee replies per session (default: sales-rules.yaml practice.turns). */
  turns?: number;
  /**
   * Words → objection id (e.g. the coach's classifyObjection once wired); without it a
   * small local keyword-overlap matcher picks the objection.
   */
  classify?: (words: string) => string | null;
}

export function createPracticeBot(deps: PracticeBotDeps): Bot {
  const totalTurns = deps.turns ?? deps.data.salesRules?.practice.turns ?? PRACTICE_TURNS;
  const routes = staffBot({
    name: 'practice',
    jobs: (env) => [createPracticeExpiryJob(env.db)],
    routes: [
      action(PRACTICE_ACTION.start, (ctx, p) => start(ctx, deps, totalTurns, p.objectionId ?? '')),
      action(PRACTICE_ACTION.history, (ctx, p) => showHistory(ctx, deps, p.who ?? '')),
      action(PRACTICE_ACTION.show, (ctx, p) => showSession(ctx, deps, p.sessionId ?? '')),
      action(PRACTICE_ACTION.stop, (ctx, p) => stop(ctx, p.sessionId)),
      action(PRACTICE_ACTION.another, (ctx) => start(ctx, deps, totalTurns, '')),
      action(PRACTICE_ACTION.other, (ctx) => start(ctx, deps, totalTurns, '')),
      command(COMMAND_NAMES, (ctx, args) => onCommand(ctx, deps, totalTurns, args)),
    ],
  });
  return {
    ...routes,
    // whether a text is a trainee's reply takes reading their session, so it is tried after the routes
    handle: async (ctx) => (await routes.handle(ctx)) || (isStaffTurn(ctx) ? onText(ctx, deps, totalTurns) : false),
  };
}

// ------------------------------------------------------------------ dispatch

/** A text in a running role-play: the trainee's reply, or their "stop practice". */
async function onText(ctx: StaffTurn, deps: PracticeBotDeps, totalTurns: number): Promise<boolean> {
  const said = ctx.msg.kind === 'text' ? ctx.msg.text : undefined;
  if (!said?.trim()) return false;
  // another bot's command (/customer, /lead…) passes through; the practice waits
  if (/^\s*\//.test(said)) return false;
  const session = await currentSession(ctx);
  if (!session) return false;
  if (session.status !== 'active') return onEnded(ctx, session);
  if (STOP_TEXT.test(said)) {
    await stop(ctx, session.id);
    return true;
  }
  await onTraineeReply(ctx, deps, totalTurns, session, said.trim());
  return true;
}

/**
 * The role-play this text answers: the one whose thread it was written in (Slack), or the
 * one the chat's state points at (the web chat, or a Slack DM outside the thread). A
 * thread that is not a role-play's is left to the other bots.
 */
async function currentSession(ctx: StaffTurn): Promise<CoachingSession | null> {
  if (ctx.msg.threadKey) return findPracticeByThread(ctx.db, ctx.actor.staff.id, ctx.msg.threadKey);
  const id = practiceSlot.get(ctx)?.sessionId;
  if (typeof id !== 'string') return null;
  return ctx.db.coachingSession.findFirst({ where: { id, staffId: ctx.actor.staff.id } });
}

/**
 * A text for a role-play that is over. In its thread, or after it ran out of time, the
 * trainee hears so; a finished one the chat still pointed at lets the text pass on.
 */
async function onEnded(ctx: StaffTurn, session: CoachingSession): Promise<boolean> {
  const inThread = !!ctx.msg.threadKey;
  if (!inThread) practiceSlot.clear(ctx);
  if (session.status === 'completed' && !inThread) return false;
  const c = inLangOf(ctx, session);
  if (session.status === 'completed') ctx.reply({ text: c.say(PR.finished, { score: session.score ?? 0 }), buttons: againButtons(c, session) });
  else ctx.reply({ text: c.say(PR.expired) });
  return true;
}

async function onCommand(ctx: StaffTurn, deps: PracticeBotDeps, totalTurns: number, args: string) {
  const history = args.match(SUB_HISTORY);
  if (history) return showHistory(ctx, deps, (history[2] ?? '').trim());
  const show = args.match(SUB_SHOW);
  if (show) return showSession(ctx, deps, show[2]);
  if (SUB_STOP.test(args)) return stop(ctx);
  return start(ctx, deps, totalTurns, args);
}

// ------------------------------------------------------------------ the role-play

function worldOf(deps: PracticeBotDeps, scenario: PracticeScenario, lang: Lang, now: Date, timeZone: string, totalTurns: number): PracticeWorld | null {
  const objection = deps.data.objections.find((o) => o.id === scenario.objectionId);
  const model = deps.data.catalog.models.find((m) => m.id === scenario.modelId) ?? deps.data.catalog.models[0];
  if (!objection || !model) return null;
  // only the offers on this model are within policy here: another model's discount is not
  const promotions = activePromotions(deps.data.promotions, localParts(now, timeZone).date).filter((p) => p.model_ids.includes(model.id));
  return { lang, scenario, objection, persona: personaOf(scenario.personaId), model, promotions, allowed: allowedAmounts(promotions), totalTurns, passMark: passMarkOf(deps) };
}

async function start(ctx: StaffTurn, deps: PracticeBotDeps, totalTurns: number, words: string) {
  // one role-play at a time, wherever the last one was started
  const replaced = (await abandonActivePractice(ctx.db, ctx.actor.staff.id, ctx.now)) > 0;
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
  // the chat points at it too: the web chat has no threads, and a Slack trainee may answer outside the thread
  practiceSlot.set(ctx, { sessionId: session.id }, PRACTICE_TTL_MS);

  const intro = [
    ...(replaced ? [ctx.say(PR.replaced)] : []),
    ctx.say(PR.intro, {
      objection: world.objection.name[ctx.lang],
      persona: world.persona.name[ctx.lang],
      model: world.model.name[ctx.lang],
      difficulty: ctx.say(PR.difficulty[scenario.difficulty]),
      turns: totalTurns,
      pass: passMarkOf(deps),
    }),
    ...(ctx.msg.threads ? [ctx.say(PR.inThread)] : []),
    ...(deps.llm ? [] : [ctx.say(PR.noLlm)]),
  ].join('\n');
  // the intro is the thread's root: the customer's lines, the trainee's and the score go under it
  const root = ctx.reply({ text: intro, buttons: [{ label: ctx.say(PR.stopButton), value: actionValue(PRACTICE_ACTION.stop, { sessionId: session.id }) }] });
  await setPracticeThread(ctx.db, session.id, root);
  ctx.reply({ text: `${ctx.say(PR.customer, { text: opening.text })}\n${ctx.say(PR.round, { n: 1, total: totalTurns })}`, thread: root });
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

/** The turn's context in the session's language (the role-play keeps the language it started in). */
function inLangOf(ctx: StaffTurn, session: CoachingSession): StaffTurn {
  const lang = (session.scenario as unknown as StoredScenario | null)?.lang ?? ctx.lang;
  return lang === ctx.lang ? ctx : { ...ctx, lang, say: (t: Bilingual, p?: TextParams) => fill(lang, t, p) };
}

async function onTraineeReply(ctx: StaffTurn, deps: PracticeBotDeps, totalTurns: number, session: CoachingSession, text: string) {
  const c = inLangOf(ctx, session);
  const world = worldOf(deps, session.scenario as unknown as StoredScenario, c.lang, session.startedAt, ctx.store.timezone, totalTurns);
  const thread = session.threadKey ?? undefined;
  const say = (m: OutboundMessage) => ctx.reply({ ...m, ...(thread ? { thread } : {}) });
  if (!world) {
    await abandonPracticeSession(ctx.db, session.id, ctx.now);
    return expired(ctx, c);
  }
  // answered outside the role-play's thread: the answer goes in the thread, and a line here says so
  if (ctx.msg.threads && thread && !ctx.msg.threadKey) ctx.reply({ text: c.say(PR.answeredInThread) });
  const turns = readTranscript(session).turns;
  turns.push({ role: 'trainee', text: text.slice(0, 2000), at: ctx.now.toISOString() });
  const n = turns.filter((t) => t.role === 'trainee').length;

  if (n < totalTurns) {
    const line = await customerLine(world, { llm: deps.llm, turns, n, log: ctx.log });
    turns.push({ role: 'customer', text: line.text, at: ctx.now.toISOString(), by: line.by });
    if (!(await saveTurns(ctx.db, session.id, turns))) return expired(ctx, c);
    if (!ctx.msg.threadKey) practiceSlot.set(ctx, { sessionId: session.id }, PRACTICE_TTL_MS);
    return say({ text: `${c.say(PR.customer, { text: line.text })}\n${c.say(PR.round, { n: n + 1, total: totalTurns })}` });
  }

  // the customer's last word and the score are independent: wait for both at once, so the
  // last turn is bounded by one LLM timeout, not two
  const scored = turns.slice();
  const [line, review] = await Promise.all([customerLine(world, { llm: deps.llm, turns, n, log: ctx.log }), reviewPractice(world, { llm: deps.llm, turns: scored, log: ctx.log })]);
  turns.push({ role: 'customer', text: line.text, at: ctx.now.toISOString(), by: line.by });
  const done = await completePracticeSession(ctx.db, session.id, { turns, review, now: ctx.now });
  if (!ctx.msg.threadKey) practiceSlot.clear(ctx);
  if (!done) return expired(ctx, c);
  say({ text: c.say(PR.customer, { text: line.text }) });
  say({ text: renderReview(c, review, world.passMark), buttons: againButtons(c, session) });
}

function againButtons(ctx: TurnContext, session: CoachingSession) {
  const objectionId = (session.scenario as unknown as StoredScenario | null)?.objectionId ?? '';
  return [
    { label: ctx.say(PR.again), value: actionValue(PRACTICE_ACTION.start, { objectionId }) },
    { label: ctx.say(PR.another), value: actionValue(PRACTICE_ACTION.another, {}) },
    { label: ctx.say(PR.history), value: actionValue(PRACTICE_ACTION.history, {}) },
  ];
}

function expired(ctx: StaffTurn, c: StaffTurn) {
  if (!ctx.msg.threadKey) practiceSlot.clear(ctx);
  ctx.reply({ text: c.say(PR.expired) });
}

/** Ends the named role-play, or the staff member's running one, as incomplete. */
async function stop(ctx: StaffTurn, sessionId?: string) {
  const session = sessionId
    ? await ctx.db.coachingSession.findFirst({ where: { id: sessionId, staffId: ctx.actor.staff.id, status: 'active' } })
    : await findActivePractice(ctx.db, ctx.actor.staff.id);
  if (!session || !(await abandonPracticeSession(ctx.db, session.id, ctx.now))) {
    practiceSlot.clear(ctx);
    return ctx.reply({ text: ctx.say(PR.nothingToStop) });
  }
  if (!ctx.msg.threadKey) practiceSlot.clear(ctx);
  const c = inLangOf(ctx, session);
  ctx.reply({ text: c.say(PR.stopped) });
}

/** The store's pass mark (sales-rules.yaml practice.passMark), 80 by default. */
function passMarkOf(deps: PracticeBotDeps): number {
  return deps.data.salesRules?.practice.passMark ?? PASS_MARK;
}

function renderReview(ctx: TurnContext, review: Review, passMark: number): string {
  const head = ctx.say(review.passed ? PR.resultPass : PR.resultFail, { score: review.score, pass: passMark });
  const policyBroken = review.checks.some((x) => x.id === 'policy' && !x.passed);
  const lines = [head + (policyBroken && review.score >= passMark ? ` ${ctx.say(PR.policyGate)}` : ''), ctx.say(review.scoredBy === 'llm' ? PR.byLlm : PR.byRules)];
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

async function showHistory(ctx: StaffTurn, deps: PracticeBotDeps, who: string) {
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
    buttons: sessions.slice(0, 5).map((s, i) => ({ label: ctx.say(PR.open, { n: i + 1 }), value: actionValue(PRACTICE_ACTION.show, { sessionId: s.id }) })),
  });
}

async function showSession(ctx: StaffTurn, deps: PracticeBotDeps, id: string) {
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
