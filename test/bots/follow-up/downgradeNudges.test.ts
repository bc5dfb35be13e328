// The sweep's silence downgrades (降级) announced to the customer's owner at the top of the
// next nudge: masked, from → to, the days without contact, open and log buttons; once
// (a second run, a second scheduler), held through quiet hours, never to a former owner.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFollowUpSweep } from '../../../src/bots/follow-up/createFollowUpJobs.js';
import { sendNudges } from '../../../src/bots/follow-up/sendNudges.js';
import type { OutboundMessage } from '../../../src/core/message.js';
import { DEFAULT_SALES_RULES as R } from '../../../src/sales/salesRules.js';
import { insertMinimalStore, TEST_STORE } from '../../helpers/fixtures.js';
import { createTestDb, type TestDb } from '../../helpers/testDb.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = new Date('2026-12-03T10:05:00+08:00');
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const scope = { storeId: TEST_STORE.id, timeZone: TEST_STORE.timezone };

describe('downgrades in the nudge', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
    await insertMinimalStore(t.db);
    // a second consultant who reads English
    await t.db.staff.create({
      data: { id: 'st-e', storeId: TEST_STORE.id, teamId: 'team-t', nameZh: '李雷', nameEn: 'Li Lei', role: 'sales_consultant', languages: 'en' },
    });
    await t.db.channelIdentity.createMany({
      data: [
        { channel: 'slack', externalId: 'U-C', staffId: 'st-c' },
        { channel: 'slack', externalId: 'U-E', staffId: 'st-e' },
        { channel: 'slack', externalId: 'U-M', staffId: 'st-m' },
      ],
    });
  });
  afterEach(async () => t.close());

  // silent long enough for one grade down; the follow-up the sweep then makes is due before today (not a nudge item)
  async function customer(id: string, name: string, phone: string, grade: string, silentDays: number, ownerId = 'st-c') {
    await t.db.customer.create({
      data: { id, storeId: TEST_STORE.id, name, phone, grade, ownerId, source: 'walk_in', lastContactAt: ago(silentDays), createdAt: ago(60) },
    });
  }
  const messages = async (recipient: string) =>
    (await t.db.outboxMessage.findMany({ where: { recipient }, orderBy: { createdAt: 'asc' } })).map((o) => o.payload as unknown as OutboundMessage);

  it('names the downgrade at the top of the next nudge, in zh and en, with open and log buttons; a consultant with only a downgrade gets one too', async () => {
    await customer('c-a', '王小明', '13812341234', 'A', 8); // 8 d ≥ 2 × 3: A → B
    await customer('c-t', '赵六', '13800000001', 'A', 1);
    await t.db.followUpTask.create({ data: { id: 't1', customerId: 'c-t', staffId: 'st-c', kind: 'follow_up', dueAt: new Date(NOW.getTime() + 10 * 60_000) } });
    await customer('c-e', 'Li Ming', '13900005678', 'B', 15, 'st-e'); // 15 d ≥ 2 × 7: B → C
    expect((await runFollowUpSweep(t.db, scope, R, NOW)).downgraded).toBe(2);

    expect(await sendNudges(t.db, scope, R, NOW, 'slot-1')).toEqual({ messages: 2, items: 1, downgrades: 2 });
    const [zh] = await messages('U-C');
    expect(zh.text.split('\n')).toEqual([
      '降级提醒（1）：',
      '1. 王** 138****1234：A→B，已 8 天未联系',
      '',
      '接下来要联系的客户（1）：',
      '2. 10:15 赵*（A级）· 跟进',
    ]);
    expect(zh.buttons!.slice(0, 3)).toEqual([
      { label: '1 打开', value: 'crm:open:c-a' },
      { label: '1 记录联系', value: 'crm:log:c-a' },
      { label: '2 完成', value: 'fu:done:t1' },
    ]);
    // st-e has nothing coming due: the downgrade alone is the message
    const [en] = await messages('U-E');
    expect(en.text).toBe('Downgraded (1):\n1. L* M*** 139****5678: B→C, no contact for 15 days');
    expect(en.buttons).toEqual([
      { label: '1 open', value: 'crm:open:c-e' },
      { label: '1 log contact', value: 'crm:log:c-e' },
    ]);
    // managers hear nothing of it
    expect(await messages('U-M')).toEqual([]);
  });

  it('does not announce a downgrade twice: not in the next nudge, nor from a second scheduler', async () => {
    await customer('c-a', '王小明', '13812341234', 'A', 8);
    await customer('c-b', '张三', '13812345678', 'H', 5); // 5 d ≥ 2 × 2: H → A
    await runFollowUpSweep(t.db, scope, R, NOW);
    // two schedulers with their own slots at once: one message between them
    const both = await Promise.all([sendNudges(t.db, scope, R, NOW, 'slot-a'), sendNudges(t.db, scope, R, NOW, 'slot-b')]);
    expect(both.map((r) => r.messages).sort()).toEqual([0, 1]);
    expect(both.reduce((n, r) => n + r.downgrades, 0)).toBe(2);
    expect(await sendNudges(t.db, scope, R, NOW, 'slot-a')).toEqual({ messages: 0, items: 0, downgrades: 0 });
    expect(await sendNudges(t.db, scope, R, new Date(NOW.getTime() + HOUR), 'slot-2')).toEqual({ messages: 0, items: 0, downgrades: 0 });
    // the next sweep does not downgrade again within the period, so nothing new either
    await runFollowUpSweep(t.db, scope, R, new Date(NOW.getTime() + 2 * HOUR));
    expect(await sendNudges(t.db, scope, R, new Date(NOW.getTime() + 2 * HOUR), 'slot-3')).toEqual({ messages: 0, items: 0, downgrades: 0 });
    const sent = await messages('U-C');
    expect(sent).toHaveLength(1);
    expect(sent[0].text).toContain('降级提醒（2）：');
    expect(sent[0].text).toContain('张* 138****5678：H→A，已 5 天未联系');
  });

  it('holds a downgrade made at night until working hours', async () => {
    await customer('c-a', '王小明', '13812341234', 'A', 8);
    const night = new Date('2026-12-03T23:05:00+08:00');
    expect((await runFollowUpSweep(t.db, scope, R, night)).downgraded).toBe(1);
    expect(await sendNudges(t.db, scope, R, night, 'n1')).toEqual({ messages: 0, items: 0, downgrades: 0 });
    expect(await sendNudges(t.db, scope, R, new Date('2026-12-04T07:30:00+08:00'), 'n2')).toEqual({ messages: 0, items: 0, downgrades: 0 });
    expect(await messages('U-C')).toEqual([]);
    expect(await sendNudges(t.db, scope, R, new Date('2026-12-04T09:00:00+08:00'), 'd1')).toEqual({ messages: 1, items: 0, downgrades: 1 });
    expect((await messages('U-C'))[0].text).toBe('降级提醒（1）：\n1. 王** 138****1234：A→B，已 8 天未联系');
  });

  it('does not tell the former owner about a customer handed over since the downgrade', async () => {
    await customer('c-a', '王小明', '13812341234', 'A', 8);
    await customer('c-b', '张三', '13812345678', 'A', 8);
    await runFollowUpSweep(t.db, scope, R, NOW);
    await t.db.customer.update({ where: { id: 'c-a' }, data: { ownerId: 'st-e' } });
    expect(await sendNudges(t.db, scope, R, NOW, 'slot-1')).toEqual({ messages: 1, items: 0, downgrades: 1 });
    const [msg] = await messages('U-C');
    expect(msg.text).toBe('降级提醒（1）：\n1. 张* 138****5678：A→B，已 8 天未联系');
    expect(msg.buttons!.map((b) => b.value)).toEqual(['crm:open:c-b', 'crm:log:c-b']);
    // nor the new owner: it was not their customer when it went silent
    expect(await messages('U-E')).toEqual([]);
  });

  it('tells the owner of a C customer who has nowhere lower to go (flagged, still C)', async () => {
    await customer('c-c', 'Li Ming', '13900005678', 'C', 30, 'st-e'); // 30 d ≥ 2 × 14: stays C, flagged
    expect((await runFollowUpSweep(t.db, scope, R, NOW)).flagged).toBe(1);
    expect(await sendNudges(t.db, scope, R, NOW, 'slot-1')).toEqual({ messages: 1, items: 0, downgrades: 1 });
    expect((await messages('U-E'))[0].text).toBe('Downgraded (1):\n1. L* M*** 139****5678: stays C (the lowest grade), no contact for 30 days');
  });
});
