// Regrading among H/A/B/C by the owner or a manager in scope, with an optional reason.
// O comes only from an order and F only from an approved lost deal; reopening an O or F
// customer is a manager's call.
import type { Customer } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';
import { isActiveGrade } from './gradeRules.js';
import { isManager, type ScopedStaff } from '../staffAccess.js';

type RegradeResult = { ok: true; customer: Customer; from: string; to: string } | { ok: false; reason: 'invalid_grade' | 'not_allowed' | 'same_grade' };

export async function regradeCustomer(
  db: Db,
  args: { staff: ScopedStaff; customer: Customer; to: string; reason?: string | null; now: Date },
): Promise<RegradeResult> {
  const { staff, customer, to } = args;
  if (!isActiveGrade(to)) return { ok: false, reason: 'invalid_grade' };
  const manager = isManager(staff);
  if (!manager && customer.ownerId !== staff.id) return { ok: false, reason: 'not_allowed' };
  if (!manager && !isActiveGrade(customer.grade)) return { ok: false, reason: 'not_allowed' };
  if (customer.grade === to) return { ok: false, reason: 'same_grade' };
  const reason = args.reason?.trim().slice(0, 200) || null;
  const updated = await db.$transaction(async (tx) => {
    await tx.interaction.create({
      data: {
        storeId: customer.storeId,
        customerId: customer.id,
        staffId: staff.id,
        type: 'grade_change',
        occurredAt: args.now,
        detail: { from: customer.grade, to, reason },
      },
    });
    return tx.customer.update({ where: { id: customer.id }, data: { grade: to, ...(customer.grade === 'F' ? { lostReason: null } : {}) } });
  });
  return { ok: true, customer: updated, from: customer.grade, to };
}
