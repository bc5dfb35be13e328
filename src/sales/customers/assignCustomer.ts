// Handing a customer to a colleague: managers within their scope, or the owner handing
// over. The open follow-ups move with the customer.
import type { Customer, Staff } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';
import { isManager, type ScopedStaff } from '../staffAccess.js';

/** The colleagues `staff` may give a customer to: consultants (and managers) of their team; the whole store for the store manager. */
export async function assignableStaff(db: Db, staff: ScopedStaff): Promise<Staff[]> {
  const where = staff.role === 'store_manager' || !staff.teamId ? { storeId: staff.storeId } : { storeId: staff.storeId, teamId: staff.teamId };
  return db.staff.findMany({
    where: { ...where, active: true, role: { in: ['sales_consultant', 'sales_manager'] } },
    orderBy: { id: 'asc' },
  });
}

type AssignResult = { ok: true; customer: Customer; fromId: string | null } | { ok: false; reason: 'not_allowed' | 'invalid_staff' | 'same_owner' };

export async function assignCustomer(db: Db, args: { staff: ScopedStaff; customer: Customer; toStaffId: string; now: Date }): Promise<AssignResult> {
  const { staff, customer } = args;
  if (!isManager(staff) && customer.ownerId !== staff.id) return { ok: false, reason: 'not_allowed' };
  if (customer.ownerId === args.toStaffId) return { ok: false, reason: 'same_owner' };
  const allowed = await assignableStaff(db, staff);
  if (!allowed.some((s) => s.id === args.toStaffId)) return { ok: false, reason: 'invalid_staff' };
  const fromId = customer.ownerId;
  const updated = await db.$transaction(async (tx) => {
    const c = await tx.customer.update({ where: { id: customer.id }, data: { ownerId: args.toStaffId } });
    await tx.followUpTask.updateMany({
      where: { customerId: customer.id, status: 'open', kind: { not: 'lost_approval' }, OR: [{ staffId: fromId }, { staffId: null }] },
      data: { staffId: args.toStaffId },
    });
    await tx.auditLog.create({
      data: {
        actorType: 'staff',
        actorId: staff.id,
        action: 'assign_customer',
        subjectType: 'customer',
        subjectId: customer.id,
        detail: { from: fromId, to: args.toStaffId },
        createdAt: args.now,
      },
    });
    return c;
  });
  return { ok: true, customer: updated, fromId };
}
