// The digest job with the real boards (computeBoards, the store's queries once): each
// channel gets the board computeBoard gives for its scope, also when computing them
// together fails (then each scope is computed on its own).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDigest, type DigestDeps } from '../../../src/bots/digest/createDigestJob.js';
import { renderBoardMessage } from '../../../src/bots/digest/renderBoardMessage.js';
import type { StoreInfo } from '../../../src/core/bot.js';
import type { OutboundMessage } from '../../../src/core/message.js';
import { computeBoard } from '../../../src/sales/board/computeBoard.js';
import { generateHistory } from '../../../src/store/seed/generateHistory.js';
import { insertDemoStore } from '../../helpers/demoStore.js';
import { createTestDb, type TestDb } from '../../helpers/testDb.js';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-12-15T00:30:00Z'); // 08:30 store time
const DATE = '2026-12-15';

describe('digest job with the real boards', () => {
  let t: TestDb;
  let store: StoreInfo;
  let deps: DigestDeps;
  beforeEach(async () => {
    t = await createTestDb();
    store = await insertDemoStore(t.db);
    await generateHistory(t.db, { storeId: store.id, now: NOW, timezone: TZ, seed: 7, scale: 1 });
    deps = {
      db: t.db,
      store: { id: store.id, timezone: TZ },
      channels: { 'sales-1': { channel: 'C1' }, 'sales-2': { channel: 'C2' }, store: { channel: 'C0', lang: 'en' } },
      chart: false,
    };
  });
  afterEach(async () => t.close());

  async function posted(): Promise<Record<string, unknown>> {
    const rows = await t.db.outboxMessage.findMany({ where: { channel: 'slack', recipient: { in: ['C0', 'C1', 'C2'] } } });
    return Object.fromEntries(rows.map((r) => [r.recipient, r.payload]));
  }

  async function expected(): Promise<Record<string, unknown>> {
    const args = { storeId: store.id, date: DATE, timeZone: TZ, now: NOW };
    const render = async (teamId: string | undefined, lang: 'zh' | 'en') =>
      JSON.parse(JSON.stringify(renderBoardMessage(await computeBoard(t.db, teamId ? { ...args, teamId } : args), lang, { timeZone: TZ }))) as OutboundMessage;
    return { C0: await render(undefined, 'en'), C1: await render('sales-1', 'zh'), C2: await render('sales-2', 'zh') };
  }

  it("posts each scope's board as computeBoard computes it", async () => {
    const summary = await runDigest(deps, { date: DATE, now: NOW });
    expect(summary.failed).toEqual([]);
    expect(summary.channelPosts).toBe(3);
    expect(await posted()).toEqual(await expected());
  });

  it('falls back to a board per scope when computing them together fails', async () => {
    // the store-wide targets read (computeBoards reads them once) fails once
    const real = t.db.target.findMany.bind(t.db.target);
    let failed = 0;
    (t.db.target as unknown as { findMany: unknown }).findMany = (a: never) => {
      if (!failed++) throw new Error('read broke');
      return real(a);
    };
    const summary = await runDigest(deps, { date: DATE, now: NOW });
    expect(failed).toBeGreaterThan(1);
    expect(summary.failed).toEqual([]);
    expect(await posted()).toEqual(await expected());
  });
});
