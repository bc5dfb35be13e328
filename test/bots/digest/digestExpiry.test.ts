// The morning digest is the day's board and call list: one still unsent when the store's
// day ends (a Slack outage, a stopped service) is dropped as expired, not posted late.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDigest, type DigestDeps } from '../../../src/bots/digest/createDigestJob.js';
import { ManualClock } from '../../../src/infra/clock.js';
import { OutboxWorker } from '../../../src/core/outbox.js';
import type { Board } from '../../../src/sales/board/boardTypes.js';
import { recordingSender } from '../../helpers/fakeChannel.js';
import { insertMinimalStore } from '../../helpers/fixtures.js';
import { silentLogger } from '../../helpers/silentLogger.js';
import { createTestDb, type TestDb } from '../../helpers/testDb.js';
import { fixtureBoard, fixtureCalls } from './digestFixtures.js';

const SLOT = '2026-12-03T00:30:00.000Z'; // 08:30 in Shanghai
const SHANGHAI_MIDNIGHT = new Date('2026-12-03T16:00:00.000Z'); // 2026-12-04 00:00 in Shanghai

describe('digest expiry', () => {
  let t: TestDb;
  let clock: ManualClock;
  let deps: DigestDeps;
  beforeEach(async () => {
    t = await createTestDb();
    const store = await insertMinimalStore(t.db);
    await t.db.channelIdentity.create({ data: { channel: 'slack', externalId: 'U0LIN0001', staffId: 'st-c' } });
    clock = new ManualClock(SLOT);
    deps = {
      db: t.db,
      store,
      channels: { 'team-t': { channel: 'C0SALES1' } },
      chart: false,
      computeBoard: async (_db, args) => {
        const b = fixtureBoard({ date: args.date });
        return { ...b, ranking: [{ ...b.ranking[0], id: 'st-c', teamId: 'team-t' }] } satisfies Board;
      },
      buildCallList: async () => fixtureCalls(),
    };
  });
  afterEach(async () => t.close());

  it("is posted during the store's day and dropped at its end", async () => {
    await runDigest(deps, { date: '2026-12-03', now: clock.now() });
    const rows = await t.db.outboxMessage.findMany();
    expect(rows.length).toBe(2); // the team channel's board and the consultant's DM
    for (const r of rows) expect(r.expiresAt).toEqual(SHANGHAI_MIDNIGHT);

    const sender = recordingSender();
    const worker = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { slack: sender } });
    clock.set(SHANGHAI_MIDNIGHT.getTime() - 60_000); // 23:59: still the day's digest
    await t.db.outboxMessage.updateMany({ where: { recipient: 'C0SALES1' }, data: { nextAttemptAt: SHANGHAI_MIDNIGHT } });
    expect(await worker.tick()).toBe(1);
    expect(sender.sent.map((s) => s.recipient)).toEqual(['U0LIN0001']);

    clock.set(SHANGHAI_MIDNIGHT); // the board was held back (an outage) until the day was over
    expect(await worker.tick()).toBe(1);
    expect(sender.sent).toHaveLength(1);
    expect(await t.db.outboxMessage.findFirstOrThrow({ where: { recipient: 'C0SALES1' } })).toMatchObject({ status: 'expired', sentAt: null });
  });
});
