// A customer's deletion request taken by the store (phone, in person, in writing): the
// CRM card's erase button for managers in scope, the confirmation form, the same
// anonymisation as the customer's own request, the audit row, the owner's notice.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../../src/core/message.js';
import { buttonsOf as buttons, startStaffChat, textOf as text, type StaffChat } from '../../helpers/staffChat.js';

const NOW = '2026-12-03T08:30:00+08:00'; // Thursday

describe("erasing a customer's personal data at their request, from the CRM", () => {
  let chat: StaffChat;
  let t: StaffChat['t'];
  let clock: StaffChat['clock'];
  let customerId: string;
  const press = (user: string, action: string) => chat.press(user, action);
  const submit = (user: string, id: string, values: Record<string, string>, meta?: string) => chat.submit(user, id, values, meta);
  const outbox = (recipient: string) => chat.outbox(recipient);
  const customer = () => t.db.customer.findUniqueOrThrow({ where: { id: customerId } });

  beforeEach(async () => {
    chat = await startStaffChat({ now: NOW, staff: ['01', '02', '03', '04', '06', '07'] });
    ({ t, clock } = chat);

    // st-03's lead (team st-02), with a note, a planned follow-up, a web-chat account and a transcript
    await submit('U03', 'crm.lead', {
      name: '王小明',
      phone: '13812345678',
      source: 'walk_in',
      model: 'x5',
      budget: '15-20万',
      timeframe: 'within_15d',
      notes: '住在浦东',
    });
    customerId = (await t.db.customer.findFirstOrThrow()).id;
    await submit('U03', 'crm.note', { customer: '5678', note: '太太姓李，电话 13900001111' });
    await submit('U03', 'crm.followup', { date: '2026-12-05', time: '10:30', note: '确认到店' }, customerId);
    await t.db.channelIdentity.create({ data: { channel: 'web', externalId: 'customer-9001', customerId } });
    await t.db.conversation.create({
      data: {
        channel: 'web',
        chatId: 'c:customer-9001',
        customerId,
        messages: { create: [{ direction: 'in', author: 'customer', text: '我是王小明，电话13812345678' }] },
      },
    });
    await t.db.auditLog.deleteMany();
  });
  afterEach(async () => chat.close());

  it("offers the button to the store manager and the team's sales manager, not to a consultant", async () => {
    const erase = `crm:erase:${customerId}`;
    expect(buttons(await press('U01', `crm:open:${customerId}`))).toContain(erase);
    const mgr = await press('U02', `crm:open:${customerId}`);
    expect(buttons(mgr)).toContain(erase);
    expect(mgr[0].buttons!.find((b) => b.value === erase)!.label).toBe('删除个人信息（客户申请）');
    expect(buttons(await press('U03', `crm:open:${customerId}`))).not.toContain(erase);
    // another team's manager does not even get the card
    expect(text(await press('U06', `crm:open:${customerId}`))).toContain('不在您的权限范围内');

    const open = await press('U02', erase);
    const form = open[0].form!;
    expect(form).toMatchObject({ id: 'crm.erase', meta: customerId });
    expect(form.title.length).toBeLessThanOrEqual(24);
    expect(form.submitLabel.length).toBeLessThanOrEqual(24);
    expect(form.fields.map((f) => [f.name, f.required])).toEqual([
      ['channel', true],
      ['confirm', true],
    ]);
    expect(form.fields[0].options!.map((o) => o.value)).toEqual(['phone', 'in_person', 'in_writing', 'other']);
    // what goes and what stays, said in the form itself (Slack shows only the fields)
    expect(form.fields[0].hint).toMatch(/将删除：姓名、电话.*微信、Telegram 和网页聊天账号.*聊天记录.*将保留（匿名，用于统计）/);
    expect(form.fields[1].hint).toContain('138****5678');
    expect(JSON.stringify(open)).not.toContain('13812345678');
  });

  it('keeps the form open on a wrong confirmation, then erases, audits, closes the tasks and tells the owner', async () => {
    // the digits the card shows prove nothing: the hidden ones do
    const shown = await submit('U02', 'crm.erase', { channel: 'phone', confirm: '5678' }, customerId);
    expect(shown[0].formErrors).toHaveProperty('confirm');
    const wrong = await submit('U02', 'crm.erase', { channel: 'phone', confirm: '1111' }, customerId);
    expect(Object.keys(wrong[0].formErrors!)).toEqual(['confirm']);
    expect(wrong[0].formErrors!.confirm).toContain('不符');
    const missing = await submit('U02', 'crm.erase', { channel: '', confirm: '1234' }, customerId);
    expect(missing[0].formErrors).toEqual({ channel: '必填' });
    expect(await customer()).toMatchObject({ name: '王小明', phone: '13812345678', anonymisedAt: null });
    expect(await t.db.auditLog.count()).toBe(0);
    expect(await t.db.followUpTask.count({ where: { customerId, status: 'open' } })).toBe(2);

    const done = await submit('U02', 'crm.erase', { channel: 'phone', confirm: '1234' }, customerId);
    expect(done[0].formErrors).toBeUndefined();
    expect(text(done)).toContain('已按客户申请（电话）删除个人信息');
    expect(text(done)).toContain('2 条待办已关闭');

    // the fields anonymiseCustomer clears
    const c = await customer();
    expect(c).toMatchObject({
      name: null,
      phone: null,
      gender: null,
      city: null,
      notes: null,
      budgetMin: null,
      budgetMax: null,
      usage: null,
      focus: null,
      tradeIn: null,
      finance: null,
      lang: null,
    });
    expect(c.anonymisedAt).toEqual(clock.now());
    expect(c.optOutAt).toEqual(clock.now());
    // anonymous facts stay for the numbers
    expect(c).toMatchObject({ grade: 'A', intendedModelId: 'x5', ownerId: 'st-03' });
    expect(await t.db.interaction.count({ where: { customerId, type: 'lead' } })).toBe(1);
    expect((await t.db.interaction.findFirstOrThrow({ where: { customerId, type: 'note' } })).detail).toEqual({ deleted: true });
    expect(await t.db.channelIdentity.count({ where: { customerId } })).toBe(0);
    // the customer's own chats: no transcript, no owner, and no platform chat id (a tombstone keeps (channel, chatId) unique)
    const chat = await t.db.conversation.findFirstOrThrow({ where: { channel: 'web', staffId: null } });
    expect(await t.db.chatMessage.count({ where: { conversationId: chat.id } })).toBe(0);
    expect(chat).toMatchObject({ customerId: null, chatId: `erased:${chat.id}` });
    expect(await t.db.conversation.count({ where: { chatId: 'c:customer-9001' } })).toBe(0);

    // tasks closed
    expect(await t.db.followUpTask.count({ where: { customerId, status: 'open' } })).toBe(0);
    expect(await t.db.followUpTask.count({ where: { customerId, status: 'cancelled', outcome: 'data_deleted' } })).toBe(2);

    // the audit row: who, whom, how asked; no personal data
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'erase' } });
    expect(audit).toMatchObject({ actorType: 'staff', actorId: 'st-02', subjectType: 'customer', subjectId: customerId, createdAt: clock.now() });
    expect(audit.detail).toEqual({ requestChannel: 'phone', role: 'sales_manager', tasksClosed: 2 });
    expect(JSON.stringify(await t.db.auditLog.findMany())).not.toMatch(/王|小明|138|5678|浦东/);
    // the shared anonymisation audited itself, with the manager as the actor
    expect(await t.db.auditLog.findFirstOrThrow({ where: { action: 'customer.anonymised' } })).toMatchObject({
      actorType: 'staff',
      actorId: 'st-02',
      subjectId: customerId,
    });

    // the owner is told, without the name
    const notes = await outbox('U03');
    const notice = (notes.at(-1)!.payload as unknown as OutboundMessage).text;
    expect(notice).toContain('陈思远 已应客户申请删除了您的一位客户（A级）的个人信息');
    expect(notice).not.toMatch(/王|小明|5678/);
    // the acting manager is not notified about their own erase
    expect((await outbox('U02')).some((m) => m.idempotencyKey.startsWith('notify:crm:erase:'))).toBe(false);

    // the card no longer offers it
    expect(buttons(await press('U02', `crm:open:${customerId}`))).not.toContain(`crm:erase:${customerId}`);
  });

  it('lets the store manager erase too, and says a second erase is already done', async () => {
    await submit('U01', 'crm.erase', { channel: 'in_writing', confirm: '1234' }, customerId);
    expect((await customer()).anonymisedAt).not.toBeNull();
    expect((await t.db.auditLog.findFirstOrThrow({ where: { action: 'erase' } })).detail).toMatchObject({
      requestChannel: 'in_writing',
      role: 'store_manager',
    });

    clock.advance(86_400_000);
    const again = await submit('U02', 'crm.erase', { channel: 'phone', confirm: '1234' }, customerId);
    expect(text(again)).toContain('已于 12-03 删除，无需再次操作');
    expect(again[0].formErrors).toBeUndefined();
    expect(text(await press('U02', `crm:erase:${customerId}`))).toContain('无需再次操作');
    expect(await t.db.auditLog.count({ where: { action: 'erase' } })).toBe(1);
    expect(await t.db.auditLog.count({ where: { action: 'customer.anonymised' } })).toBe(1);
    expect((await outbox('U03')).filter((m) => m.idempotencyKey.startsWith('notify:crm:erase:'))).toHaveLength(1);
  });

  it("refuses a consultant's forged button and submission, and another team's manager, on record", async () => {
    const pressed = await press('U03', `crm:erase:${customerId}`);
    expect(text(pressed)).toContain('无权');
    expect(pressed[0].form).toBeUndefined();
    const forged = await submit('U03', 'crm.erase', { channel: 'phone', confirm: '1234' }, customerId);
    expect(text(forged)).toContain('无权');
    // another team's manager and another team's consultant: outside their scope
    expect(text(await submit('U06', 'crm.erase', { channel: 'phone', confirm: '1234' }, customerId))).toContain('不在您的权限范围内');
    expect(text(await submit('U07', 'crm.erase', { channel: 'phone', confirm: '1234' }, customerId))).toContain('不在您的权限范围内');

    expect(await customer()).toMatchObject({ name: '王小明', phone: '13812345678', anonymisedAt: null });
    expect(await t.db.auditLog.count({ where: { action: { in: ['erase', 'customer.anonymised'] } } })).toBe(0);
    const denied = await t.db.auditLog.findMany({ where: { action: 'access_denied' }, orderBy: { id: 'asc' } });
    expect(denied.map((d) => [d.actorId, d.subjectId, (d.detail as { reason?: string }).reason ?? null]).sort()).toEqual(
      [
        ['st-03', customerId, 'not_manager'],
        ['st-03', customerId, 'not_manager'],
        ['st-06', customerId, null],
        ['st-07', customerId, null],
      ].sort(),
    );
  });

  it('confirms a customer without a phone on file by typing the word', async () => {
    await t.db.customer.update({ where: { id: customerId }, data: { phone: null } });
    const form = (await press('U02', `crm:erase:${customerId}`))[0].form!;
    expect(form.fields[1].hint).toContain('删除');
    expect((await submit('U02', 'crm.erase', { channel: 'other', confirm: '5678' }, customerId))[0].formErrors!.confirm).toContain('DELETE');
    expect(text(await submit('U02', 'crm.erase', { channel: 'other', confirm: 'delete' }, customerId))).toContain('已按客户申请（其他）');
    expect((await customer()).anonymisedAt).not.toBeNull();
  });
});
