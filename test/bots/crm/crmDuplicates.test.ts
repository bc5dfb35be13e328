// Staff decide possible duplicates (a phone a visitor typed that another customer has):
// "my day" lists them, the card asks the question with the other customer masked, and
// only a staff member who may see both records can merge them (the older record stays,
// with its owner) or say they are not the same person; both audited without personal data.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buttonsOf, cardOf, startStoreChat, textOf, type StoreChat } from '../../helpers/storeChat.js';

const NOW = '2026-12-03T09:00:00+08:00'; // Thursday
const PHONE = '13812345678';

describe('possible duplicates in the CRM', () => {
  let h: StoreChat;
  let victimId: string;
  let visitorId: string;

  async function visitorTypes(session: string, name: string, phone: string): Promise<string> {
    const visitor = h.customer('web', session);
    await visitor.say('我想明天下午两点试驾一下E6');
    await visitor.say(name);
    await visitor.say(phone);
    return (await h.db.channelIdentity.findFirstOrThrow({ where: { channel: 'web', externalId: session } })).customerId!;
  }

  beforeEach(async () => {
    h = await startStoreChat({ now: NOW, staff: ['01', '03', '10'] });
    // st-03's customer, entered by staff: the phone is proven
    await h.pipeline.handle(
      {
        channel: 'slack',
        eventId: 'lead-1',
        chatId: 'DU03',
        userId: 'U03',
        side: 'staff',
        kind: 'form',
        at: h.clock.now(),
        form: { id: 'crm.lead', values: { name: '王小明', phone: PHONE, source: 'walk_in', timeframe: 'within_15d' } },
      },
      { inline: true },
    );
    victimId = (await h.db.customer.findFirstOrThrow({ where: { verifiedPhone: PHONE } })).id;
    h.clock.advance(60 * 60_000);
    // an hour later a web visitor (unowned: no booking yet) types the same number
    visitorId = await visitorTypes('visitor-1', '李四', PHONE);
    expect(await h.db.customer.findUniqueOrThrow({ where: { id: visitorId } })).toMatchObject({ possibleDuplicateOfId: victimId, ownerId: null });
    await h.db.auditLog.deleteMany();
  });
  afterEach(async () => h.close());

  it('lists the flagged customer in "my day" and asks the question on the card, masked', async () => {
    const en = await h.staff('U01').say('my day');
    expect(textOf(en)).toContain('Possible duplicates to check (1)\n· 李* 138****5678 grade C · same phone as another customer');
    const day = await h.staff('U01').say('我的今天');
    expect(textOf(day)).toContain('可能重复，待确认（1）');
    expect(textOf(day)).toContain('· 李* 138****5678 C级 · 手机号与另一位客户相同');
    expect(buttonsOf(day)).toContain(`crm:open:${visitorId}`);

    const card = await h.staff('U01').press(`crm:open:${visitorId}`);
    expect(card[0].card!.fields![0].label).toBe('可能重复');
    expect(cardOf(card)['可能重复']).toMatch(/^王\*\* 138\*\*\*\*5678 · A · 林晓雯：同一手机号，由客户在聊天中输入，未经验证/);
    expect(buttonsOf(card).slice(0, 3)).toEqual([`crm:dupmerge:${visitorId}`, `crm:dupdistinct:${visitorId}`, `crm:open:${victimId}`]);
    expect(JSON.stringify(card)).not.toContain(PHONE);
    // the other record has no question of its own
    expect(cardOf(await h.staff('U01').press(`crm:open:${victimId}`))).not.toHaveProperty('可能重复');
  });

  it('merges into the older record, which keeps its owner; audited without personal data', async () => {
    const r = await h.staff('U01').press(`crm:dupmerge:${visitorId}`);
    expect(textOf(r)).toMatch(/^已合并为一位客户：保留较早的记录 王\*\*（A），负责人 林晓雯 不变/);
    expect(await h.db.customer.findUnique({ where: { id: visitorId } })).toBeNull();
    const kept = await h.db.customer.findUniqueOrThrow({ where: { id: victimId } });
    expect(kept).toMatchObject({ name: '王小明', ownerId: 'st-03', verifiedPhone: PHONE, possibleDuplicateOfId: null });
    expect(await h.db.channelIdentity.findFirstOrThrow({ where: { channel: 'web', externalId: 'visitor-1' } })).toMatchObject({ customerId: victimId });

    const audit = await h.db.auditLog.findFirstOrThrow({ where: { action: 'customer.merged' } });
    expect(audit).toMatchObject({ actorType: 'staff', actorId: 'st-01', subjectType: 'customer', subjectId: victimId });
    expect(audit.detail).toEqual({ mergedId: visitorId, flaggedId: visitorId, role: 'store_manager', ownerKept: 'st-03' });
    for (const personal of [PHONE, '138****', '王', '李']) expect(JSON.stringify(audit)).not.toContain(personal);
    // decided once: the button again finds nothing to decide
    expect(textOf(await h.staff('U01').press(`crm:dupmerge:${victimId}`))).toContain('没有待确认的重复提示');
  });

  it('clears the flag on "not the same person", audited, and the records stay apart', async () => {
    const r = await h.staff('U01').press(`crm:dupdistinct:${visitorId}`);
    expect(textOf(r)).toContain('已标记为不是同一人：李* 的重复提示已清除');
    expect(await h.db.customer.findUniqueOrThrow({ where: { id: visitorId } })).toMatchObject({ possibleDuplicateOfId: null, phone: PHONE });
    expect(await h.db.customer.count({ where: { phone: PHONE } })).toBe(2);
    const audit = await h.db.auditLog.findFirstOrThrow({ where: { action: 'customer.duplicate_dismissed' } });
    expect(audit).toMatchObject({ actorId: 'st-01', subjectId: visitorId, detail: { otherId: victimId, role: 'store_manager' } });
    expect(textOf(await h.staff('U01').say('我的今天'))).not.toContain('可能重复');
    // the same number typed again in the same chat does not raise the question again
    await h.customer('web', 'visitor-1').say(PHONE);
    expect(await h.db.customer.findUniqueOrThrow({ where: { id: visitorId } })).toMatchObject({ possibleDuplicateOfId: null });
  });

  it('refuses anyone who cannot see both customers, on record, and changes nothing', async () => {
    // the other customer's owner cannot see the unowned visitor at all
    expect(textOf(await h.staff('U03').press(`crm:dupmerge:${visitorId}`))).toContain('不在您的权限范围内');
    // a DCC agent sees the unowned visitor, not st-03's customer: told whom to ask, never who it is
    const card = await h.staff('U10').press(`crm:open:${visitorId}`);
    expect(cardOf(card)['可能重复']).toBe('另一位不在您权限范围内的客户：同一手机号，由客户在聊天中输入。请店总确认。');
    expect(buttonsOf(card).filter((v) => v.startsWith('crm:dup') || v === `crm:open:${victimId}`)).toEqual([]);
    expect(JSON.stringify(card)).not.toContain('王');
    for (const verb of ['dupmerge', 'dupdistinct']) {
      expect(textOf(await h.staff('U10').press(`crm:${verb}:${visitorId}`))).toBe('只有能同时查看这两位客户的同事（如店总）才能处理重复提示，已记录此次操作。');
    }
    expect(await h.db.customer.findUniqueOrThrow({ where: { id: visitorId } })).toMatchObject({ possibleDuplicateOfId: victimId });
    expect(await h.db.customer.count()).toBe(2);
    const denied = await h.db.auditLog.findMany({ where: { action: 'access_denied' }, orderBy: [{ actorId: 'asc' }, { createdAt: 'asc' }] });
    expect(denied.map((d) => [d.actorId, d.subjectId, d.detail])).toEqual([
      ['st-03', visitorId, { attempted: 'button:dupmerge', role: 'sales_consultant' }],
      ['st-10', victimId, { attempted: 'duplicate:merge', role: 'dcc_agent', reason: 'other_out_of_scope' }],
      ['st-10', victimId, { attempted: 'duplicate:distinct', role: 'dcc_agent', reason: 'other_out_of_scope' }],
    ]);
  });
});
