// Who may see which customer (PIPL: need to know). store_manager: the whole store;
// sales_manager: their own and their team's customers; sales_consultant: their own;
// dcc_agent: their own and the unowned ones (online leads waiting for an owner).
import type { Customer, Prisma, Staff } from '../generated/prisma/client.js';
import type { Db } from '../store/createPrisma.js';

export type ScopedStaff = Pick<Staff, 'id' | 'role' | 'teamId' | 'storeId'>;

/** A minimal logger (pino's warn fits). */
export interface WarnLog {
  warn(obj: object, msg: string): void;
}

export function isManager(staff: Pick<Staff, 'role'>): boolean {
  return staff.role === 'store_manager' || staff.role === 'sales_manager';
}

/** The Prisma where that limits customers to the staff member's scope. */
export function customerScope(staff: ScopedStaff): Prisma.CustomerWhereInput {
  switch (staff.role) {
    case 'store_manager':
      return { storeId: staff.storeId };
    case 'sales_manager':
      return staff.teamId
        ? { storeId: staff.storeId, OR: [{ ownerId: staff.id }, { owner: { teamId: staff.teamId } }] }
        : { storeId: staff.storeId, ownerId: staff.id };
    case 'dcc_agent':
      return { storeId: staff.storeId, OR: [{ ownerId: staff.id }, { ownerId: null }] };
    default:
      return { storeId: staff.storeId, ownerId: staff.id };
  }
}

export async function canSeeCustomer(db: Db, staff: ScopedStaff, customerId: string): Promise<boolean> {
  return (await db.customer.count({ where: { AND: [{ id: customerId }, customerScope(staff)] } })) > 0;
}

/**
 * Records a refused access: an audit row and a warning (ids only, no personal data).
 * `customerId` is the customer asked for; none for a request about many (an export).
 */
export async function recordAccessDenied(
  db: Db,
  args: { staff: ScopedStaff; customerId?: string; action: string; reason?: string; now: Date; log?: WarnLog },
): Promise<void> {
  await db.auditLog.create({
    data: {
      actorType: 'staff',
      actorId: args.staff.id,
      action: 'access_denied',
      subjectType: 'customer',
      subjectId: args.customerId ?? null,
      detail: { attempted: args.action, role: args.staff.role, ...(args.reason ? { reason: args.reason } : {}) },
      createdAt: args.now,
    },
  });
  args.log?.warn(
    { staffId: args.staff.id, customerId: args.customerId, attempted: args.action, reason: args.reason },
    'access denied: outside the staff scope',
  );
}

/** The customer when in scope; otherwise null, after recording the refusal. */
export async function loadCustomerInScope(
  db: Db,
  args: { staff: ScopedStaff; customerId: string; action: string; now: Date; log?: WarnLog },
): Promise<Customer | null> {
  const customer = await db.customer.findFirst({ where: { AND: [{ id: args.customerId }, customerScope(args.staff)] } });
  if (!customer) await recordAccessDenied(db, args);
  return customer;
}
