// Retention (PIPL: keep personal data no longer than needed): what the store's rules
// (sales-rules.yaml `retention`) say may go, goes. Chat transcripts of conversations quiet
// for longer than transcriptDays (the privacy notice tells customers this period); handled
// inbound events, and the message a dead one kept; the text of outgoing messages that are
// finished (sent, dead, expired, cancelled: the row stays for the counts and threads);
// old job runs. In batches of a few hundred rows, yielding to the event loop between
// them: SQLite is synchronous, so one long statement would hold every chat turn.
// Idempotent (what is gone is not matched again), so a second instance running it, or a
// run cut short and started again, does no harm.
import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';
import { DAY_MS, type RetentionRules } from '../salesRules.js';

interface PruneResult {
  /** ChatMessage rows deleted */
  transcriptMessages: number;
  /** handled InboundEvent rows deleted */
  inboundEvents: number;
  /** dead InboundEvent rows whose kept message was cleared */
  inboundPayloads: number;
  /** OutboxMessage rows whose text was dropped */
  outboxPayloads: number;
  /** JobRun rows deleted */
  jobRuns: number;
  /** batches that found rows to prune (each at most the batch size) */
  batches: number;
}

/** What a finished outbox row keeps of its message: nothing but that it was pruned. */
export const PRUNED_PAYLOAD = { text: '', pruned: true } as const;

export const RETENTION_BATCH = 500;

/** Finished outbox rows: nothing will send them again. */
const FINISHED_OUTBOX = ['sent', 'dead', 'expired', 'cancelled'];
/** Job runs still running are the scheduler's (a lease may be taken over): never pruned. */
const FINISHED_JOB_RUNS = ['done', 'failed'];

/** Resolves on the next turn of the event loop, so waiting requests and turns go first. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function before(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

export async function pruneRetention(db: Db, rules: RetentionRules, now: Date, opts: { batchSize?: number } = {}): Promise<PruneResult> {
  const take = opts.batchSize ?? RETENTION_BATCH;
  const result: PruneResult = { transcriptMessages: 0, inboundEvents: 0, inboundPayloads: 0, outboxPayloads: 0, jobRuns: 0, batches: 0 };
  /**
   * Runs `step` (one batch: select up to `take` ids, change those) until a batch selects
   * nothing. It stops on what it found, not on what it changed: rows another instance
   * took meanwhile count for that one, and this one goes on with the rest. The
   * selection and the change ask the same, so a row found is a row changed by someone.
   */
  const inBatches = async (step: () => Promise<{ found: number; changed: number }>): Promise<number> => {
    let total = 0;
    for (;;) {
      const { found, changed } = await step();
      if (!found) return total;
      total += changed;
      result.batches++;
      await yieldToEventLoop();
    }
  };
  const change = async (ids: unknown[], write: () => Promise<{ count: number }>) => ({ found: ids.length, changed: ids.length ? (await write()).count : 0 });

  // Transcripts: a conversation is quiet when none of its messages is newer than the cutoff;
  // then all of its messages go (the conversation row stays: after-sale messages still reach
  // the customer through it). Conversations in id order, so none is looked at twice a run.
  const transcriptCutoff = before(now, rules.transcriptDays);
  let afterConversation = '';
  for (;;) {
    const quiet = await db.conversation.findMany({
      where: { id: { gt: afterConversation }, messages: { some: {}, none: { createdAt: { gte: transcriptCutoff } } } },
      select: { id: true },
      orderBy: { id: 'asc' },
      take,
    });
    if (!quiet.length) break;
    afterConversation = quiet[quiet.length - 1].id;
    const conversationIds = quiet.map((c) => c.id);
    result.transcriptMessages += await inBatches(async () => {
      // only what is older than the cutoff: a message that came in meanwhile stays, and so does its chat
      const ids = (
        await db.chatMessage.findMany({ where: { conversationId: { in: conversationIds }, createdAt: { lt: transcriptCutoff } }, select: { id: true }, take })
      ).map((m) => m.id);
      return change(ids, () => db.chatMessage.deleteMany({ where: { id: { in: ids } } }));
    });
    await yieldToEventLoop();
  }

  // Inbound events: a handled one is only a dedupe key by now, and platforms redeliver
  // within minutes, not weeks; a dead one stays for doctor, without the message it kept.
  const inboundCutoff = before(now, rules.inboundEventsDays);
  result.inboundEvents = await inBatches(async () => {
    const ids = (await db.inboundEvent.findMany({ where: { status: 'done', receivedAt: { lt: inboundCutoff } }, select: { id: true }, take })).map((e) => e.id);
    return change(ids, () => db.inboundEvent.deleteMany({ where: { id: { in: ids }, status: 'done' } }));
  });
  result.inboundPayloads = await inBatches(async () => {
    const ids = (
      await db.inboundEvent.findMany({
        where: { status: 'dead', receivedAt: { lt: inboundCutoff }, payload: { not: Prisma.DbNull } },
        select: { id: true },
        take,
      })
    ).map((e) => e.id);
    return change(ids, () =>
      db.inboundEvent.updateMany({ where: { id: { in: ids }, status: 'dead', payload: { not: Prisma.DbNull } }, data: { payload: Prisma.DbNull } }),
    );
  });

  // Outbox: a finished row keeps its key (idempotency), status, times and thread ref; its
  // text goes. Counted from when it was last due (the retry index covers status and that).
  const outboxCutoff = before(now, rules.outboxPayloadDays);
  result.outboxPayloads = await inBatches(async () => {
    const ids = (
      await db.outboxMessage.findMany({
        where: { status: { in: FINISHED_OUTBOX }, nextAttemptAt: { lt: outboxCutoff }, payload: { not: PRUNED_PAYLOAD } },
        select: { id: true },
        take,
      })
    ).map((o) => o.id);
    // the conditions again: a row is never taken from under a send, and one another
    // instance pruned meanwhile is not counted twice
    return change(ids, () =>
      db.outboxMessage.updateMany({
        where: { id: { in: ids }, status: { in: FINISHED_OUTBOX }, payload: { not: PRUNED_PAYLOAD } },
        data: { payload: PRUNED_PAYLOAD },
      }),
    );
  });

  const jobRunCutoff = before(now, rules.jobRunsDays);
  result.jobRuns = await inBatches(async () => {
    const ids = (await db.jobRun.findMany({ where: { status: { in: FINISHED_JOB_RUNS }, startedAt: { lt: jobRunCutoff } }, select: { id: true }, take })).map(
      (j) => j.id,
    );
    return change(ids, () => db.jobRun.deleteMany({ where: { id: { in: ids }, status: { in: FINISHED_JOB_RUNS } } }));
  });
  return result;
}
