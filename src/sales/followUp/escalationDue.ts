// An open follow-up overdue by more than escalateAfterHours goes to the team manager, once.
// "Overdue" counts from the later of its due time and its creation (a task the sweep
// created for a long-silent customer is not born escalated).
import { HOUR_MS, type SalesRules } from '../salesRules.js';

interface EscalationSubject {
  kind: string;
  status: string;
  dueAt: Date;
  createdAt: Date;
  escalatedAt: Date | null;
}

export function escalationDue(task: EscalationSubject, rules: Pick<SalesRules, 'escalateAfterHours' | 'escalateWithinDays'>, now: Date): boolean {
  if (task.kind !== 'follow_up' || task.status !== 'open' || task.escalatedAt) return false;
  if (task.dueAt < escalationHorizon(rules, now)) return false;
  const from = Math.max(task.dueAt.getTime(), task.createdAt.getTime());
  return now.getTime() - from > rules.escalateAfterHours * HOUR_MS;
}

/** The earliest due time still escalated one by one (older misses stay in the overdue counts). */
export function escalationHorizon(rules: Pick<SalesRules, 'escalateAfterHours' | 'escalateWithinDays'>, now: Date): Date {
  return new Date(now.getTime() - rules.escalateAfterHours * HOUR_MS - rules.escalateWithinDays * 24 * HOUR_MS);
}

/** The latest due time a task may have to be escalated now (the set query's bound). */
export function escalationCutoff(rules: Pick<SalesRules, 'escalateAfterHours'>, now: Date): Date {
  return new Date(now.getTime() - rules.escalateAfterHours * HOUR_MS);
}
