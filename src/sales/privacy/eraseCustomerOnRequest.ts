// A deletion request (PIPL) the customer made to the store by phone, in person or in
// writing: a manager who can see the customer erases the data with the same
// anonymisation as the customer's own request in the chat. Only managers: it cannot be
// undone, and a consultant could otherwise wipe a customer to hide a lost deal. The
// manager types the phone's last 4 digits (the card shows them masked), which proves the
// request is in front of them rather than a stray click on the card.
import type { Db } from '../../store/createPrisma.js';
import { anonymiseCustomerInTx, ERASE_TRANSACTION_TIMEOUT_MS } from './anonymiseCustomer.js';
import { customerScope, isManager, recordAccessDenied, type ScopedStaff, type WarnLog } from '../staffAccess.js';

export const ERASE_REQUEST_CHANNELS = ['phone', 'in_person', 'in_writing', 'other'] as const;

/** What a customer without a phone on file is confirmed with instead of the last 4 digits. */
export const ERASE_WORDS = ['删除', 'DELETE'];

type EraseError = 'required' | 'invalid_option' | 'wrong_confirmation';

type EraseResult =
  | { status: 'erased'; ownerId: string | null; grade: string; tasksClosed: number }
  | { status: 'already_erased'; at: Date }
  | { status: 'denied' }
  | { status: 'invalid'; errors: { channel?: EraseError; confirm?: EraseError } };

/**
 * The typed confirmation against the customer's phone (or the word, when there is none):
 * the digits the masked phone hides (138****5678 → the four stars), which only someone
 * holding the customer's request, with their number, can type. A short number that the
 * mask hides whole (****) is confirmed by its last four digits.
 */
export function confirmationMatches(phone: string | null, typed: string): boolean {
  const t = typed.trim();
  if (!phone) return ERASE_WORDS.some((w) => w.toLowerCase() === t.toLowerCase());
  const digits = t.replace(/\D/g, '');
  return digits.length === 4 && digits === hiddenDigits(phone);
}

/** What maskPhone hides: the digits between the first three and the last four. */
export function hiddenDigits(phone: string): string {
  const all = phone.replace(/\D/g, '');
  return all.length < 7 ? all.slice(-4) : all.slice(3, -4).slice(-4);
}

export async function eraseCustomerOnRequest(
  db: Db,
  args: { staff: ScopedStaff; customerId: string; requestChannel: string; confirm: string; now: Date; log?: WarnLog },
): Promise<EraseResult> {
  const { staff, customerId, now } = args;
  // scope first: nothing about the customer (not even that they are erased) is said to someone outside it
  const customer = isManager(staff) ? await db.customer.findFirst({ where: { AND: [{ id: customerId }, customerScope(staff)] } }) : null;
  if (!customer) {
    await recordAccessDenied(db, { staff, customerId, action: 'erase', reason: isManager(staff) ? undefined : 'not_manager', now, log: args.log });
    return { status: 'denied' };
  }
  if (customer.anonymisedAt) return { status: 'already_erased', at: customer.anonymisedAt };

  const errors: { channel?: EraseError; confirm?: EraseError } = {};
  const channel = args.requestChannel.trim();
  if (!channel) errors.channel = 'required';
  else if (!(ERASE_REQUEST_CHANNELS as readonly string[]).includes(channel)) errors.channel = 'invalid_option';
  if (!args.confirm.trim()) errors.confirm = 'required';
  else if (!confirmationMatches(customer.phone, args.confirm)) errors.confirm = 'wrong_confirmation';
  if (errors.channel || errors.confirm) return { status: 'invalid', errors };

  const done = await db.$transaction(
    async (tx) => {
      // the claim: of two managers submitting at once, one erases and the other is told it is done
      const claim = await tx.customer.updateMany({ where: { id: customerId, anonymisedAt: null }, data: { anonymisedAt: now } });
      if (!claim.count) return null;
      const r = await anonymiseCustomerInTx(tx, customerId, now, { type: 'staff', id: staff.id });
      // who, whom, how asked: ids and codes only, the row outlives the data it is about
      await tx.auditLog.create({
        data: {
          actorType: 'staff',
          actorId: staff.id,
          action: 'erase',
          subjectType: 'customer',
          subjectId: customerId,
          detail: { requestChannel: channel, role: staff.role, tasksClosed: r.tasksClosed },
          createdAt: now,
        },
      });
      return r;
    },
    { timeout: ERASE_TRANSACTION_TIMEOUT_MS },
  );
  if (!done) {
    const again = await db.customer.findUnique({ where: { id: customerId }, select: { anonymisedAt: true } });
    return { status: 'already_erased', at: again?.anonymisedAt ?? now };
  }
  return { status: 'erased', ownerId: customer.ownerId, grade: customer.grade, tasksClosed: done.tasksClosed };
}
