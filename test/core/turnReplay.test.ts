// A turn cut off by a crash after any of its writes, then run again by the sweeper in a
// new process on the same store, does each of its side effects exactly once: the booking,
// its record and prep task, the consultant's notice, the ticket, the replies.
//
// The crash: the turn's k-th write never returns (the process froze there), its database
// connection is closed (what the operating system does to a killed process: an open
// transaction rolls back), and a second Pipeline on a fresh connection takes over once
// the lease has passed, and the platform redelivers the update it got no answer to. k runs
// over every write of the turn.
import { afterEach, describe, expect, it } from 'vitest';
import { createBots, createUnderstander } from '../../src/app.js';
import { buildKnowledgeIndex } from '../../src/bots/faq/buildKnowledgeIndex.js';
import { ManualClock } from '../../src/infra/clock.js';
import { INBOUND_LEASE_MS } from '../../src/core/inboundDedupe.js';
import { InboundSweeper } from '../../src/core/inboundSweeper.js';
import type { InboundMessage } from '../../src/core/message.js';
import { Pipeline } from '../../src/core/pipeline.js';
import { createPrisma, type Db } from '../../src/store/createPrisma.js';
import { demoData, insertDemoStore } from '../helpers/demoStore.js';
import { silentLogger } from '../helpers/silentLogger.js';
import { createTestDb, type TestDb } from '../helpers/testDb.js';

const NOW = '2026-12-03T10:15:00+08:00'; // Thursday
const WRITES = new Set(['create', 'createMany', 'update', 'updateMany', 'upsert', 'delete', 'deleteMany', '$executeRaw', '$executeRawUnsafe']);
const data = demoData();
const kb = buildKnowledgeIndex(data);

/** A client whose `crashAt`-th write hangs for ever; `writes` counts the writes seen. */
function freezingClient(url: string, crashAt: number) {
  const base = createPrisma(url);
  const state = { writes: 0, frozen: false };
  const db = base.$extends({
    query: {
      async $allOperations({ operation, args, query }) {
        if (WRITES.has(operation) && ++state.writes === crashAt) {
          state.frozen = true;
          return new Promise(() => undefined);
        }
        return query(args);
      },
    },
  }) as unknown as Db;
  return { db, base, state };
}

function pipelineOn(db: Db, clock: ManualClock, store: Awaited<ReturnType<typeof insertDemoStore>>) {
  return new Pipeline({ db, clock, log: silentLogger, store, bots: createBots({ data, kb }), understand: createUnderstander(data, kb) });
}

/** What the store holds of the customer's booking turn and complaint turn. */
async function effects(db: Db, eventIds: string[]) {
  return {
    bookings: await db.testDriveBooking.count({ where: { status: 'booked' } }),
    appointments: await db.interaction.count({ where: { type: 'appointment' } }),
    prepTasks: await db.followUpTask.count({ where: { kind: 'test_drive_prep' } }),
    complaints: await db.complaint.count(),
    complaintTasks: await db.followUpTask.count({ where: { kind: 'complaint' } }),
    complaintEvents: await db.interaction.count({ where: { type: 'complaint' } }),
    notices: await db.outboxMessage.count({ where: { idempotencyKey: { startsWith: 'notify:' } } }),
    reminders: await db.outboxMessage.count({ where: { idempotencyKey: { startsWith: 'td:' } } }),
    replies: await db.outboxMessage.count({ where: { idempotencyKey: { in: eventIds.flatMap((e) => [0, 1, 2, 3].map((i) => `reply:telegram:${e}:${i}`)) } } }),
    inbound: await db.chatMessage.count({ where: { direction: 'in', deliveryKey: { in: eventIds.map((e) => `in:telegram:${e}`) } } }),
    transcriptReplies: await db.chatMessage.count({ where: { direction: 'out', deliveryKey: { startsWith: 'reply:telegram:' } } }),
  };
}

describe('a turn cut off after any of its writes is done once when run again', () => {
  let t: TestDb | undefined;
  afterEach(async () => t?.close());

  async function scenario(crashAt: number, turn: 'confirm' | 'complaint') {
    t = await createTestDb();
    const store = await insertDemoStore(t.db);
    const clock = new ManualClock(NOW);
    const user = { channel: 'telegram' as const, chatId: '501', userId: '501', side: 'customer' as const };
    const send = (p: Pipeline, eventId: string, m: Partial<InboundMessage>) =>
      p.handle({ ...user, eventId, kind: 'text', at: clock.now(), ...m } as InboundMessage);
    // the conversation up to the turn under test, on a healthy connection
    // every staff member reachable by Slack DM, so the notices are queued
    for (const s of await t.db.staff.findMany({ select: { id: true } })) {
      await t.db.channelIdentity.create({ data: { channel: 'slack', externalId: `U-${s.id}`, staffId: s.id } });
    }
    const healthy = pipelineOn(t.db, clock, store);
    await send(healthy, 'e1', { text: '我想明天下午两点试驾一下E6' });
    await send(healthy, 'e2', { text: '王小明' });
    await send(healthy, 'e3', { text: '13812345678' });
    const final = turn === 'confirm' ? { kind: 'button' as const, action: 'td:confirm' } : { text: '你们销售一直催我，太烦了，我要投诉' };
    if (turn === 'complaint') await send(healthy, 'e4', { kind: 'button', action: 'td:confirm' });
    const eventId = turn === 'confirm' ? 'e4' : 'e5';

    // process 1 runs the turn and freezes at its crashAt-th write
    const crashed = freezingClient(t.url, crashAt);
    const turnRun = send(pipelineOn(crashed.db, clock, store), eventId, final);
    turnRun.catch(() => undefined); // the frozen process's turn: nobody waits for it
    for (let i = 0; i < 2000 && !crashed.state.frozen; i++) {
      if (
        await Promise.race([
          turnRun.then(
            () => true,
            () => true,
          ),
          new Promise((r) => setTimeout(() => r(false), 5)),
        ])
      )
        break;
    }
    const wrote = crashed.state.writes;
    await crashed.base.$disconnect(); // killed: its connection (and any open transaction) goes

    // process 2, after the lease: its sweeper runs the event again from its stored message
    clock.advance(INBOUND_LEASE_MS + 1000);
    const fresh = createPrisma(t.url);
    try {
      const second = pipelineOn(fresh, clock, store);
      await new InboundSweeper({ db: fresh, clock, log: silentLogger, pipeline: second }).tick();
      // and Telegram, which got no answer, delivers the update again (cut off before the
      // event was even stored, this is what runs it)
      await send(second, eventId, final);
      const row = await fresh.inboundEvent.findUniqueOrThrow({ where: { channel_eventId: { channel: 'telegram', eventId } } });
      return { frozen: crashed.state.frozen, wrote, status: row.status, effects: await effects(fresh, ['e1', 'e2', 'e3', 'e4', 'e5']) };
    } finally {
      await fresh.$disconnect();
    }
  }

  it('books once: the booking, its record, its prep task, the notice, the reminders and the reply', async () => {
    const clean = await scenario(Number.MAX_SAFE_INTEGER, 'confirm');
    expect(clean.frozen).toBe(false);
    const expected = clean.effects;
    expect(expected).toMatchObject({ bookings: 1, appointments: 1, prepTasks: 1, notices: 1, reminders: 3, inbound: 4 });
    const writes = clean.wrote;
    expect(writes).toBeGreaterThan(8);
    for (let k = 1; k <= writes; k++) {
      await t?.close();
      const run = await scenario(k, 'confirm');
      expect(run.frozen, `write ${k}`).toBe(true);
      expect(run.status, `write ${k}`).toBe('done');
      expect(run.effects, `cut off at write ${k} of ${writes}`).toEqual(expected);
    }
  }, 240_000);

  it("opens one ticket: the complaint, its event, its task, the manager's notice and the reply", async () => {
    const clean = await scenario(Number.MAX_SAFE_INTEGER, 'complaint');
    const expected = clean.effects;
    expect(expected).toMatchObject({ complaints: 1, complaintTasks: 1, complaintEvents: 1, bookings: 1, notices: 2, inbound: 5 });
    for (let k = 1; k <= clean.wrote; k++) {
      await t?.close();
      const run = await scenario(k, 'complaint');
      expect(run.status, `write ${k}`).toBe('done');
      expect(run.effects, `cut off at write ${k} of ${clean.wrote}`).toEqual(expected);
    }
  }, 240_000);
});
