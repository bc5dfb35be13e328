// What marks a customer's data outside their own rows, read before a deletion request
// clears it: the words to look for in free text (name, phone), the platform addresses
// their chats were reached at, and the ids that name them inside outbox keys, buttons
// and transcripts' delivery keys.
import type { Prisma } from '../../generated/prisma/client.js';

export interface CustomerTraces {
  customerId: string;
  /** their name and phones (as stored and as bare digits), longest first: found as written */
  words: string[];
  /** their phones' digits: found however spaced (138 1234 5678, +86-138…) */
  phones: string[];
  /**
   * What to look for in SQL (LIKE): the words, and each mobile as its 3-4-4 groups with
   * anything between; the rows found are then matched exactly in code.
   */
  searchTerms: (string | string[])[];
  conversations: { id: string; channel: string; chatId: string }[];
  /** where they were reached: each chat's (channel, chat id) and each account's (channel, external id) */
  addresses: { channel: string; id: string }[];
  /**
   * Ids that stand for them in other rows' keys and payloads: the customer's (crm:open:…),
   * their conversations' (handoff:room:…, handoff:take:…, relays), their bookings'
   * (td:booked:…), complaints' (complaint:…) and the tasks whose notices carry the task id
   * (fu-rv-answer:…, crm:lost:…).
   */
  ids: string[];
}

/** Task kinds whose staff notices are keyed by the task's id (followUpBot, crmBot). */
const TASK_KINDS_IN_NOTICE_KEYS = ['return_visit', 'lost_approval'];

/** Names shorter than this are not searched for in free text: one character matches too much. */
const MIN_NAME_LENGTH = 2;

export async function collectCustomerTraces(tx: Prisma.TransactionClient, customerId: string): Promise<CustomerTraces> {
  // one after another: the statements of an interactive transaction run in turn anyway
  const customer = await tx.customer.findUniqueOrThrow({ where: { id: customerId }, select: { name: true, phone: true, verifiedPhone: true } });
  const conversations = await tx.conversation.findMany({ where: { customerId }, select: { id: true, channel: true, chatId: true } });
  const identities = await tx.channelIdentity.findMany({ where: { customerId }, select: { channel: true, externalId: true } });
  const bookings = await tx.testDriveBooking.findMany({ where: { customerId }, select: { id: true } });
  const complaints = await tx.complaint.findMany({ where: { customerId }, select: { id: true } });
  const tasks = await tx.followUpTask.findMany({ where: { customerId, kind: { in: TASK_KINDS_IN_NOTICE_KEYS } }, select: { id: true } });
  const words = new Set<string>();
  const phones = new Set<string>();
  const name = customer.name?.trim();
  if (name && [...name].length >= MIN_NAME_LENGTH) words.add(name);
  for (const phone of [customer.phone, customer.verifiedPhone]) {
    const p = phone?.trim();
    if (!p) continue;
    words.add(p);
    const digits = p.replace(/\D/g, '');
    if (digits.length >= 7) {
      words.add(digits);
      phones.add(digits);
    }
  }
  const addresses = new Map<string, { channel: string; id: string }>();
  for (const c of conversations) addresses.set(`${c.channel}\u0000${c.chatId}`, { channel: c.channel, id: c.chatId });
  for (const i of identities) addresses.set(`${i.channel}\u0000${i.externalId}`, { channel: i.channel, id: i.externalId });
  const searchTerms: (string | string[])[] = [...words];
  for (const d of phones) if (d.length >= 11) searchTerms.push([d.slice(0, -8), d.slice(-8, -4), d.slice(-4)]);
  return {
    customerId,
    words: [...words].sort((a, b) => b.length - a.length),
    phones: [...phones],
    searchTerms,
    conversations,
    addresses: [...addresses.values()],
    ids: [customerId, ...conversations.map((c) => c.id), ...bookings.map((b) => b.id), ...complaints.map((c) => c.id), ...tasks.map((t) => t.id)],
  };
}
