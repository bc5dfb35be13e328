// Links a channel user to a staff member by the e-mail the platform knows (Slack's
// users.info), so staff need no sign-up step: their work address is their key.
import type { Staff } from '../generated/prisma/client.js';
import type { Db } from '../store/createPrisma.js';
import type { ChannelName } from './message.js';
import { isUniqueViolation } from '../store/prismaErrors.js';

export async function linkStaffByEmail(db: Db, who: { channel: ChannelName; externalId: string; email: string; displayName?: string }): Promise<Staff | null> {
  const wanted = normalizeEmail(who.email);
  if (!wanted) return null;
  // compared in code: SQLite and PostgreSQL disagree on case-insensitive matching, and a
  // store has tens of staff, not thousands
  const active = await db.staff.findMany({ where: { active: true, email: { not: null } } });
  const matches = active.filter((s) => normalizeEmail(s.email!) === wanted);
  // two records with one address is a data error: link neither rather than guess
  if (matches.length !== 1) return null;
  const staff = matches[0];
  const key = { channel_externalId: { channel: who.channel, externalId: who.externalId } };
  try {
    await db.channelIdentity.create({ data: { channel: who.channel, externalId: who.externalId, staffId: staff.id, displayName: who.displayName } });
    return staff;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // another event of the same user got there first, or an identity without anyone on it exists
    await db.channelIdentity.updateMany({
      where: { channel: who.channel, externalId: who.externalId, staffId: null, customerId: null },
      data: { staffId: staff.id },
    });
    const existing = await db.channelIdentity.findUnique({ where: key, include: { staff: true } });
    return existing?.staff?.active ? existing.staff : null;
  }
}

function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
