// Linking a channel user to staff by e-mail: case-insensitive, active staff only, idempotent.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linkStaffByEmail } from '../../src/core/linkStaffByEmail.js';
import { insertMinimalStore } from '../helpers/fixtures.js';
import { createTestDb, type TestDb } from '../helpers/testDb.js';

describe('linkStaffByEmail', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
    await insertMinimalStore(t.db);
    await t.db.staff.update({ where: { id: 'st-c' }, data: { email: 'Lin@Dealer.example' } });
    await t.db.staff.update({ where: { id: 'st-m' }, data: { email: 'chen@dealer.example', active: false } });
  });
  afterEach(async () => t.close());

  it('links on a case-insensitive match, once, even when two events race', async () => {
    const who = { channel: 'slack' as const, externalId: 'U1', email: ' lin@dealer.EXAMPLE ', displayName: 'Lin' };
    const [a, b] = await Promise.all([linkStaffByEmail(t.db, who), linkStaffByEmail(t.db, who)]);
    expect([a?.id, b?.id]).toEqual(['st-c', 'st-c']);
    expect(await t.db.channelIdentity.findMany()).toEqual([
      expect.objectContaining({ channel: 'slack', externalId: 'U1', staffId: 'st-c', displayName: 'Lin' }),
    ]);
  });

  it('links nobody for an unknown address or an inactive staff member', async () => {
    expect(await linkStaffByEmail(t.db, { channel: 'slack', externalId: 'U2', email: 'nobody@dealer.example' })).toBeNull();
    expect(await linkStaffByEmail(t.db, { channel: 'slack', externalId: 'U3', email: 'chen@dealer.example' })).toBeNull();
    expect(await t.db.channelIdentity.count()).toBe(0);
  });
});
