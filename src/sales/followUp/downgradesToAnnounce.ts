// Silence downgrades (降级) the customer's owner has not been told about yet; the nudge
// announces each once. The marker is `announcedAt` in the grade_change interaction's
// detail (no schema change), set by a compare-and-set on the whole detail, so of two
// nudge runs (two instances, a retry) only one can claim a downgrade. The caller claims
// inside the transaction that queues its message: a crash loses neither without the other.
import type { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';
import { DAY_MS } from '../salesRules.js';

/** Older downgrades are history, not news (and a first run does not bring up the past). */
export const ANNOUNCE_WITHIN_DAYS = 3;

export interface DowngradeToAnnounce {
  /** the latest unannounced silence change of the customer, and any older ones it covers */
  interactionIds: string[];
  customerId: string;
  ownerId: string;
  name: string | null;
  phone: string | null;
  from: string;
  to: string;
  /** C has nowhere to go: it stays C and the owner is told so */
  flagged: boolean;
  silentDays: number;
  at: Date;
}

interface SilenceDetail {
  from?: string;
  to?: string;
  reason?: string;
  silentDays?: number;
  ownerId?: string | null;
  flagged?: boolean;
  announcedAt?: string;
}

/** Oldest first; one per customer (its latest downgrade); only for the consultant who owned the customer then and still does. */
export async function downgradesToAnnounce(db: Db, storeId: string, now: Date): Promise<DowngradeToAnnounce[]> {
  const rows = await db.interaction.findMany({
    // the sweep writes these without a staff member; a consultant's own regrade is not news to them
    where: { storeId, type: 'grade_change', staffId: null, occurredAt: { gte: new Date(now.getTime() - ANNOUNCE_WITHIN_DAYS * DAY_MS), lte: now } },
    select: {
      id: true,
      occurredAt: true,
      detail: true,
      customer: { select: { id: true, name: true, phone: true, grade: true, ownerId: true, optOutAt: true, anonymisedAt: true } },
    },
    orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
  });
  const byCustomer = new Map<string, DowngradeToAnnounce>();
  for (const r of rows) {
    const d = (r.detail ?? {}) as SilenceDetail;
    if (d.reason !== 'silence' || d.announcedAt || !d.from || !d.to) continue;
    const c = r.customer;
    // handed over since (or recorded before owners were kept): not the owner's news
    if (!d.ownerId || c.ownerId !== d.ownerId) continue;
    // nobody follows these up any more (the sweep makes them no follow-ups either)
    if (c.anonymisedAt || c.optOutAt) continue;
    const earlier = byCustomer.get(c.id);
    byCustomer.set(c.id, {
      interactionIds: [...(earlier?.interactionIds ?? []), r.id],
      customerId: c.id,
      ownerId: d.ownerId,
      name: c.name,
      phone: c.phone,
      from: d.from,
      to: d.to,
      flagged: d.flagged === true,
      silentDays: d.silentDays ?? 0,
      at: r.occurredAt,
    });
  }
  // regraded by hand since: the downgrade is no longer the customer's state
  const current = new Map(rows.map((r) => [r.customer.id, r.customer.grade]));
  return [...byCustomer.values()].filter((n) => current.get(n.customerId) === n.to).sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * Marks the notices announced; returns those this call claimed (another run may have come
 * first). A notice counts as claimed when its latest interaction is; older ones it covers
 * are marked along with it.
 */
export async function claimDowngradeAnnouncements(tx: Prisma.TransactionClient, notices: DowngradeToAnnounce[], now: Date): Promise<DowngradeToAnnounce[]> {
  const ids = notices.flatMap((n) => n.interactionIds);
  if (!ids.length) return [];
  const rows = await tx.interaction.findMany({ where: { id: { in: ids } }, select: { id: true, detail: true } });
  const claimed = new Set<string>();
  for (const r of rows) {
    const d = (r.detail ?? {}) as SilenceDetail;
    if (d.announcedAt) continue;
    // compare-and-set: the row changes only if nobody marked it since we read it
    const { count } = await tx.interaction.updateMany({
      where: { id: r.id, detail: { equals: r.detail as Prisma.InputJsonValue } },
      data: { detail: { ...d, announcedAt: now.toISOString() } as Prisma.InputJsonValue },
    });
    if (count) claimed.add(r.id);
  }
  return notices.filter((n) => claimed.has(n.interactionIds.at(-1)!));
}
