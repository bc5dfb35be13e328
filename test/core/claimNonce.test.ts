import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimNonce } from '../../src/core/claimNonce.js';
import { ManualClock } from '../../src/infra/clock.js';
import { createPrisma } from '../../src/store/createPrisma.js';
import { createTestDb, type TestDb } from '../helpers/testDb.js';

const KEEP_MS = 600_000;

describe('claimNonce', () => {
  let t: TestDb;
  let clock: ManualClock;
  beforeEach(async () => {
    t = await createTestDb();
    clock = new ManualClock('2026-12-03T02:15:00Z');
  });
  afterEach(async () => t.close());

  const claim = (nonce: string, scope = 'wechat', db = t.db) => claimNonce(db, { scope, nonce, now: clock.now(), keepMs: KEEP_MS });

  it('claims a nonce once per scope', async () => {
    expect(await claim('1714037059:486452656')).toBe(true);
    expect(await claim('1714037059:486452656')).toBe(false);
    expect(await claim('1714037059:486452656', 'other')).toBe(true);
    expect(await claim('1714037059:486452657')).toBe(true);
    expect(await t.db.seenNonce.count()).toBe(3);
  });

  it('refuses the nonce for keepMs, and lets it be claimed again once older than that', async () => {
    expect(await claim('n1')).toBe(true);
    clock.advance(KEEP_MS);
    expect(await claim('n1')).toBe(false); // exactly keepMs old still counts
    clock.advance(1);
    expect(await claim('n1')).toBe(true);
    expect(await claim('n1')).toBe(false);
  });

  it('takes over an expired row that no prune has reached yet', async () => {
    expect(await claim('first')).toBe(true); // this process pruned just now, so it will not prune again soon
    const long = new Date(clock.now().getTime() - KEEP_MS - 1);
    await t.db.seenNonce.create({ data: { scope: 'wechat', nonce: 'left-behind', seenAt: long } }); // e.g. by another instance
    expect(await claim('left-behind')).toBe(true);
    expect(await claim('left-behind')).toBe(false);
    expect(await t.db.seenNonce.findMany({ where: { nonce: 'left-behind' }, select: { seenAt: true } })).toEqual([{ seenAt: clock.now() }]);
  });

  it('deletes rows older than keepMs now and then, only in its own scope', async () => {
    expect(await claim('old')).toBe(true);
    expect(await claim('other-old', 'other')).toBe(true);
    clock.advance(KEEP_MS / 2);
    expect(await claim('young')).toBe(true); // too soon after the last prune: nothing deleted
    clock.advance(KEEP_MS / 2 + 1);
    expect(await claim('new')).toBe(true); // a prune: "old" is now older than keepMs
    const rows = await t.db.seenNonce.findMany({ select: { scope: true, nonce: true }, orderBy: [{ scope: 'asc' }, { nonce: 'asc' }] });
    expect(rows).toEqual([
      { scope: 'other', nonce: 'other-old' }, // its scope has not pruned yet
      { scope: 'wechat', nonce: 'new' },
      { scope: 'wechat', nonce: 'young' },
    ]);
  });

  it('lets one of two instances on the same database win a race for a nonce', async () => {
    const second = createPrisma(t.url);
    try {
      const results = await Promise.all([claim('raced'), claim('raced', 'wechat', second), claim('raced'), claim('raced', 'wechat', second)]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await claim('raced', 'wechat', second)).toBe(false); // the other instance's claim holds here too
      expect(await t.db.seenNonce.count({ where: { nonce: 'raced' } })).toBe(1);
    } finally {
      await second.$disconnect();
    }
  });
});
