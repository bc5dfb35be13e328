// A phone a customer gave us in a chat, on their own record. A typed phone is their word
// only: it never opens another customer's record (typing someone else's number must not
// show or cancel that person's bookings, or erase them). When another customer already
// has the number, the record is flagged (possibleDuplicateOfId) for staff to decide in
// the CRM. A proven phone (a Telegram contact shared from the user's own account) is
// also kept as verifiedPhone; a customer already holding it proven is the same person,
// and the records merge into that one. A proven phone that another record only typed is
// flagged too: that record's claim was never proven, so nothing is merged into it.
// Giving a phone makes a web visitor a lead.
import type { Customer } from '../../generated/prisma/client.js';
import { isUniqueViolation } from '../../store/prismaErrors.js';
import type { Db } from '../../store/createPrisma.js';
import { mergeCustomerInto } from './mergeCustomers.js';

/** Returns the customer as it stands afterwards: after a proven match, the record it merged into. */
export async function recordCustomerPhone(db: Db, customer: Customer, args: { phone: string; proven: boolean; at: Date }): Promise<Customer> {
  const { phone, at } = args;
  const leadAt = customer.leadAt ?? at;
  if (!args.proven) {
    // the same number again: nothing new (and a flag staff cleared stays cleared)
    if (customer.phone === phone) return customer.leadAt ? customer : db.customer.update({ where: { id: customer.id }, data: { leadAt } });
    // their own proven number needs no second look; any other number may be someone else's
    const other = customer.verifiedPhone === phone ? null : await findPhoneHolder(db, customer, phone);
    return db.customer.update({ where: { id: customer.id }, data: { phone, possibleDuplicateOfId: other?.id ?? null, leadAt } });
  }
  if (customer.verifiedPhone === phone) return db.customer.update({ where: { id: customer.id }, data: { phone, leadAt } });
  for (let attempt = 0; attempt < 2; attempt++) {
    const holder = await db.customer.findUnique({ where: { storeId_verifiedPhone: { storeId: customer.storeId, verifiedPhone: phone } } });
    if (holder && holder.id !== customer.id) {
      await mergeCustomerInto(db, customer.id, holder.id);
      return db.customer.update({ where: { id: holder.id }, data: { phone, leadAt: holder.leadAt && holder.leadAt < leadAt ? holder.leadAt : leadAt } });
    }
    // the number as they had typed it: staff may have decided the flag already
    const flag = customer.phone === phone ? customer.possibleDuplicateOfId : ((await findPhoneHolder(db, customer, phone))?.id ?? null);
    try {
      return await db.customer.update({ where: { id: customer.id }, data: { phone, verifiedPhone: phone, leadAt, possibleDuplicateOfId: flag } });
    } catch (err) {
      // another chat proved the same number a moment ago: the next round merges into it
      if (!isUniqueViolation(err)) throw err;
    }
  }
  throw new Error('a proven phone kept changing hands');
}

/** Another customer of the store with this number: a proven holder first, else the oldest who typed it. */
async function findPhoneHolder(db: Db, customer: Customer, phone: string): Promise<Customer | null> {
  const others = { storeId: customer.storeId, id: { not: customer.id }, anonymisedAt: null };
  return (
    (await db.customer.findFirst({ where: { ...others, verifiedPhone: phone } })) ??
    (await db.customer.findFirst({ where: { ...others, phone }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }))
  );
}
