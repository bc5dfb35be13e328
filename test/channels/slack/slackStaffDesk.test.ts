// The staff's CRM and the customer handoff in Slack, end to end: the service built by the
// composition root with the real bots and the real Bolt, signed requests in, a fake Slack
// Web API on 127.0.0.1 out, and a customer on the web chat for the handoff.
import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeSlack } from '../../helpers/fakeSlack.js';
import { startSlackDesk, type SlackDesk } from '../../helpers/slackDesk.js';
import type { TestApp } from '../../helpers/testApp.js';
import { webChat } from '../../helpers/webChat.js';

const NOW = '2026-12-03T10:15:00+08:00';
const SECRET = 'desk-signing-secret-0123456789';
const ROOM = 'C0CUSTCHAT';
// Slack users, linked by the e-mail of their profile to the demo staff
const LIN = 'U0LIN'; // st-03, consultant, sales-1
const ZHAO = 'U0ZHAO'; // st-07, consultant, sales-2
const CHEN = 'U0CHEN'; // st-02, sales manager, sales-1
const ZHOU = 'U0ZHOU'; // st-01, store manager

describe('Slack: the staff desk', () => {
  let desk: SlackDesk;
  let h: TestApp;
  let fake: FakeSlack;
  let req: SlackDesk['req'];

  beforeEach(async () => {
    desk = await startSlackDesk({
      now: NOW,
      secret: SECRET,
      users: { [LIN]: 'st-03', [ZHAO]: 'st-07', [CHEN]: 'st-02', [ZHOU]: 'st-01' },
      env: { SLACK_HANDOFF_CHANNEL: ROOM },
    });
    ({ h, fake, req } = desk);
    // the e-mail's case does not matter
    fake.emails.set(CHEN, fake.emails.get(CHEN)!.toUpperCase());
  });
  afterEach(async () => desk.close());

  const post = (r: InjectOptions) => desk.inject(r);
  const posted = () => fake.callsOf('chat.postMessage').map((c) => c.params);
  const lastModal = () => fake.callsOf('views.open').at(-1)!.params.view as { callback_id: string; private_metadata?: string; blocks: { block_id?: string }[] };
  const text = (p: Record<string, any>) => `${p.text ?? ''}\n${JSON.stringify(p.blocks ?? [])}`;

  function submit(user: string, view: { callback_id: string; private_metadata?: string }, values: Record<string, string>) {
    const state = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, { [k]: { type: 'plain_text_input', value: v, selected_option: { value: v } } }]),
    );
    return post(
      req.interaction({
        type: 'view_submission',
        trigger_id: req.triggerId(),
        user: { id: user },
        view: {
          id: `V${Math.random().toString(36).slice(2, 8)}`,
          hash: '1',
          type: 'modal',
          callback_id: view.callback_id,
          private_metadata: view.private_metadata ?? '',
          state: { values: state },
        },
      }),
    );
  }
  function press(user: string, value: string) {
    return post(
      req.interaction({
        type: 'block_actions',
        trigger_id: req.triggerId(),
        user: { id: user },
        container: { type: 'message', channel_id: `D${user}` },
        channel: { id: `D${user}` },
        actions: [{ type: 'button', action_id: 'b0', block_id: 'x', value }],
      }),
    );
  }

  it('/lead opens the modal; bad fields stay open with errors; a good submission stores the customer', async () => {
    expect((await post(req.command(LIN, '/lead').request)).statusCode).toBe(200);
    const modal = lastModal();
    expect(modal.callback_id).toBe('crm.lead');
    expect(modal.blocks.map((b) => b.block_id)).toEqual(expect.arrayContaining(['name', 'phone', 'source', 'model', 'budget', 'timeframe', 'grade', 'notes']));

    const bad = await submit(LIN, modal, { name: '王建国', phone: '12345', source: 'walk_in', budget: 'lots' });
    expect(bad.json()).toMatchObject({ response_action: 'errors', errors: { phone: expect.any(String), budget: expect.any(String) } });
    expect(await h.t.db.customer.count({ where: { name: '王建国' } })).toBe(0);

    const good = await submit(LIN, modal, {
      name: '王建国',
      phone: '139 1122 3344',
      source: 'walk_in',
      model: 'x5',
      budget: '20-25万',
      timeframe: 'within_15d',
      grade: 'A',
    });
    expect(good.statusCode).toBe(200);
    expect(good.body).toBe('');
    const c = await h.t.db.customer.findFirstOrThrow({ where: { phone: '13911223344' } });
    expect(c).toMatchObject({
      name: '王建国',
      ownerId: 'st-03',
      grade: 'A',
      intendedModelId: 'x5',
      budgetMin: 200000,
      budgetMax: 250000,
      timeframe: 'within_15d',
    });
    expect(await h.t.db.followUpTask.count({ where: { customerId: c.id, kind: 'follow_up', status: 'open' } })).toBe(1);
    await h.app.outbox.tick();
    // the confirmation by DM shows the phone masked
    const confirm = posted()
      .filter((p) => p.channel === LIN)
      .map(text)
      .join('\n');
    expect(confirm).toContain('139****3344');
    expect(confirm).not.toContain('13911223344');

    // the same phone again: offered for merge instead of a second record
    await post(req.command(LIN, '/lead').request);
    const again = await submit(LIN, lastModal(), { name: '王先生', phone: '13911223344', source: 'phone' });
    expect(again.json()).toMatchObject({ response_action: 'update', view: { callback_id: 'crm.lead.merge' } });
    expect(await h.t.db.customer.count({ where: { phone: '13911223344' } })).toBe(1);
  });

  it('/customer finds a customer, the card logs a visit through its modal, and a colleague of another team is refused', async () => {
    const c = await h.t.db.customer.create({
      data: { storeId: 'xingyao-sh-pudong', name: '赵敏', phone: '13700001111', grade: 'B', ownerId: 'st-03', source: 'walk_in', createdAt: h.clock.now() },
    });

    await post(req.command(LIN, '/customer', '赵敏').request);
    await h.app.outbox.tick();
    const card = posted()
      .filter((p) => p.channel === LIN)
      .at(-1)!;
    expect(text(card)).toContain('137****1111');
    expect(text(card)).toContain(`crm:log:${c.id}`);

    await press(LIN, `crm:log:${c.id}`);
    const modal = lastModal();
    expect(modal.callback_id).toBe('crm.log');
    const logged = await submit(LIN, modal, { outcome: 'visit', note: '看了X5和X7' });
    expect(logged.statusCode).toBe(200);
    const visit = await h.t.db.interaction.findFirstOrThrow({ where: { customerId: c.id, type: 'visit' } });
    expect(visit.staffId).toBe('st-03');
    expect((await h.t.db.customer.findUniqueOrThrow({ where: { id: c.id } })).lastContactAt).toEqual(h.clock.now());

    // Zhao works in the other team: the card and the phone are refused, and it is audited
    const deniedBefore = await h.t.db.auditLog.count({ where: { action: 'access_denied' } });
    await press(ZHAO, `crm:open:${c.id}`);
    await press(ZHAO, `crm:reveal:${c.id}`);
    await h.app.outbox.tick();
    const toZhao = posted()
      .filter((p) => p.channel === ZHAO)
      .map(text)
      .join('\n');
    expect(toZhao).not.toContain('1111');
    expect(toZhao).not.toContain('赵');
    expect(await h.t.db.auditLog.count({ where: { action: 'access_denied', actorId: 'st-07', subjectId: c.id } })).toBe(2);
    expect(deniedBefore).toBe(0);

    // the owner may reveal the phone, and that is audited too
    await press(LIN, `crm:reveal:${c.id}`);
    await h.app.outbox.tick();
    expect(
      posted()
        .filter((p) => p.channel === LIN)
        .map(text)
        .join('\n'),
    ).toContain('13700001111');
    expect(await h.t.db.auditLog.count({ where: { action: 'reveal_phone', actorId: 'st-03', subjectId: c.id } })).toBe(1);
    // delivered once; neither the transcript nor the outbox keeps the number
    expect(await h.t.db.chatMessage.count({ where: { text: { contains: '13700001111' } } })).toBe(0);
    const rows = await h.t.db.outboxMessage.findMany({ where: { recipient: LIN } });
    expect(rows.some((r) => JSON.stringify(r.payload).includes('13700001111'))).toBe(false);
  });

  it('the App Home shows each role its own day', async () => {
    const tomorrow = new Date(h.clock.now().getTime() + 86_400_000);
    const mine = await h.t.db.customer.create({
      data: {
        storeId: 'xingyao-sh-pudong',
        name: '孙悟空',
        phone: '13600002222',
        grade: 'H',
        ownerId: 'st-03',
        source: 'walk_in',
        createdAt: h.clock.now(),
        lastContactAt: new Date(h.clock.now().getTime() - 5 * 86_400_000),
      },
    });
    await h.t.db.followUpTask.create({
      data: {
        customerId: mine.id,
        staffId: 'st-03',
        kind: 'follow_up',
        reason: 'call back',
        dueAt: new Date(h.clock.now().getTime() - 86_400_000),
        createdAt: h.clock.now(),
      },
    });
    const theirs = await h.t.db.customer.create({
      data: { storeId: 'xingyao-sh-pudong', name: '猪八戒', phone: '13600003333', grade: 'A', ownerId: 'st-07', source: 'walk_in', createdAt: h.clock.now() },
    });
    await h.t.db.followUpTask.create({ data: { customerId: theirs.id, staffId: 'st-07', kind: 'follow_up', dueAt: tomorrow, createdAt: h.clock.now() } });

    const home = async (user: string) => {
      await post(req.event({ type: 'app_home_opened', user, channel: `D${user}`, tab: 'home' }).request);
      const view = fake.callsOf('views.publish').at(-1)!.params;
      expect(view.user_id).toBe(user);
      return JSON.stringify(view.view);
    };
    const lin = await home(LIN);
    expect(lin).toContain(`crm:open:${mine.id}`);
    expect(lin).not.toContain(theirs.id);
    expect(lin).not.toContain('13600002222');
    const zhao = await home(ZHAO);
    expect(zhao).not.toContain(mine.id);
    const chen = await home(CHEN); // manager of sales-1: his team's overdue work
    expect(chen).toMatch(/林晓雯|Lin Xiaowen/);
    expect(chen).not.toMatch(/赵雨欣|Zhao Yuxin/);

    // a stranger gets the explanation and nothing else
    fake.emails.set('U0NOBODY', 'nobody@elsewhere.example');
    const stranger = await home('U0NOBODY');
    expect(stranger).toMatch(/员工档案|staff record/);
    expect(stranger).not.toContain('crm:');
  });

  it('relays a web-chat customer and a salesperson through a thread in the customer-chat channel', async () => {
    const customer = webChat(h, 'customer-3001');
    await customer.say('转人工');
    await h.app.outbox.tick();
    const root = posted().find((p) => p.channel === ROOM)!;
    expect(text(root)).toContain('客户请求人工服务');
    expect(text(root)).toMatch(/<@U0[A-Z]+>|林晓雯|张浩|刘佳琪|赵雨欣|孙建国|吴婷婷/);
    const rootTs = (await h.t.db.outboxMessage.findFirstOrThrow({ where: { recipient: ROOM }, orderBy: { createdAt: 'asc' } })).sentRef!.split('/')[1];

    // the customer's next words appear in the thread
    await customer.say('在吗？我想问问X5的价格');
    await h.app.outbox.tick();
    expect(
      posted()
        .filter((p) => p.thread_ts === rootTs)
        .map((p) => p.text)
        .join('\n'),
    ).toContain('我想问问X5的价格');

    // Lin answers in the thread: the customer reads it on the web chat
    await post(
      req.event({
        type: 'message',
        channel: ROOM,
        channel_type: 'channel',
        user: LIN,
        text: '您好，X5 现在有 8000 元置换补贴',
        ts: '1700000900.000001',
        thread_ts: rootTs,
      }).request,
    );
    await h.app.outbox.tick();
    const human = (await customer.history()).filter((m) => m.from === 'human').map((m) => m.text);
    expect(human).toEqual(['您好，我是顾问林晓雯，很高兴为您服务。', '您好，X5 现在有 8000 元置换补贴']);

    // Close in the thread ends it for the customer
    const conv = await h.t.db.conversation.findFirstOrThrow({ where: { chatId: customer.chatId() } });
    await post(
      req.interaction({
        type: 'block_actions',
        trigger_id: req.triggerId(),
        user: { id: LIN },
        container: { type: 'message', channel_id: ROOM, message_ts: rootTs },
        channel: { id: ROOM },
        message: { ts: rootTs },
        actions: [{ type: 'button', action_id: 'b1', block_id: 'x', value: `handoff:close:${conv.id}` }],
      }),
    );
    await h.app.outbox.tick();
    expect((await customer.history()).at(-1)!.text).toContain('人工服务已结束');
    expect(
      posted()
        .filter((p) => p.thread_ts === rootTs)
        .map((p) => p.text)
        .join('\n'),
    ).toMatch(/已结束/);
  });

  it('runs the lost-deal approval: a consultant asks, the manager approves from the DM', async () => {
    const c = await h.t.db.customer.create({
      data: { storeId: 'xingyao-sh-pudong', name: '李四', phone: '13500004444', grade: 'B', ownerId: 'st-03', source: 'walk_in', createdAt: h.clock.now() },
    });
    await post(req.command(LIN, '/lead').request); // links Lin
    await post(req.command(CHEN, '/lead').request); // links Chen
    await press(LIN, `crm:log:${c.id}`);
    await submit(LIN, lastModal(), { outcome: 'lost', lostReason: 'bought_competitor', lostText: '买了别家' });
    expect((await h.t.db.customer.findUniqueOrThrow({ where: { id: c.id } })).grade).toBe('B');
    await h.app.outbox.tick();
    const ask = posted()
      .filter((p) => p.channel === CHEN)
      .at(-1)!;
    const approve = JSON.stringify(ask.blocks).match(/crm:lost:approve:[\w-]+/)![0];
    await press(CHEN, approve);
    expect(await h.t.db.customer.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({
      grade: 'F',
      lostReason: expect.stringContaining('bought_competitor'),
    });
  });
});
