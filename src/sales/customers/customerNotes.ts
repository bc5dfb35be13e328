// A staff member's own note about a customer (from a message shortcut or typed): a 'note'
// interaction with the text in detail.text, at most 1000 characters.
import type { Interaction } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';
import { recordInteractionOnce } from './recordInteractionOnce.js';
import type { ScopedStaff } from '../staffAccess.js';

export const NOTE_MAX = 1000;

export async function addCustomerNote(
  db: Db,
  args: {
    staff: ScopedStaff;
    customerId: string;
    storeId: string;
    text: string;
    now: Date /** the turn's key: the same turn noting twice notes once */;
    eventKey?: string;
  },
): Promise<Interaction> {
  const data = {
    storeId: args.storeId,
    customerId: args.customerId,
    staffId: args.staff.id,
    type: 'note',
    channel: 'staff',
    occurredAt: args.now,
    detail: { text: args.text.trim().slice(0, NOTE_MAX) },
  };
  return args.eventKey ? recordInteractionOnce(db, { ...data, eventKey: `${args.eventKey}:note` }) : db.interaction.create({ data });
}
