// A lost deal (战败) needs a reason and a manager's approval: a consultant's request
// becomes a 'lost_approval' task for their team manager (the store manager when the team
// has none); a manager's own request is approved at once. Approval makes the customer F
// with the reason; rejection sends it back to the requester (the caller notifies).
import type { Customer, FollowUpTask, Staff } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';
import { closeOpenFollowUps } from '../followUp/followUps.js';
import { canSeeCustomer, isManager, type ScopedStaff } from '../staffAccess.js';

import { LOST_REASONS } from '../../storeData/storeDataSchema.js';

export { LOST_REASONS };
type LostReason = (typeof LOST_REASONS)[number];

interface LostRequest {
  reason: LostReason;
  text: string | null;
  requestedBy: string;
}

type LostFieldError = 'required' | 'invalid_option' | 'too_long';

export function validateLost(values: { lostReason?: string; lostText?: string }): {
  errors: Record<string, LostFieldError>;
  reason: LostReason | null;
  text: string | null;
} {
  const errors: Record<string, LostFieldError> = {};
  const reason = (values.lostReason ?? '').trim();
  const text = (values.lostText ?? '').trim() || null;
  if (!reason) errors.lostReason = 'required';
  else if (!(LOST_REASONS as readonly string[]).includes(reason)) errors.lostReason = 'invalid_option';
  if (reason === 'other' && !text) errors.lostText = 'required';
  if (text && text.length > 300) errors.lostText = 'too_long';
  return { errors, reason: errors.lostReason ? null : (reason as LostReason), text };
}

/** The manager who approves `staff`'s lost deals: the team's manager, else the store manager. */
export async function findApprover(db: Db, staff: ScopedStaff): Promise<Staff | null> {
  if (staff.teamId) {
    const team = await db.team.findUnique({ where: { id: staff.teamId } });
    if (team?.managerId && team.managerId !== staff.id) {
      const m = await db.staff.findFirst({ where: { id: team.managerId, active: true } });
      if (m) return m;
    }
  }
  return db.staff.findFirst({ where: { storeId: staff.storeId, role: 'store_manager', active: true, id: { not: staff.id } }, orderBy: { id: 'asc' } });
}

type LostResult =
  | { status: 'approved'; customer: Customer }
  | { status: 'pending'; task: FollowUpTask; approver: Staff }
  | { status: 'already_pending'; task: FollowUpTask }
  | { status: 'no_approver' };

export async function requestLost(
  db: Db,
  args: { staff: ScopedStaff; customer: Customer; reason: LostReason; text: string | null; now: Date },
): Promise<LostResult> {
  const { staff, customer, now } = args;
  const request: LostRequest = { reason: args.reason, text: args.text, requestedBy: staff.id };
  if (isManager(staff)) return { status: 'approved', customer: await applyLost(db, { customer, request, approvedBy: staff.id, now }) };
  const open = await db.followUpTask.findFirst({ where: { customerId: customer.id, kind: 'lost_approval', status: 'open' } });
  if (open) return { status: 'already_pending', task: open };
  const approver = await findApprover(db, staff);
  if (!approver) return { status: 'no_approver' };
  const task = await db.followUpTask.create({
    data: { customerId: customer.id, staffId: approver.id, kind: 'lost_approval', reason: JSON.stringify(request), dueAt: now, createdAt: now },
  });
  return { status: 'pending', task, approver };
}

export function readLostRequest(task: Pick<FollowUpTask, 'reason'>): LostRequest | null {
  try {
    const r = JSON.parse(task.reason ?? '') as LostRequest;
    return r && typeof r.reason === 'string' ? r : null;
  } catch {
    return null;
  }
}

type DecisionResult =
  | { status: 'approved' | 'rejected'; task: FollowUpTask; customer: Customer; request: LostRequest }
  | { status: 'not_found' | 'already_decided' | 'not_allowed' };

/** The approver (or a manager who sees the customer) approves or rejects the request. */
export async function decideLost(db: Db, args: { staff: ScopedStaff; taskId: string; approve: boolean; now: Date }): Promise<DecisionResult> {
  const { staff, now } = args;
  const task = await db.followUpTask.findUnique({ where: { id: args.taskId }, include: { customer: true } });
  if (!task || task.kind !== 'lost_approval' || task.customer.storeId !== staff.storeId) return { status: 'not_found' };
  if (task.status !== 'open') return { status: 'already_decided' };
  const allowed = task.staffId === staff.id || (isManager(staff) && (await canSeeCustomer(db, staff, task.customerId)));
  if (!allowed) return { status: 'not_allowed' };
  const request = readLostRequest(task);
  if (!request) return { status: 'not_found' };
  // claim the task first: a double click or two managers decide once
  const claimed = await db.followUpTask.updateMany({
    where: { id: task.id, status: 'open' },
    data: { status: 'done', outcome: args.approve ? 'approved' : 'rejected', doneAt: now },
  });
  if (!claimed.count) return { status: 'already_decided' };
  const customer = args.approve ? await applyLost(db, { customer: task.customer, request, approvedBy: staff.id, now }) : task.customer;
  const updatedTask = await db.followUpTask.findUniqueOrThrow({ where: { id: task.id } });
  return { status: args.approve ? 'approved' : 'rejected', task: updatedTask, customer, request };
}

async function applyLost(db: Db, args: { customer: Customer; request: LostRequest; approvedBy: string; now: Date }): Promise<Customer> {
  const { customer: c, request, now } = args;
  const lostReason = request.text ? `${request.reason}: ${request.text}` : request.reason;
  const updated = await db.$transaction(async (tx) => {
    await tx.interaction.create({
      data: {
        storeId: c.storeId,
        customerId: c.id,
        staffId: request.requestedBy,
        type: 'lost',
        channel: 'staff',
        occurredAt: now,
        detail: { reason: request.reason, from: c.grade, requestedBy: request.requestedBy, approvedBy: args.approvedBy },
      },
    });
    return tx.customer.update({ where: { id: c.id }, data: { grade: 'F', lostReason, lastContactAt: now } });
  });
  await closeOpenFollowUps(db, c.id, 'lost', now);
  return db.customer.findUniqueOrThrow({ where: { id: updated.id } });
}
