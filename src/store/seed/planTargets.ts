// This month's targets (目标分解), store → team → salesperson: each consultant's target is
// their recent monthly run rate stretched a little (some more than others), teams add up
// their members and the store adds up its teams, so the board shows people both ahead of
// and behind plan.
import type { Prisma } from '../../generated/prisma/client.js';
import { MINUTES_PER_DAY as DAY } from './createStoreCalendar.js';
import type { Simulation, TargetMetric } from './createSimulation.js';
import { historyId } from './historyIds.js';

const METRICS: TargetMetric[] = ['orders', 'deliveries', 'revenue', 'test_drives', 'leads'];
/** recent activity covers 60 days; targets are per month */
const MONTHS_OF_ACTIVITY = 2;

type Values = Record<TargetMetric, number>;

export function planTargets(sim: Simulation): Prisma.TargetCreateManyInput[] {
  const { rnd, cal, ctx } = sim;
  const setAt = cal.toUtc(cal.monthStartDay * DAY);
  const staffValues = new Map<string, Values>();
  for (const consultant of [...sim.consultants].sort((a, b) => a.id.localeCompare(b.id))) {
    const stretch = rnd.between(0.9, 1.3);
    const recent = sim.recent.get(consultant.id)!;
    const values = {} as Values;
    for (const metric of METRICS) {
      const planned = (recent[metric] / MONTHS_OF_ACTIVITY) * stretch;
      values[metric] = metric === 'revenue' ? Math.round(planned / 10_000) * 10_000 : Math.max(1, Math.round(planned));
    }
    staffValues.set(consultant.id, values);
  }

  const teamValues = new Map<string, Values>();
  for (const consultant of sim.consultants) {
    if (consultant.teamId === null) continue;
    teamValues.set(consultant.teamId, add(teamValues.get(consultant.teamId), staffValues.get(consultant.id)!));
  }
  const storeValues = [...staffValues.values()].reduce<Values | undefined>(add, undefined)!;

  const rows: Prisma.TargetCreateManyInput[] = [];
  const push = (scope: string, scopeId: string, values: Values, setById: string | null) => {
    for (const metric of METRICS) {
      rows.push({
        id: historyId('target', rows.length + 1),
        storeId: sim.storeId,
        period: cal.period,
        metric,
        scope,
        scopeId,
        value: values[metric],
        setById,
        createdAt: setAt,
      });
    }
  };
  push('store', sim.storeId, storeValues, sim.storeManagerId);
  for (const [teamId, values] of [...teamValues].sort(([a], [b]) => a.localeCompare(b))) {
    push('team', teamId, values, sim.storeManagerId);
  }
  for (const [staffId, values] of staffValues) {
    const consultant = sim.consultants.find((c) => c.id === staffId)!;
    const manager = ctx.teams.find((t) => t.id === consultant.teamId)?.managerId ?? sim.storeManagerId;
    push('staff', staffId, values, manager);
  }
  return rows;
}

function add(sum: Values | undefined, values: Values): Values {
  if (!sum) return { ...values };
  const out = { ...sum };
  for (const metric of METRICS) out[metric] += values[metric];
  return out;
}
