// A lead whose phone is already on file (with a customer the staff member may see): the
// new details fill what the record lacks (updateCustomerProfile's semantics); the owner
// never changes silently: a record without an owner gets the lead's, otherwise the
// owner stays and the caller says so.
import type { Customer } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';
import { isOnFile } from './updateCustomerProfile.js';
import type { ValidLead } from './leads.js';
import type { ScopedStaff } from '../staffAccess.js';

interface MergeResult {
  customer: Customer;
  /** fields the lead filled in */
  filled: string[];
  /** the lead named another owner than the record's: not applied */
  ownerKept: boolean;
}

export async function mergeLeadInto(db: Db, args: { staff: ScopedStaff; customer: Customer; lead: ValidLead; now: Date }): Promise<MergeResult> {
  const { customer: c, lead, staff, now } = args;
  const data: Record<string, unknown> = {};
  const fill = <K extends keyof Customer>(key: K, value: Customer[K] | null) => {
    if ((c[key] === null || c[key] === undefined) && value !== null && value !== undefined) data[key] = value;
  };
  fill('name', lead.name);
  fill('campaignId', lead.campaignId);
  fill('intendedModelId', lead.intendedModelId);
  if (c.budgetMin === null && c.budgetMax === null) {
    fill('budgetMin', lead.budgetMin);
    fill('budgetMax', lead.budgetMax);
  }
  fill('timeframe', lead.timeframe);
  fill('ownerId', lead.ownerId);
  if (lead.notes) data.notes = c.notes ? `${c.notes}\n${lead.notes}`.slice(0, 2000) : lead.notes;
  const merged = { ...c, ...data } as Customer;
  const updated = await db.$transaction(async (tx) => {
    await tx.interaction.create({
      data: {
        storeId: c.storeId,
        customerId: c.id,
        staffId: staff.id,
        type: 'note',
        channel: 'staff',
        occurredAt: now,
        detail: { kind: 'lead_merged', source: lead.source, filled: Object.keys(data).filter((k) => k !== 'notes') },
      },
    });
    return tx.customer.update({
      where: { id: c.id },
      data: { ...data, lastContactAt: now, onFileAt: c.onFileAt ?? (isOnFile(merged) ? now : null) },
    });
  });
  return { customer: updated, filled: Object.keys(data), ownerKept: !!c.ownerId && c.ownerId !== lead.ownerId };
}
