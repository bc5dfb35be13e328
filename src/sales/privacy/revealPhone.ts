// Showing a customer's full phone number to a staff member who may see the customer,
// with an audit row for every reveal (PIPL: log who reads personal data).
import type { Db } from '../../store/createPrisma.js';
import { loadCustomerInScope, type ScopedStaff, type WarnLog } from '../staffAccess.js';

type RevealResult = { ok: true; phone: string | null; customerId: string } | { ok: false };

export async function revealPhone(db: Db, args: { staff: ScopedStaff; customerId: string; now: Date; log?: WarnLog }): Promise<RevealResult> {
  const customer = await loadCustomerInScope(db, { ...args, action: 'reveal_phone' });
  if (!customer) return { ok: false };
  await db.auditLog.create({
    data: { actorType: 'staff', actorId: args.staff.id, action: 'reveal_phone', subjectType: 'customer', subjectId: customer.id, createdAt: args.now },
  });
  return { ok: true, phone: customer.phone, customerId: customer.id };
}
