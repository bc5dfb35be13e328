// A staff member's decision on a flagged customer (possibleDuplicateOfId: a phone typed
// in a chat that another customer already had): the same person (the two records merge,
// the older one kept with its owner) or not (the flag goes). Either way the staff member
// must be able to see both customers: merging shows each side the other's history, and
// "not the same person" can only be said by someone who could compare them. The claim on
// the flag, the merge and the audit row are one transaction, so two colleagues deciding
// at once decide once. The audit row holds ids and the decision, no personal data.
import type { Customer } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';
import { mergeCustomerIntoInTx } from './mergeCustomers.js';
import { customerScope, recordAccessDenied, type ScopedStaff, type WarnLog } from '../staffAccess.js';

type DuplicateDecision = 'merge' | 'distinct';

type DuplicateResult =
  /** merged: `kept` is the record that stays (the older one), `mergedId` the one that went */
  | { status: 'merged'; kept: Customer; mergedId: string }
  | { status: 'distinct'; customer: Customer }
  /** nothing to decide: no flag (a colleague decided first), or the other record is gone or erased (the flag is cleared) */
  | { status: 'not_flagged' }
  | { status: 'denied'; reason: 'out_of_scope' | 'other_out_of_scope' | 'erased' };

export async function decideDuplicate(
  db: Db,
  args: { staff: ScopedStaff; customerId: string; decision: DuplicateDecision; now: Date; log?: WarnLog },
): Promise<DuplicateResult> {
  const { staff, customerId, decision, now } = args;
  const action = `duplicate:${decision}`;
  const inScope = (id: string) => db.customer.findFirst({ where: { AND: [{ id }, customerScope(staff)] } });
  const flagged = await inScope(customerId);
  if (!flagged) {
    await recordAccessDenied(db, { staff, customerId, action, now, log: args.log });
    return { status: 'denied', reason: 'out_of_scope' };
  }
  const otherId = flagged.possibleDuplicateOfId;
  if (!otherId) return { status: 'not_flagged' };
  const other = await db.customer.findUnique({ where: { id: otherId } });
  if (!other || other.anonymisedAt || flagged.anonymisedAt) {
    // nothing left to compare: the question is void, whoever asks
    await db.customer.updateMany({ where: { id: flagged.id, possibleDuplicateOfId: otherId }, data: { possibleDuplicateOfId: null } });
    return flagged.anonymisedAt ? { status: 'denied', reason: 'erased' } : { status: 'not_flagged' };
  }
  if (!(await inScope(other.id))) {
    await recordAccessDenied(db, { staff, customerId: other.id, action, reason: 'other_out_of_scope', now, log: args.log });
    return { status: 'denied', reason: 'other_out_of_scope' };
  }
  // the older record stays (its owner, its history's start); ties by id, so both sides agree
  const [kept, merged] = isOlder(other, flagged) ? [other, flagged] : [flagged, other];
  return db.$transaction(async (tx) => {
    const claim = await tx.customer.updateMany({ where: { id: flagged.id, possibleDuplicateOfId: otherId }, data: { possibleDuplicateOfId: null } });
    if (!claim.count) return { status: 'not_flagged' } as const;
    const audit = { actorType: 'staff', actorId: staff.id, subjectType: 'customer', createdAt: now };
    if (decision === 'distinct') {
      await tx.auditLog.create({ data: { ...audit, action: 'customer.duplicate_dismissed', subjectId: flagged.id, detail: { otherId, role: staff.role } } });
      return { status: 'distinct', customer: await tx.customer.findUniqueOrThrow({ where: { id: flagged.id } }) } as const;
    }
    await mergeCustomerIntoInTx(tx, merged.id, kept.id);
    await tx.auditLog.create({
      data: {
        ...audit,
        action: 'customer.merged',
        subjectId: kept.id,
        detail: { mergedId: merged.id, flaggedId: flagged.id, role: staff.role, ownerKept: kept.ownerId },
      },
    });
    return { status: 'merged', kept: await tx.customer.findUniqueOrThrow({ where: { id: kept.id } }), mergedId: merged.id } as const;
  });
}

function isOlder(a: Customer, b: Customer): boolean {
  return a.createdAt.getTime() !== b.createdAt.getTime() ? a.createdAt < b.createdAt : a.id < b.id;
}
