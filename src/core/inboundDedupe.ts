// Every inbound platform event is stored once, unique on (channel, event id), with the
// message itself, before any work: a platform's retry of an event that was handled runs
// nothing, and an event whose run died (still "received" after its lease) or failed is
// run again, by the platform's redelivery or by the sweeper (inboundSweeper.ts), so
// nothing is lost. An event that fails MAX_INBOUND_ATTEMPTS times is dead: kept with its
// reason for doctor and /metrics, and no longer in anyone's way.
import { Prisma } from '../generated/prisma/client.js';
import type { Db } from '../store/createPrisma.js';
import { isUniqueViolation } from '../store/prismaErrors.js';

/** How long a run owns its event: longer than any turn (an LLM call times out in 8 s, twice). */
export const INBOUND_LEASE_MS = 60_000;
export const MAX_INBOUND_ATTEMPTS = 5;

type InboundClaim =
  /** this run owns the event now */
  | { kind: 'claimed'; attempt: number }
  /** handled already: a redelivery */
  | { kind: 'done' }
  /** another run owns it until leaseUntil (in this process or another) */
  | { kind: 'busy'; leaseUntil: Date }
  /** failed too often: left alone */
  | { kind: 'dead' };

interface InboundKey {
  channel: string;
  eventId: string;
}

/** Claims the event for this run, storing `payload` (what a re-drive needs) on first sight. */
export async function claimInbound(db: Db, key: InboundKey, now: Date, payload?: Prisma.InputJsonValue, leaseMs = INBOUND_LEASE_MS): Promise<InboundClaim> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  try {
    await db.inboundEvent.create({ data: { channel: key.channel, eventId: key.eventId, receivedAt: now, attempts: 1, leaseUntil, payload } });
    return { kind: 'claimed', attempt: 1 };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  // Taken over only when its lease ran out (the run died) or it failed and its retry is due;
  // a compare-and-set, so two runs never both take it.
  const { count } = await db.inboundEvent.updateMany({
    where: {
      channel: key.channel,
      eventId: key.eventId,
      status: { in: ['received', 'failed'] },
      attempts: { lt: MAX_INBOUND_ATTEMPTS },
      OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }],
    },
    data: { status: 'received', attempts: { increment: 1 }, leaseUntil, ...(payload !== undefined ? { payload } : {}) },
  });
  const row = await db.inboundEvent.findUnique({
    where: { channel_eventId: { channel: key.channel, eventId: key.eventId } },
    select: { status: true, attempts: true, leaseUntil: true },
  });
  if (!row) throw new Error(`inbound event ${key.channel}:${key.eventId} vanished while being claimed`);
  if (count === 1) return { kind: 'claimed', attempt: row.attempts };
  if (row.status === 'done') return { kind: 'done' };
  if (row.status === 'dead' || row.attempts >= MAX_INBOUND_ATTEMPTS) return { kind: 'dead' };
  return { kind: 'busy', leaseUntil: row.leaseUntil ?? now };
}

/** How long a failed event waits before its next run: a blip is retried soon, a fault slowly. */
export function inboundRetryDelayMs(attempt: number): number {
  return [5_000, 30_000, 2 * 60_000, 10 * 60_000][Math.min(attempt, 4) - 1] ?? 10 * 60_000;
}

/**
 * Done: the message (its text) is no longer kept. Failed: retried after a delay, or dead
 * after the last attempt, its payload kept with the reason for an operator to look at
 * (retention prunes it).
 */
export async function finishInbound(db: Db, key: InboundKey, now: Date, error?: string): Promise<'done' | 'failed' | 'dead'> {
  const where = { channel_eventId: { channel: key.channel, eventId: key.eventId } };
  if (!error) {
    await db.inboundEvent.update({ where, data: { status: 'done', doneAt: now, leaseUntil: null, error: null, payload: Prisma.DbNull } });
    return 'done';
  }
  const row = await db.inboundEvent.findUnique({ where, select: { attempts: true } });
  const dead = (row?.attempts ?? MAX_INBOUND_ATTEMPTS) >= MAX_INBOUND_ATTEMPTS;
  await db.inboundEvent.update({
    where,
    data: dead
      ? { status: 'dead', doneAt: now, leaseUntil: null, error: error.slice(0, 500) }
      : { status: 'failed', leaseUntil: new Date(now.getTime() + inboundRetryDelayMs(row?.attempts ?? 1)), error: error.slice(0, 500) },
  });
  return dead ? 'dead' : 'failed';
}
