// Reading past role-plays: "/practice history [staff]" lists the last sessions (with a
// button to open each) and "/practice show <id>" one session's transcript and checks. A
// trainee reads their own, a sales manager their team's, a store manager everyone's; a
// refused look at someone else's is recorded.
import type { TurnContext } from '../../core/bot.js';
import { actionValue, type StaffTurn } from '../../core/turnRoutes.js';
import { localParts } from '../../infra/storeTime.js';
import type { Staff } from '../../generated/prisma/client.js';
import { personaOf } from '../../sales/practice/practiceScenario.js';
import {
  canReadPracticeOf,
  findStaffByQuery,
  listPracticeSessions,
  loadPracticeSession,
  readTranscript,
  recordPracticeDenied,
  type SessionWithStaff,
  type StoredScenario,
} from '../../sales/practice/practiceSessions.js';
import { PRACTICE_ACTION } from './practiceActions.js';
import type { PracticeBotDeps } from './practiceDeps.js';
import { PR } from './practiceTexts.js';
import { renderPracticeChecks } from './renderPracticeReview.js';

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

export async function showPracticeHistory(ctx: StaffTurn, deps: PracticeBotDeps, who: string) {
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
  const whoLabel = target
    ? staffLabel(ctx, target)
    : viewer.role === 'sales_consultant' || viewer.role === 'dcc_agent'
      ? staffLabel(ctx, viewer)
      : ctx.say(PR.historyAll);
  const rows = sessions.map((s, i) =>
    ctx.say(PR.historyRow, {
      n: i + 1,
      when: whenOf(ctx, s.startedAt),
      name: staffLabel(ctx, s.staff),
      objection: objectionName(ctx, deps, s),
      result: resultOf(ctx, s),
    }),
  );
  ctx.reply({
    text: [ctx.say(PR.historyTitle, { who: whoLabel }), ...rows].join('\n'),
    buttons: sessions.slice(0, 5).map((s, i) => ({ label: ctx.say(PR.open, { n: i + 1 }), value: actionValue(PRACTICE_ACTION.show, { sessionId: s.id }) })),
  });
}

export async function showPracticeSession(ctx: StaffTurn, deps: PracticeBotDeps, id: string) {
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
  if (t.review) lines.push('', ctx.say(PR.checksTitle), ...renderPracticeChecks(ctx, t.review));
  ctx.reply({ text: lines.join('\n') });
}
