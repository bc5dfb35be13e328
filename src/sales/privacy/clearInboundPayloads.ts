// An inbound event keeps the message it carried (text, chat id, user id) while it is being
// handled or after it failed, so it can be run again; the pipeline clears it once done.
// After a deletion request the customer's events that still hold one lose it: such a run
// is not worth keeping the words for. Few rows ever hold a payload, so they are read and
// matched here rather than searched in SQL (the payload's shape is the channel's).
import { Prisma } from '../../generated/prisma/client.js';
import type { CustomerTraces } from './collectCustomerTraces.js';

/** Platform ids shorter than this are only matched whole, never inside a raw body. */
const MIN_ID_IN_RAW_TEXT = 8;

/** True when a value in the payload (at any depth) is one of the ids, or a raw body contains one. */
function carriesAny(payload: unknown, ids: string[]): boolean {
  const walk = (v: unknown): boolean => {
    if (typeof v === 'string') return ids.some((id) => v === id || (id.length >= MIN_ID_IN_RAW_TEXT && v.includes(id)));
    if (typeof v === 'number' || typeof v === 'bigint') return ids.includes(String(v));
    if (Array.isArray(v)) return v.some(walk);
    if (v && typeof v === 'object') return Object.values(v).some(walk);
    return false;
  };
  return walk(payload);
}

export async function clearInboundPayloads(tx: Prisma.TransactionClient, traces: CustomerTraces): Promise<number> {
  if (!traces.addresses.length) return 0;
  const held = await tx.inboundEvent.findMany({ where: { payload: { not: Prisma.DbNull } }, select: { id: true, channel: true, payload: true } });
  const theirs = held.filter((e) =>
    carriesAny(
      e.payload,
      traces.addresses.filter((a) => a.channel === e.channel).map((a) => a.id),
    ),
  );
  if (!theirs.length) return 0;
  const { count } = await tx.inboundEvent.updateMany({ where: { id: { in: theirs.map((e) => e.id) } }, data: { payload: Prisma.DbNull } });
  return count;
}
