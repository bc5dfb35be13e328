// Who wrote: a channel user becomes a known staff member or customer. An unknown customer
// gets a record on first contact, with the channel as the lead source (a lead from then
// on, except a web chat visitor: see newCustomer).
import type { Customer, Staff } from '../generated/prisma/client.js';
import type { Db } from '../store/createPrisma.js';
import { BotError } from './errors.js';
import type { ChannelName, InboundMessage } from './message.js';
import { isUniqueViolation } from '../store/prismaErrors.js';

export type Actor = { kind: 'customer'; customer: Customer } | { kind: 'staff'; staff: Staff };

const SOURCE_BY_CHANNEL: Record<ChannelName, string> = {
  web: 'web_chat',
  telegram: 'telegram',
  wechat: 'wechat',
  slack: 'slack',
};

export async function resolveActor(db: Db, storeId: string, msg: InboundMessage): Promise<Actor> {
  if (msg.side === 'staff') return { kind: 'staff', staff: await resolveStaff(db, storeId, msg) };
  return { kind: 'customer', customer: await resolveCustomer(db, storeId, msg) };
}

async function resolveStaff(db: Db, storeId: string, msg: InboundMessage): Promise<Staff> {
  // The web chat's staff side names the staff member directly (it is opened only on
  // loopback or behind WEB_STAFF_KEY); other channels must have a linked identity.
  if (msg.channel === 'web' && msg.staffId) {
    const staff = await db.staff.findFirst({ where: { id: msg.staffId, storeId, active: true } });
    if (!staff) throw new BotError('unknown_user', `no active staff ${msg.staffId}`, 'error.unknownStaff');
    return staff;
  }
  const identity = await db.channelIdentity.findUnique({
    where: { channel_externalId: { channel: msg.channel, externalId: msg.userId } },
    include: { staff: true },
  });
  if (!identity?.staff || !identity.staff.active) {
    throw new BotError('unknown_user', `${msg.channel} user is not linked to staff`, 'error.unknownStaff');
  }
  return identity.staff;
}

async function resolveCustomer(db: Db, storeId: string, msg: InboundMessage): Promise<Customer> {
  const key = { channel_externalId: { channel: msg.channel, externalId: msg.userId } };
  const found = await db.channelIdentity.findUnique({ where: key, include: { customer: true } });
  if (found?.customer) {
    await db.channelIdentity.update({ where: { id: found.id }, data: { lastSeenAt: msg.at } });
    return found.customer;
  }
  try {
    // One nested create: the customer and its identity exist together or not at all.
    const created = await db.channelIdentity.upsert({
      where: key,
      update: { lastSeenAt: msg.at, customer: { create: newCustomer(storeId, msg) } },
      create: {
        channel: msg.channel,
        externalId: msg.userId,
        displayName: msg.profile?.displayName,
        lang: msg.profile?.languageCode,
        lastSeenAt: msg.at,
        customer: { create: newCustomer(storeId, msg) },
      },
      include: { customer: true },
    });
    return created.customer!;
  } catch (err) {
    // Two first messages racing: the other one created the identity; use it.
    if (!isUniqueViolation(err)) throw err;
    const again = await db.channelIdentity.findUnique({ where: key, include: { customer: true } });
    if (!again?.customer) throw err;
    return again.customer;
  }
}

function newCustomer(storeId: string, msg: InboundMessage) {
  // A Telegram or WeChat account is a person the platform vouches for: a lead at once. A
  // web chat session costs nothing to open (a script can open thousands), so a visitor
  // becomes a lead only once they leave a phone or book (sales/recordCustomerPhone, bookTestDrive).
  const leadAt = msg.channel === 'web' ? null : msg.at;
  return { storeId, source: SOURCE_BY_CHANNEL[msg.channel], grade: 'C', createdAt: msg.at, lastContactAt: msg.at, leadAt };
}
