// Completing a customer's record from what they told us (留档): name, phone, intended
// model. The phone goes through recordCustomerPhone: a typed one stays on this record
// (flagged when another customer has it), only a proven one can mean another record.
import type { Customer } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';
import { recordCustomerPhone } from './recordCustomerPhone.js';

interface ProfileUpdate {
  name?: string | null;
  phone?: string | null;
  /** the channel proved the phone is the sender's own (a Telegram contact from their own account) */
  phoneProven?: boolean;
  intendedModelId?: string | null;
  ownerId?: string | null;
  consent?: { at: Date; version: string };
  contactAt?: Date;
}

/** On file once name, phone, intended model, budget and timeframe are all known. */
export function isOnFile(c: Pick<Customer, 'name' | 'phone' | 'intendedModelId' | 'budgetMax' | 'budgetMin' | 'timeframe'>): boolean {
  return !!(c.name && c.phone && c.intendedModelId && (c.budgetMax || c.budgetMin) && c.timeframe);
}

/** Returns the customer as it stands after the update (after a proven phone, possibly another, older record). */
export async function updateCustomerProfile(db: Db, customer: Customer, update: ProfileUpdate): Promise<Customer> {
  const at = update.contactAt ?? new Date();
  const target = update.phone ? await recordCustomerPhone(db, customer, { phone: update.phone, proven: !!update.phoneProven, at }) : customer;
  const next = {
    name: update.name ?? target.name,
    intendedModelId: update.intendedModelId ?? target.intendedModelId,
    ownerId: target.ownerId ?? update.ownerId ?? null,
    consentAt: target.consentAt ?? update.consent?.at ?? null,
    consentVersion: target.consentVersion ?? update.consent?.version ?? null,
    lastContactAt: update.contactAt ?? target.lastContactAt,
  };
  const onFile = isOnFile({ ...target, ...next });
  return db.customer.update({
    where: { id: target.id },
    data: { ...next, onFileAt: target.onFileAt ?? (onFile ? at : null) },
  });
}
