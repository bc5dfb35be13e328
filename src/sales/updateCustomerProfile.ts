// Completing a customer's record from what they told us (留档): name, phone, intended
// model; a phone number already on file means the same person, so the records merge.
import type { Customer } from '../generated/prisma/client.js';
import type { Db } from '../store/createPrisma.js';
import { mergeCustomerInto } from './mergeCustomers.js';

export interface ProfileUpdate {
  name?: string | null;
  phone?: string | null;
  intendedModelId?: string | null;
  ownerId?: string | null;
  consent?: { at: Date; version: string };
  contactAt?: Date;
}

/** On file once name, phone, intended model, budget and timeframe are all known. */
export function isOnFile(c: Pick<Customer, 'name' | 'phone' | 'intendedModelId' | 'budgetMax' | 'budgetMin' | 'timeframe'>): boolean {
  return !!(c.name && c.phone && c.intendedModelId && (c.budgetMax || c.budgetMin) && c.timeframe);
}

/** Returns the customer as it stands after the update (possibly another, older record). */
export async function updateCustomerProfile(db: Db, customer: Customer, update: ProfileUpdate): Promise<Customer> {
  let target = customer;
  if (update.phone && update.phone !== customer.phone) {
    const existing = await db.customer.findFirst({ where: { storeId: customer.storeId, phone: update.phone, id: { not: customer.id } } });
    if (existing) {
      await mergeCustomerInto(db, customer.id, existing.id);
      target = existing;
    }
  }
  const next = {
    name: update.name ?? target.name,
    phone: update.phone ?? target.phone,
    intendedModelId: update.intendedModelId ?? target.intendedModelId,
    ownerId: target.ownerId ?? update.ownerId ?? null,
    consentAt: target.consentAt ?? update.consent?.at ?? null,
    consentVersion: target.consentVersion ?? update.consent?.version ?? null,
    lastContactAt: update.contactAt ?? target.lastContactAt,
  };
  const onFile = isOnFile({ ...target, ...next });
  return db.customer.update({
    where: { id: target.id },
    data: { ...next, onFileAt: target.onFileAt ?? (onFile ? (update.contactAt ?? new Date()) : null) },
  });
}
