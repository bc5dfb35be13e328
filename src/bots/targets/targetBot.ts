// Managers set monthly targets in chat (目标设定): `target` / `/target` opens a form
// (month, metric, level, who, value, split down yes/no). A sales manager sets their own
// team's and its consultants' targets; the store manager any. A submission is checked
// (errors keep the form open), stored append-only, optionally split down by weights, and
// confirmed with the split.
import type { Bot } from '../../core/bot.js';
import { command, form, staffBot, text, type Route, type StaffTurn } from '../../core/turnRoutes.js';
import { localParts } from '../../infra/storeTime.js';
import type { Form, OutboundMessage } from '../../core/message.js';
import type { Staff } from '../../generated/prisma/client.js';
import { TARGET_METRICS, type TargetMetric } from '../../sales/board/boardTypes.js';
import {
  decomposeTarget,
  isTargetMetric,
  isTargetScope,
  latestTargets,
  parseTargetValue,
  saveDecomposition,
  setTarget,
  targetKey,
  targetWeightsOf,
  type Decomposition,
  type TargetScope,
} from '../../sales/board/targets.js';
import { isPeriod, salesDaysOf } from '../../sales/calendar/workingDays.js';
import { TARGET } from './targetTexts.js';

const FORM_ID = 'targets.set';
/** The platform's command (Slack /target); its arguments are ignored. */
const COMMAND_NAMES = ['target', 'targets'];
/** Typed: the word alone, with or without the slash ("/target foo" is not ours). */
const TEXT_COMMAND = /^\s*\/?(target|targets|目标|设定目标)\s*$/i;

interface TargetBotDeps {
  /** the store data (StoreData); its salesRules.targetWeights, when present, weight the split */
  data?: unknown;
}

export function createTargetBot(deps: TargetBotDeps = {}): Bot {
  return staffBot({
    name: 'targets',
    routes: [
      form(FORM_ID, (ctx, submitted) => submit(ctx, deps, submitted.values)),
      sentAsCommand(command(COMMAND_NAMES, (ctx) => openForm(ctx))),
      text(TEXT_COMMAND, (ctx) => openForm(ctx)),
    ],
  });
}

/**
 * A route for the platform's command only: `command` would also take a typed "/target
 * foo", which has always been left to the other bots (the typed form takes no words).
 */
function sentAsCommand(route: Route<StaffTurn>): Route<StaffTurn> {
  return { match: (ctx) => (ctx.msg.kind === 'command' ? route.match(ctx) : null) };
}

async function openForm(ctx: StaffTurn) {
  if (!canSetTargets(ctx.actor.staff)) return ctx.reply({ text: ctx.say(TARGET.notAllowed) });
  ctx.reply({ text: ctx.say(TARGET.intro), form: await targetForm(ctx) });
}

function canSetTargets(staff: Staff): boolean {
  return staff.role === 'store_manager' || (staff.role === 'sales_manager' && !!staff.teamId);
}

/** The teams and consultants this manager may set targets for. */
async function allowedSubjects(ctx: StaffTurn) {
  const staff = ctx.actor.staff;
  const teamWhere = staff.role === 'store_manager' ? { storeId: ctx.store.id } : { storeId: ctx.store.id, id: staff.teamId ?? '' };
  const teams = await ctx.db.team.findMany({ where: teamWhere, orderBy: { id: 'asc' } });
  const consultants = await ctx.db.staff.findMany({
    where: { storeId: ctx.store.id, active: true, role: 'sales_consultant', ...(staff.role === 'store_manager' ? {} : { teamId: staff.teamId }) },
    orderBy: { id: 'asc' },
  });
  return { teams, consultants };
}

async function targetForm(ctx: StaffTurn, values: Record<string, string> = {}): Promise<Form> {
  const { teams, consultants } = await allowedSubjects(ctx);
  const name = (x: { nameZh: string; nameEn: string }) => (ctx.lang === 'zh' ? x.nameZh : x.nameEn);
  const scopes: TargetScope[] = ctx.actor.staff.role === 'store_manager' ? ['store', 'team', 'staff'] : ['team', 'staff'];
  return {
    id: FORM_ID,
    title: ctx.say(TARGET.title),
    submitLabel: ctx.say(TARGET.save),
    fields: [
      {
        name: 'period',
        label: ctx.say(TARGET.fPeriod),
        kind: 'text',
        required: true,
        initial: values.period ?? localParts(ctx.now, ctx.store.timezone).date.slice(0, 7),
        hint: ctx.say(TARGET.fPeriodHint),
      },
      {
        name: 'metric',
        label: ctx.say(TARGET.fMetric),
        kind: 'select',
        required: true,
        initial: values.metric ?? 'orders',
        options: TARGET_METRICS.map((m) => ({ value: m, label: ctx.say(TARGET.metric[m]) })),
      },
      {
        name: 'scope',
        label: ctx.say(TARGET.fScope),
        kind: 'select',
        required: true,
        initial: values.scope ?? scopes[0],
        options: scopes.map((s) => ({ value: s, label: ctx.say(TARGET.scope[s]) })),
      },
      {
        name: 'who',
        label: ctx.say(TARGET.fWho),
        kind: 'select',
        hint: ctx.say(TARGET.fWhoHint),
        initial: values.who,
        options: [
          ...teams.map((t) => ({ value: `team:${t.id}`, label: `${ctx.say(TARGET.scope.team)} · ${name(t)}` })),
          ...consultants.map((s) => ({ value: `staff:${s.id}`, label: `${ctx.say(TARGET.scope.staff)} · ${name(s)}` })),
        ],
      },
      { name: 'value', label: ctx.say(TARGET.fValue), kind: 'text', required: true, initial: values.value, hint: ctx.say(TARGET.fValueHint) },
      {
        name: 'split',
        label: ctx.say(TARGET.fSplit),
        kind: 'select',
        initial: values.split ?? 'no',
        options: [
          { value: 'yes', label: ctx.say(TARGET.yes) },
          { value: 'no', label: ctx.say(TARGET.no) },
        ],
      },
    ],
  };
}

async function submit(ctx: StaffTurn, deps: TargetBotDeps, values: Record<string, string>) {
  const staff = ctx.actor.staff;
  if (!canSetTargets(staff)) return ctx.reply({ text: ctx.say(TARGET.notAllowed) });
  const errors: Record<string, string> = {};
  const period = (values.period ?? '').trim();
  const metric = (values.metric ?? '').trim();
  const scope = (values.scope ?? '').trim();
  const who = (values.who ?? '').trim();
  const split = values.split === 'yes';
  if (!period) errors.period = ctx.say(TARGET.eRequired);
  else if (!isPeriod(period)) errors.period = ctx.say(TARGET.ePeriod);
  if (!isTargetMetric(metric)) errors.metric = ctx.say(TARGET.eMetric);
  const value = parseTargetValue(values.value ?? '');
  if (value === null) errors.value = ctx.say((values.value ?? '').trim() ? TARGET.eValue : TARGET.eRequired);

  let scopeId = '';
  if (!isTargetScope(scope) || (scope === 'store' && staff.role !== 'store_manager')) errors.scope = ctx.say(TARGET.eScope);
  else if (scope === 'store') scopeId = ctx.store.id;
  else {
    const [kind, id] = who.split(':');
    const { teams, consultants } = await allowedSubjects(ctx);
    const wanted = scope === 'team' ? 'team' : 'staff';
    if (kind !== wanted || !id) errors.who = ctx.say(TARGET.eWho);
    else if (!(wanted === 'team' ? teams.some((t) => t.id === id) : consultants.some((s) => s.id === id))) errors.who = ctx.say(TARGET.eWhoNotAllowed);
    else scopeId = id;
  }
  if (split && scope === 'staff') errors.split = ctx.say(TARGET.eSplitStaff);
  if (Object.keys(errors).length) return ctx.reply({ text: ctx.say(TARGET.fixFields), formErrors: errors });

  const m = metric as TargetMetric;
  const s = scope as TargetScope;
  const before = (await latestTargets(ctx.db, { storeId: ctx.store.id, period, scope: s, scopeIds: [scopeId], metric: m })).get(targetKey(m, s, scopeId));
  await setTarget(ctx.db, { storeId: ctx.store.id, period, metric: m, scope: s, scopeId, value: value!, setById: staff.id, now: ctx.now });

  const names = await subjectNames(ctx);
  const lines = [ctx.say(TARGET.saved, { period, who: names(s, scopeId), metric: ctx.say(TARGET.metric[m]), value: value!.toLocaleString('en-US') })];
  if (before && before.value !== value) lines[0] += ' ' + ctx.say(TARGET.replaced, { old: before.value.toLocaleString('en-US') });
  if (split && (s === 'store' || s === 'team')) {
    const store = await ctx.db.store.findUniqueOrThrow({ where: { id: ctx.store.id } });
    const d = await decomposeTarget(ctx.db, {
      storeId: ctx.store.id,
      period,
      metric: m,
      total: value!,
      scope: s,
      scopeId: s === 'team' ? scopeId : undefined,
      timeZone: ctx.store.timezone,
      salesDays: salesDaysOf(store.profile),
      weights: targetWeightsOf(deps.data, m),
    });
    await saveDecomposition(ctx.db, d, { storeId: ctx.store.id, setById: staff.id, now: ctx.now });
    lines.push(...describeSplit(ctx, d, names));
  }
  const reply: OutboundMessage = { text: lines.join('\n') };
  ctx.reply(reply);
}

async function subjectNames(ctx: StaffTurn) {
  const [teams, staff] = await Promise.all([
    ctx.db.team.findMany({ where: { storeId: ctx.store.id } }),
    ctx.db.staff.findMany({ where: { storeId: ctx.store.id } }),
  ]);
  const zh = ctx.lang === 'zh';
  return (scope: string, id: string): string => {
    if (scope === 'store') return zh ? ctx.store.nameZh : ctx.store.nameEn;
    const x = scope === 'team' ? teams.find((t) => t.id === id) : staff.find((p) => p.id === id);
    return x ? (zh ? x.nameZh : x.nameEn) : id;
  };
}

function describeSplit(ctx: StaffTurn, d: Decomposition, names: (scope: string, id: string) => string): string[] {
  const out = [ctx.say(TARGET.splitHead, { basis: ctx.say(TARGET.basis[d.basis]) })];
  const sep = ctx.lang === 'zh' ? '，' : ', ';
  const colon = ctx.lang === 'zh' ? '：' : ': ';
  for (const t of d.teams) {
    out.push(`· ${names('team', t.teamId)} ${t.value}${colon}${t.staff.map((p) => `${names('staff', p.staffId)} ${p.value}`).join(sep)}`);
  }
  if (d.unteamed.length) out.push(`· ${ctx.say(TARGET.unteamed)}${colon}${d.unteamed.map((p) => `${names('staff', p.staffId)} ${p.value}`).join(sep)}`);
  if (d.days.length) {
    const vals = d.days.map((x) => x.value);
    out.push(ctx.say(TARGET.perDay, { min: Math.min(...vals), max: Math.max(...vals), days: d.days.length }));
  }
  return out;
}
