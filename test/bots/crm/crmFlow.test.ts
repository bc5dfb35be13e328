// The staff CRM end to end: staff-side messages through the real Pipeline (the bots in
// createBots order), Slack identities, the outbox.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../../src/core/message.js';
import { buttonsOf as buttons, startStaffChat, textOf as text, type StaffChat } from '../../helpers/staffChat.js';

const NOW = '2026-12-03T08:30:00+08:00'; // Thursday

describe('the staff CRM in chat', () => {
  let chat: StaffChat;
  let t: StaffChat['t'];
  let clock: StaffChat['clock'];
  const say = (user: string, s: string) => chat.say(user, s);
  const press = (user: string, action: string) => chat.press(user, action);
  const submit = (user: string, id: string, values: Record<string, string>, meta?: string) => chat.submit(user, id, values, meta);
  const outbox = (recipient: string) => chat.outbox(recipient);
  const send = (user: string, m: Parameters<StaffChat['send']>[1]) => chat.send(user, m);

  beforeEach(async () => {
    chat = await startStaffChat({ now: NOW, staff: ['01', '02', '03', '04', '06', '07', '09'] });
    ({ t, clock } = chat);
    await t.db.campaign.create({
      data: {
        id: 'cmp-1',
        storeId: chat.store.id,
        nameZh: '双十二试驾节',
        nameEn: 'Test-drive festival',
        source: 'event',
        startsOn: '2026-12-01',
        endsOn: '2026-12-14',
        costCny: 50000,
      },
    });
  });
  afterEach(async () => chat.close());

  async function newLead(user: string, values: Record<string, string>) {
    const r = await submit(user, 'crm.lead', { source: 'walk_in', ...values });
    return { r, customer: await t.db.customer.findFirst({ where: { phone: values.phone?.replace(/\D/g, '') } }) };
  }

  it('takes a new lead from a manager: form, field errors, fixed, stored, owner notified', async () => {
    const open = await say('U02', '/lead');
    const form = open[0].form!;
    expect(form.id).toBe('crm.lead');
    expect(form.title.length).toBeLessThanOrEqual(24);
    expect(form.fields.map((f) => f.name)).toEqual(['name', 'phone', 'source', 'campaign', 'model', 'budget', 'timeframe', 'grade', 'owner', 'notes']);
    expect(form.fields.find((f) => f.name === 'owner')!.options!.map((o) => o.value)).toEqual(['st-02', 'st-03', 'st-04', 'st-05']);
    // a consultant's form has no owner field
    expect((await say('U03', '/lead'))[0].form!.fields.some((f) => f.name === 'owner')).toBe(false);

    const bad = await submit('U02', 'crm.lead', { name: '', phone: '1381234', source: 'walk_in', budget: '很多' });
    expect(Object.keys(bad[0].formErrors!).sort()).toEqual(['budget', 'name', 'phone']);
    expect(bad[0].formErrors!.phone).toContain('11 位');
    expect(await t.db.customer.count()).toBe(0);

    const ok = await submit('U02', 'crm.lead', {
      name: '王小明',
      phone: '138 1234 5678',
      source: 'event',
      campaign: 'cmp-1',
      model: 's5',
      budget: '15-20万',
      timeframe: 'within_15d',
      grade: '',
      owner: 'st-03',
      notes: '周末带家人来',
    });
    const c = await t.db.customer.findFirstOrThrow();
    expect(c).toMatchObject({
      name: '王小明',
      phone: '13812345678',
      grade: 'A',
      ownerId: 'st-03',
      campaignId: 'cmp-1',
      budgetMin: 150_000,
      budgetMax: 200_000,
      timeframe: 'within_15d',
    });
    expect(c.onFileAt).not.toBeNull();
    const task = await t.db.followUpTask.findFirstOrThrow({ where: { customerId: c.id } });
    expect(task).toMatchObject({ kind: 'follow_up', staffId: 'st-03', status: 'open' });
    expect(task.dueAt.getTime() - clock.now().getTime()).toBe(3 * 86_400_000);
    expect(await t.db.interaction.count({ where: { customerId: c.id, type: 'lead', staffId: 'st-02' } })).toBe(1);
    expect(ok[0].card!.title).toBe('王** · A');
    expect(text(ok)).toContain('负责人 林晓雯');
    expect(JSON.stringify(ok)).not.toContain('13812345678');
    const notes = await outbox('U03');
    expect(notes).toHaveLength(1);
    expect((notes[0].payload as unknown as OutboundMessage).text).toContain('新线索分配给您：王**（138****5678）');
  });

  it("offers a merge for a phone on file in scope, and hides a colleague's customer", async () => {
    await newLead('U03', { name: '王小明', phone: '13812345678' });
    const dup = await submit('U03', 'crm.lead', { name: '王先生', phone: '13812345678', source: 'phone', model: 'x5', timeframe: 'within_30d' });
    const form = dup[0].form!;
    expect(form.id).toBe('crm.lead.merge');
    expect(JSON.parse(form.meta!).customerId).toBe((await t.db.customer.findFirstOrThrow()).id);
    expect(text(dup)).toContain('王** · C · 林晓雯');
    const merged = await submit('U03', 'crm.lead.merge', { choice: 'merge' }, form.meta);
    expect(text(merged)).toContain('已合并');
    expect(await t.db.customer.count()).toBe(1);
    // missing details filled, the name kept
    expect(await t.db.customer.findFirstOrThrow()).toMatchObject({ name: '王小明', intendedModelId: 'x5', timeframe: 'within_30d', ownerId: 'st-03' });

    const other = await submit('U07', 'crm.lead', { name: '王', phone: '13812345678', source: 'phone' });
    expect(other[0].formErrors!.phone).toContain('同事');
    expect(JSON.stringify(other)).not.toMatch(/林晓雯|王\*|小明/);
  });

  it('finds a customer, opens the card and logs a visit and an order', async () => {
    const { customer } = await newLead('U03', { name: '王小明', phone: '13812345678', model: 'x5', budget: '15-20万', timeframe: 'within_15d' });
    await newLead('U03', { name: '王芳', phone: '13912340000' });
    const list = await say('U03', '/customer 王');
    expect(text(list)).toContain('找到 2 位客户');
    expect(text(list)).not.toContain('13812345678');
    const card = await press('U03', `crm:open:${customer!.id}`);
    expect(card[0].card!.fields!.find((f) => f.label === '电话')!.value).toBe('138****5678');
    expect(buttons(card)).toEqual(
      expect.arrayContaining([
        `crm:log:${customer!.id}`,
        `crm:regrade:${customer!.id}`,
        `crm:book:${customer!.id}`,
        `crm:reveal:${customer!.id}`,
        `crm:assign:${customer!.id}`,
      ]),
    );
    // one match by the last four digits goes straight to the card
    expect((await say('U03', '/customer 5678'))[0].card!.title).toBe('王** · A');

    const form = (await press('U03', `crm:log:${customer!.id}`))[0].form!;
    expect(form.meta).toBe(customer!.id);
    clock.advance(3_600_000);
    const visit = await submit('U03', 'crm.log', { outcome: 'visit', note: '看了X5两驱版' }, form.meta);
    expect(text(visit)).toContain('已记录：王** · 到店');
    const tasks = await t.db.followUpTask.findMany({ where: { customerId: customer!.id }, orderBy: { createdAt: 'asc' } });
    expect(tasks.map((x) => [x.status, x.outcome])).toEqual([
      ['done', 'visit'],
      ['open', null],
    ]);
    expect((await t.db.customer.findUniqueOrThrow({ where: { id: customer!.id } })).lastContactAt).toEqual(clock.now());

    const noAmount = await submit('U03', 'crm.log', { outcome: 'order' }, form.meta);
    expect(noAmount[0].formErrors).toEqual({ amount: '必填' });
    const order = await submit('U03', 'crm.log', { outcome: 'order', amount: '15.98万' }, form.meta);
    expect(text(order)).toContain('O（已订车）');
    expect(await t.db.customer.findUniqueOrThrow({ where: { id: customer!.id } })).toMatchObject({ grade: 'O' });
    expect(await t.db.order.findFirstOrThrow()).toMatchObject({ modelId: 'x5', priceCny: 159_800 });

    // by name, from the /log command
    const td = await submit('U03', 'crm.log', { customer: '王芳', outcome: 'test_drive' });
    expect(text(td)).toContain('建议把级别调为 A');
    const regrade = buttons(td).find((v) => v.startsWith('crm:regrade:'))!;
    const rf = (await press('U03', regrade))[0].form!;
    expect(rf.fields[0].initial).toBe('A');
    await submit('U03', 'crm.regrade', { grade: 'A', reason: '试驾满意' }, rf.meta);
    expect((await t.db.customer.findFirstOrThrow({ where: { name: '王芳' } })).grade).toBe('A');
  });

  it("refuses another team's customer with an audit row, and audits a phone reveal", async () => {
    const { customer } = await newLead('U03', { name: '王小明', phone: '13812345678' });
    const refused = await press('U07', `crm:open:${customer!.id}`);
    expect(text(refused)).toContain('不在您的权限范围内');
    expect(refused[0].card).toBeUndefined();
    expect(await t.db.auditLog.findFirstOrThrow({ where: { action: 'access_denied' } })).toMatchObject({
      actorId: 'st-07',
      subjectType: 'customer',
      subjectId: customer!.id,
    });
    expect(text(await say('U07', '/customer 5678'))).toContain('没有找到');
    expect(text(await submit('U07', 'crm.log', { outcome: 'visit' }, customer!.id))).toContain('不在您的权限范围内');
    expect(await t.db.interaction.count({ where: { type: 'visit' } })).toBe(0);

    const shown = await press('U03', `crm:reveal:${customer!.id}`);
    expect(text(shown)).toContain('13812345678');
    expect(await t.db.auditLog.findFirstOrThrow({ where: { action: 'reveal_phone' } })).toMatchObject({ actorId: 'st-03', subjectId: customer!.id });
    expect(text(await press('U07', `crm:reveal:${customer!.id}`))).not.toContain('13812345678');
    expect(await t.db.auditLog.count({ where: { action: 'reveal_phone' } })).toBe(1);
  });

  it("sends a consultant's lost deal to the manager, who approves it", async () => {
    const { customer } = await newLead('U03', { name: '王小明', phone: '13812345678' });
    const noReason = await submit('U03', 'crm.log', { outcome: 'lost' }, customer!.id);
    expect(Object.keys(noReason[0].formErrors!)).toEqual(['lostReason']);
    const asked = await submit('U03', 'crm.log', { outcome: 'lost', lostReason: 'bought_competitor', lostText: '买了别家' }, customer!.id);
    expect(text(asked)).toContain('已提交给 陈思远 审批');
    expect((await t.db.customer.findUniqueOrThrow({ where: { id: customer!.id } })).grade).toBe('C');
    const task = await t.db.followUpTask.findFirstOrThrow({ where: { kind: 'lost_approval' } });
    expect(task.staffId).toBe('st-02');
    const toManager = await outbox('U02');
    expect((toManager[0].payload as unknown as OutboundMessage).buttons!.map((b) => b.value)).toEqual([
      `crm:lost:approve:${task.id}`,
      `crm:lost:reject:${task.id}`,
    ]);
    // the reason in the store's own words (sales-rules.yaml lostReasons)
    expect((toManager[0].payload as unknown as OutboundMessage).text).toContain('已购竞品');

    // the manager sees it in their day too
    expect(buttons(await say('U02', '我的今天'))).toContain(`crm:lost:approve:${task.id}`);
    // another team's manager cannot decide it
    expect(text(await press('U06', `crm:lost:approve:${task.id}`))).toContain('无权');
    const done = await press('U02', `crm:lost:approve:${task.id}`);
    expect(text(done)).toContain('已确认战败');
    expect(await t.db.customer.findUniqueOrThrow({ where: { id: customer!.id } })).toMatchObject({ grade: 'F', lostReason: 'bought_competitor: 买了别家' });
    expect(await t.db.interaction.count({ where: { type: 'lost', customerId: customer!.id } })).toBe(1);
    expect(await t.db.followUpTask.count({ where: { customerId: customer!.id, status: 'open' } })).toBe(0);
    expect((await outbox('U03')).map((m) => (m.payload as unknown as OutboundMessage).text)).toContain('您对 王** 的战败申请已通过。');
    expect(text(await press('U02', `crm:lost:reject:${task.id}`))).toContain('已经处理过');
  });

  it('sends a rejected lost request back to the consultant', async () => {
    const { customer } = await newLead('U07', { name: '赵六', phone: '13700001111', timeframe: 'within_30d' });
    await submit('U07', 'crm.log', { outcome: 'lost', lostReason: 'no_response' }, customer!.id);
    const task = await t.db.followUpTask.findFirstOrThrow({ where: { kind: 'lost_approval' } });
    expect(task.staffId).toBe('st-06');
    expect(text(await press('U06', `crm:lost:reject:${task.id}`))).toContain('已驳回');
    expect((await t.db.customer.findUniqueOrThrow({ where: { id: customer!.id } })).grade).toBe('B');
    expect(await t.db.followUpTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: 'done', outcome: 'rejected' });
    const back = await outbox('U07');
    expect((back.at(-1)!.payload as unknown as OutboundMessage).text).toBe('您对 赵* 的战败申请被驳回，请继续跟进。');
    // the follow-up it had stays open
    expect(await t.db.followUpTask.count({ where: { customerId: customer!.id, kind: 'follow_up', status: 'open' } })).toBe(1);
  });

  it('lists my day per role, and says so plainly when there is nothing', async () => {
    await newLead('U03', { name: '王小明', phone: '13812345678', timeframe: 'within_7d' });
    await newLead('U04', { name: '李雷', phone: '13912345678' });
    clock.advance(3 * 86_400_000); // the H lead's follow-up (2 days) is overdue, and it has gone quiet
    const mine = await say('U03', '我的今天');
    expect(text(mine)).toContain('待跟进（1）');
    expect(text(mine)).toMatch(/王\*\* 138\*\*\*\*5678 H级 · 跟进 逾期 1 天/);
    expect(text(mine)).toContain('H/A 客户久未联系（1）');
    expect(text(mine)).not.toContain('李');
    expect(buttons(mine)[0]).toMatch(/^crm:open:/);

    const home = await send('U02', { kind: 'command', command: { name: 'home', args: '' } });
    expect(text(home)).toContain('团队逾期跟进\n· 林晓雯：1');
    expect(text(home)).not.toContain('张浩');
    expect(text(home)).toContain('H/A 客户久未联系（1）');

    const nothing = await say('U09', 'my day');
    expect(text(nothing)).toContain('Nothing due today');
    expect(text(await press('U09', 'followups'))).toContain('Nothing due today'); // the chat stays in English
  });

  it('books a test drive from the card, naming free slots for a bad one', async () => {
    const { customer } = await newLead('U03', { name: '王小明', phone: '13812345678', model: 'x5' });
    const form = (await press('U03', `crm:book:${customer!.id}`))[0].form!;
    expect(form.fields.find((f) => f.name === 'model')!.initial).toBe('x5');
    expect(form.fields.find((f) => f.name === 'time')!.options!.map((o) => o.value)).toContain('09:00');
    const bad = await submit('U03', 'crm.book', { model: 'x5', date: '2026-12-03', time: '09:00' }, customer!.id);
    expect(bad[0].formErrors!.time).toMatch(/最近可约：12-03 1\d:00/);
    const ok = await submit('U03', 'crm.book', { model: 'x5', date: '2026-12-04', time: '14:00' }, customer!.id);
    expect(text(ok)).toContain('已预约试驾：王** · 星耀 X5 · 12-04 14:00');
    expect(await t.db.testDriveBooking.findFirstOrThrow()).toMatchObject({ customerId: customer!.id, staffId: 'st-03', status: 'booked' });
  });

  it('adds a note from a message, plans a follow-up and hands a customer over', async () => {
    const { customer } = await newLead('U03', { name: '王小明', phone: '13812345678' });
    await newLead('U03', { name: '王芳', phone: '13912340000' });
    const nf = (await send('U03', { kind: 'command', command: { name: 'note', args: '客户说下周三再来看车' } }))[0].form!;
    expect(nf.fields.find((f) => f.name === 'note')!.initial).toBe('客户说下周三再来看车');
    const several = await submit('U03', 'crm.note', { customer: '王', note: '客户说下周三再来看车' });
    expect(several[0].formErrors!.customer).toMatch(/王\*\* 138\*\*\*\*5678.*手机号/);
    const none = await submit('U03', 'crm.note', { customer: '赵', note: 'x' });
    expect(none[0].formErrors!.customer).toContain('没有找到');
    await submit('U03', 'crm.note', { customer: '5678', note: '客户说下周三再来看车' });
    expect((await t.db.interaction.findFirstOrThrow({ where: { type: 'note', customerId: customer!.id } })).detail).toEqual({ text: '客户说下周三再来看车' });

    await submit('U03', 'crm.followup', { date: '2026-12-05', time: '10:30', note: '确认到店' }, customer!.id);
    const planned = await t.db.followUpTask.findFirstOrThrow({ where: { customerId: customer!.id, reason: '确认到店' } });
    expect(planned.dueAt.toISOString()).toBe('2026-12-05T02:30:00.000Z');
    expect(await submit('U03', 'crm.followup', { date: '2026-12-01', time: '10:30' }, customer!.id)).toMatchObject([
      { formErrors: { date: '这个时间已经过去了' } },
    ]);

    const af = (await press('U03', `crm:assign:${customer!.id}`))[0].form!;
    expect(af.fields[0].options!.map((o) => o.value)).toEqual(['st-02', 'st-04', 'st-05']);
    await submit('U03', 'crm.assign', { staff: 'st-04' }, customer!.id);
    expect((await t.db.customer.findUniqueOrThrow({ where: { id: customer!.id } })).ownerId).toBe('st-04');
    expect(await t.db.followUpTask.count({ where: { customerId: customer!.id, status: 'open', staffId: 'st-04' } })).toBe(2);
    expect((await outbox('U04')).map((m) => (m.payload as unknown as OutboundMessage).text)).toContain('林晓雯 把客户 王**（C级）转给了您。');
    // the former owner no longer sees it
    expect(text(await press('U03', `crm:open:${customer!.id}`))).toContain('不在您的权限范围内');
  });

  it('links a Slack user to a staff member for managers only', async () => {
    expect(text(await say('U03', '/link <@U05|liu> st-05'))).toContain('只有销售经理');
    expect(text(await say('U02', '/link <@U07X|x> st-07'))).toContain('只有销售经理'); // another team
    expect(await t.db.channelIdentity.count({ where: { externalId: { in: ['U05', 'U07X'] } } })).toBe(0);
    expect(text(await say('U02', '/link <@U05|liu> st-05'))).toContain('已将 U05 关联到员工 st-05');
    expect(await t.db.channelIdentity.findFirstOrThrow({ where: { channel: 'slack', externalId: 'U05' } })).toMatchObject({ staffId: 'st-05' });
    expect(await t.db.auditLog.findFirstOrThrow({ where: { action: 'link_identity' } })).toMatchObject({ actorId: 'st-02', subjectId: 'st-05' });
    // the new link works
    expect(text(await say('U05', 'my day'))).toContain('Nothing due today');
  });

  it('leaves other staff messages to the other bots', async () => {
    const help = await say('U03', '帮助');
    expect(text(help)).toContain('销售助手');
    expect(help.some((r) => r.form || r.card)).toBe(false);
    expect(await t.db.auditLog.count()).toBe(0);
  });
});
