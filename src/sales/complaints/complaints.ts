// Complaint tickets (投诉处理): a reference number the customer can quote, a response
// deadline, and the sales manager who answers for it.
import type { Complaint } from '../../generated/prisma/client.js';
import { isUniqueViolation } from '../../store/prismaErrors.js';
import { localParts } from '../../infra/storeTime.js';
import type { Db } from '../../store/createPrisma.js';

export const COMPLAINT_RESPONSE_HOURS = 24;

/** The manager who owns a complaint: the owner's team manager, else any sales manager, else the store manager. */
export async function chooseEscalation(db: Db, storeId: string, ownerId: string | null): Promise<string | null> {
  if (ownerId) {
    const owner = await db.staff.findUnique({ where: { id: ownerId }, include: { team: true } });
    if (owner?.team?.managerId) return owner.team.managerId;
  }
  const manager =
    (await db.staff.findFirst({ where: { storeId, role: 'sales_manager', active: true }, orderBy: { id: 'asc' } })) ??
    (await db.staff.findFirst({ where: { storeId, role: 'store_manager', active: true }, orderBy: { id: 'asc' } }));
  return manager?.id ?? null;
}

export async function openComplaint(
  db: Db,
  args: {
    storeId: string;
    customerId: string;
    ownerId: string | null;
    conversationId?: string;
    text: string;
    now: Date;
    timeZone: string;
    channel?: string;
    /** the turn's event key: the same turn run again finds its ticket instead of opening a second */
    eventKey?: string;
  },
): Promise<Complaint> {
  if (args.eventKey) {
    const opened = await db.complaint.findUnique({ where: { eventKey: args.eventKey } });
    if (opened) return opened;
  }
  const day = localParts(args.now, args.timeZone).date.replace(/-/g, '');
  const escalatedToId = await chooseEscalation(db, args.storeId, args.ownerId);
  const deadlineAt = new Date(args.now.getTime() + COMPLAINT_RESPONSE_HOURS * 3_600_000);
  for (let attempt = 0; attempt < 5; attempt++) {
    const n = (await db.complaint.count({ where: { ref: { startsWith: `TS-${day}-` } } })) + 1 + attempt;
    try {
      // the ticket, its event and its task together or not at all: a crash leaves no half
      return await db.$transaction(async (tx) => {
        const complaint = await tx.complaint.create({
          data: {
            ref: `TS-${day}-${String(n).padStart(4, '0')}`,
            customerId: args.customerId,
            conversationId: args.conversationId,
            text: args.text.slice(0, 2000),
            deadlineAt,
            escalatedToId,
            eventKey: args.eventKey,
            createdAt: args.now,
          },
        });
        await tx.interaction.create({
          data: {
            storeId: args.storeId,
            customerId: args.customerId,
            staffId: args.ownerId,
            type: 'complaint',
            channel: args.channel,
            occurredAt: args.now,
            detail: { complaintId: complaint.id, ref: complaint.ref },
          },
        });
        await tx.followUpTask.create({
          data: {
            customerId: args.customerId,
            staffId: escalatedToId,
            kind: 'complaint',
            reason: complaint.ref,
            dueAt: deadlineAt,
            dedupeKey: `complaint:${complaint.id}`,
            createdAt: args.now,
          },
        });
        return complaint;
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // the same turn's other run opened it a moment ago: that ticket stands
      if (args.eventKey) {
        const opened = await db.complaint.findUnique({ where: { eventKey: args.eventKey } });
        if (opened) return opened;
      }
      // Two complaints in the same second took the same number: take the next one.
    }
  }
  throw new Error('could not allocate a complaint reference');
}
