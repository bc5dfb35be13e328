// Logging what happened with a customer (a visit, a call, a test drive, a quote, an
// order, a delivery): an Interaction without personal data, the open follow-ups closed
// with the outcome, the next one scheduled by the grade's cadence, and the grade effects:
// an order makes the customer O; a test drive or a quote only *suggests* a higher grade
// (the staff member confirms with the regrade button). Lost goes through lostApproval.
import type { Customer, Interaction, Order } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';
import { closeOpenFollowUps, scheduleFollowUp } from '../followUp/followUps.js';
import { nextFollowUpDue, suggestedGrade, type ActiveGrade, type GradeScheme } from '../followUp/gradeRules.js';
import type { ScopedStaff } from '../staffAccess.js';

export const OUTCOMES = ['visit', 'call', 'test_drive', 'quote', 'order', 'delivery', 'lost'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface OutcomeInput {
  outcome: Exclude<Outcome, 'lost'>;
  amount?: number | null;
  modelId?: string | null;
  note?: string | null;
}

type OutcomeFieldError = 'required' | 'invalid_option' | 'invalid_amount' | 'too_long';

/** Field checks of an outcome (lost is checked by lostApproval). */
export function validateOutcome(
  values: { outcome?: string; amount?: string; model?: string; note?: string },
  args: { modelIds: string[]; customer: Pick<Customer, 'intendedModelId'> },
) {
  const errors: Record<string, OutcomeFieldError> = {};
  const outcome = (values.outcome ?? '').trim();
  if (!outcome) errors.outcome = 'required';
  else if (!(OUTCOMES as readonly string[]).includes(outcome)) errors.outcome = 'invalid_option';
  const amountText = (values.amount ?? '').replace(/[,，\s¥￥元]/g, '');
  let amount: number | null = null;
  if (amountText) {
    const wan = amountText.match(/^(\d+(?:\.\d+)?)(万|w)$/i);
    amount = wan ? Math.round(Number(wan[1]) * 10_000) : /^\d+$/.test(amountText) ? Number(amountText) : NaN;
    if (!Number.isFinite(amount) || amount! < 1_000 || amount! > 20_000_000) errors.amount = 'invalid_amount';
  } else if (outcome === 'quote' || outcome === 'order') errors.amount = 'required';
  const modelId = (values.model ?? '').trim() || null;
  if (modelId && !args.modelIds.includes(modelId)) errors.model = 'invalid_option';
  if (outcome === 'order' && !modelId && !args.customer.intendedModelId) errors.model = 'required';
  const note = (values.note ?? '').trim() || null;
  if (note && note.length > 1000) errors.note = 'too_long';
  return { errors, outcome, amount: Number.isFinite(amount) ? amount : null, modelId, note };
}

interface OutcomeResult {
  interaction: Interaction;
  customer: Customer;
  nextDueAt: Date | null;
  closedTasks: number;
  order: Order | null;
  /** a higher grade the outcome suggests; not applied */
  suggestion: ActiveGrade | null;
}

export async function logOutcome(
  db: Db,
  args: {
    staff: ScopedStaff;
    customer: Customer;
    input: OutcomeInput;
    now: Date;
    /** the store's grades: the next follow-up's cadence, the grade an outcome suggests */
    grades: GradeScheme;
    /** the turn's key: run again, it finds what it logged */
    eventKey?: string;
  },
): Promise<OutcomeResult> {
  const { staff, customer: c, input, now, grades, eventKey } = args;
  const modelId = input.modelId ?? c.intendedModelId ?? null;
  const grade = input.outcome === 'order' ? 'O' : c.grade;
  if (eventKey) {
    // the same submission run again after a crash: what it logged stands (one order, one visit)
    const logged = await db.interaction.findUnique({ where: { eventKey: `${eventKey}:outcome` } });
    if (logged) {
      const order = await db.order.findUnique({ where: { eventKey } });
      const customer = await db.customer.findUniqueOrThrow({ where: { id: c.id } });
      return {
        interaction: logged,
        order,
        customer,
        nextDueAt: customer.nextFollowUpAt,
        closedTasks: 0,
        suggestion: suggestedGrade(input.outcome, customer.grade, grades.suggestions),
      };
    }
  }
  const res = await db.$transaction(async (tx) => {
    const interaction = await tx.interaction.create({
      data: {
        storeId: c.storeId,
        customerId: c.id,
        staffId: staff.id,
        type: input.outcome,
        channel: 'staff',
        modelId,
        occurredAt: now,
        detail: { outcome: input.outcome, ...(input.amount ? { amountCny: input.amount } : {}) },
        eventKey: eventKey ? `${eventKey}:outcome` : undefined,
      },
    });
    // the staff member's own note: kept as a note interaction (detail.text), capped
    if (input.note) {
      await tx.interaction.create({
        data: {
          storeId: c.storeId,
          customerId: c.id,
          staffId: staff.id,
          type: 'note',
          channel: 'staff',
          occurredAt: now,
          detail: { text: input.note.slice(0, 1000), about: input.outcome },
          eventKey: eventKey ? `${eventKey}:note` : undefined,
        },
      });
    }
    const order =
      input.outcome === 'order' && modelId
        ? await tx.order.create({
            data: {
              customerId: c.id,
              staffId: c.ownerId ?? staff.id,
              modelId,
              priceCny: input.amount ?? 0,
              campaignId: c.campaignId,
              orderedAt: now,
              eventKey,
              createdAt: now,
            },
          })
        : null;
    if (input.outcome === 'delivery') {
      const open = await tx.order.findFirst({ where: { customerId: c.id, status: 'ordered' }, orderBy: { orderedAt: 'desc' } });
      if (open) await tx.order.update({ where: { id: open.id }, data: { status: 'delivered', deliveredAt: now } });
    }
    await tx.customer.update({
      where: { id: c.id },
      data: { lastContactAt: now, grade, ...(input.outcome === 'order' && !c.intendedModelId && modelId ? { intendedModelId: modelId } : {}) },
    });
    return { interaction, order };
  });
  const closedTasks = await closeOpenFollowUps(db, c.id, input.outcome, now);
  // after a delivery the return visits (another job) take over
  const nextDueAt = input.outcome === 'delivery' ? null : nextFollowUpDue(grade, now, grades.rules);
  if (nextDueAt) await scheduleFollowUp(db, { customerId: c.id, staffId: c.ownerId ?? staff.id, dueAt: nextDueAt, now, reason: `after_${input.outcome}` });
  const customer = await db.customer.findUniqueOrThrow({ where: { id: c.id } });
  return { ...res, customer, nextDueAt, closedTasks, suggestion: suggestedGrade(input.outcome, grade, grades.suggestions) };
}
