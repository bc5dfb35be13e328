// The Slack channel end to end: signed requests into the real Bolt, the pipeline with small
// test bots, replies out through the outbox to a fake Web API on 127.0.0.1.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackChannel, UNKNOWN_TTL_MS, type SlackChannel } from '../../../src/channels/slack/createSlackChannel.js';
import type { Bot } from '../../../src/core/bot.js';
import { ManualClock } from '../../../src/infra/clock.js';
import { createHttpServer } from '../../../src/infra/httpServer.js';
import type { Form, InboundMessage } from '../../../src/core/message.js';
import { understand } from '../../../src/understanding/nlu/understand.js';
import { enqueueOutbound, OutboxWorker } from '../../../src/core/outbox.js';
import { Pipeline } from '../../../src/core/pipeline.js';
import { FAKE_BOT_USER_ID, startFakeSlack, type FakeSlack } from '../../helpers/fakeSlack.js';
import { insertMinimalStore } from '../../helpers/fixtures.js';
import { silentLogger } from '../../helpers/silentLogger.js';
import { dm, slackRequests } from '../../helpers/slackRequests.js';
import { createTestDb, type TestDb } from '../../helpers/testDb.js';

const NOW = '2026-12-03T02:15:00Z';
const SECRET = 'slack-signing-secret-0123456789';
const LIN = 'U0LIN0001'; // linked by e-mail to st-c (languages zh,en)
const STRANGER = 'U0NOBODY1'; // an e-mail no staff member has
const HANDOFF = 'C0HANDOFF';

const LEAD_FORM: Form = {
  id: 'lead',
  title: 'New lead from the showroom',
  submitLabel: 'Save',
  meta: 'cust-1',
  fields: [
    { name: 'name', label: 'Name', kind: 'text', required: true },
    { name: 'phone', label: 'Mobile', kind: 'text', required: true, hint: '11 digits' },
    {
      name: 'grade',
      label: 'Grade',
      kind: 'select',
      options: [
        { label: 'H', value: 'H' },
        { label: 'A', value: 'A' },
      ],
      initial: 'A',
    },
    { name: 'visit', label: 'Visit', kind: 'date' },
  ],
};

describe('Slack channel', () => {
  let t: TestDb;
  let clock: ManualClock;
  let fake: FakeSlack;
  let channel: SlackChannel;
  let http: FastifyInstance;
  let outbox: OutboxWorker;
  let seen: InboundMessage[];
  let req: ReturnType<typeof slackRequests>;

  // answers like a staff bot would, so the tests do not depend on the real bots
  const testBot: Bot = {
    name: 'slack-test',
    sides: ['staff'],
    async handle(ctx) {
      const { msg } = ctx;
      seen.push(msg);
      const name = ctx.actor.kind === 'staff' ? ctx.actor.staff.nameEn : '?';
      if (msg.command?.name === 'lead') ctx.reply({ text: 'Fill in the lead', form: LEAD_FORM });
      else if (msg.form?.id === 'lead') {
        if (!/^1\d{10}$/.test(msg.form.values.phone ?? ''))
          ctx.reply({ text: 'Please check the form', formErrors: { phone: 'Enter an 11-digit mobile number' } });
        else ctx.reply({ text: `Saved lead ${msg.form.values.name} (${msg.form.values.grade}, ${msg.form.meta})` });
      } else if (msg.command?.name === 'home') {
        ctx.reply({ text: `Home of ${name}`, buttons: [{ label: 'Refresh', value: 'home:refresh' }] });
        ctx.reply({ text: 'Today', card: { title: 'Follow-ups', fields: [{ label: 'Due', value: '3' }] } });
      } else if (msg.kind === 'button') ctx.reply({ text: `pressed ${msg.action}` });
      else ctx.reply({ text: `Hi ${name}, you said: ${msg.text}${msg.threadKey ? ` [thread ${msg.threadKey}]` : ''}` });
      return true;
    },
  };

  beforeEach(async () => {
    t = await createTestDb();
    const store = await insertMinimalStore(t.db);
    await t.db.staff.update({ where: { id: 'st-c' }, data: { email: 'Lin.Xiaowen@Dealer.example' } });
    clock = new ManualClock(NOW);
    fake = await startFakeSlack();
    fake.emails.set(LIN, 'lin.xiaowen@dealer.example');
    fake.emails.set(STRANGER, 'someone@else.example');
    seen = [];
    const pipeline = new Pipeline({
      db: t.db,
      clock,
      log: silentLogger,
      store,
      bots: [testBot],
      understand: (text, now) => understand(text, { now, timeZone: store.timezone, models: [] }),
    });
    channel = createSlackChannel({
      config: { botToken: fake.token, signingSecret: SECRET, apiUrl: fake.apiUrl },
      pipeline,
      db: t.db,
      log: silentLogger,
      clock,
    });
    http = createHttpServer(silentLogger);
    channel.registerRoutes(http);
    outbox = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { slack: channel.sender } });
    req = slackRequests(SECRET, clock);
  });
  afterEach(async () => {
    await channel.stop();
    await http.close();
    await t.close();
    await fake.close();
  });

  /** Posts a request and waits for the work it started (the answer comes before it). */
  async function post(request: InjectOptions) {
    const res = await http.inject(request);
    await channel.idle();
    return res;
  }
  const posted = () => fake.callsOf('chat.postMessage');
  const postedTexts = () => posted().map((c) => c.params.text as string);

  it('rejects unsigned, wrongly signed, stale, future and oversized requests before anything runs', async () => {
    const { request } = req.event(dm(LIN, 'hello'));
    const bad = [
      req.event(dm(LIN, 'hello'), { secret: 'not-the-secret' }).request,
      req.event(dm(LIN, 'hello'), { skewSeconds: -301 }).request,
      req.event(dm(LIN, 'hello'), { skewSeconds: 301 }).request,
      { ...request, headers: { 'content-type': 'application/json' } },
      { ...request, headers: { ...request.headers, 'x-slack-request-timestamp': '17e8' } },
      // a valid signature over a different body
      { ...request, payload: String(request.payload).replace('hello', 'HELLO') },
    ];
    for (const r of bad) expect((await post(r)).statusCode).toBe(401);
    const big = req.event({ ...dm(LIN, 'x'.repeat(300 * 1024)) }).request;
    expect((await post(big)).statusCode).toBe(413);
    await outbox.tick();
    expect(fake.calls).toEqual([]);
    expect(await t.db.inboundEvent.count()).toBe(0);
    // within 300 s either way is fine
    expect((await post(req.event(dm(LIN, 'hello'), { skewSeconds: 299 }).request)).statusCode).toBe(200);
  });

  it('answers a signed interaction Bolt cannot route (no team, no user, a view without its view) with a 400, not a 500', async () => {
    const form = (payload: object) => req.signed(`payload=${encodeURIComponent(JSON.stringify(payload))}`, 'application/x-www-form-urlencoded');
    for (const payload of [{ name: false }, { type: 'block_actions', actions: [] }, { type: 'view_submission', user: { id: 'U1' } }]) {
      const res = await post(form(payload));
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toEqual({ error: 'not a Slack request body' });
    }
    expect(await t.db.inboundEvent.count()).toBe(0);
  });

  it('answers url_verification with the challenge', async () => {
    const res = await post(req.urlVerification('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('links a DM’s sender by e-mail and answers through the outbox into the app DM', async () => {
    await channel.start();
    const res = await post(req.event(dm(LIN, 'show my leads')).request);
    expect(res.statusCode).toBe(200);
    expect(seen[0]).toMatchObject({
      channel: 'slack',
      side: 'staff',
      kind: 'text',
      chatId: LIN,
      userId: LIN,
      text: 'show my leads',
      profile: { languageCode: 'zh' },
    });
    expect(await t.db.channelIdentity.findFirstOrThrow({ where: { channel: 'slack', externalId: LIN } })).toMatchObject({ staffId: 'st-c' });
    await outbox.tick();
    expect(posted()).toHaveLength(1);
    expect(posted()[0].params).toMatchObject({ channel: LIN, text: 'Hi Lin Xiaowen, you said: show my leads' });
    expect(posted()[0].params.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'Hi Lin Xiaowen, you said: show my leads' } }]);
    expect((await t.db.outboxMessage.findFirstOrThrow()).sentRef).toMatch(/^D0LIN0001\/1700000000\.\d+$/);
    // linked once: the next event needs no users.info
    await post(req.event(dm(LIN, 'again', '1700000100.000002')).request);
    expect(fake.callsOf('users.info')).toHaveLength(1);
  });

  it('answers an unlinked user with the explanation and no data', async () => {
    await post(req.event(dm(STRANGER, '你好')).request);
    await post(req.event(dm('U0NOMAIL1', '你好')).request);
    await outbox.tick();
    expect(seen).toEqual([]);
    expect(postedTexts()).toEqual(['没有找到您的员工档案，请联系店总把您的账号加入系统。', '没有找到您的员工档案，请联系店总把您的账号加入系统。']);
    expect(await t.db.channelIdentity.count()).toBe(0);
  });

  it('asks Slack about a stranger once per ten minutes, not on every message', async () => {
    await post(req.event(dm(STRANGER, '你好', '1700000100.000001')).request);
    await post(req.event(dm(STRANGER, '在吗', '1700000100.000002')).request);
    expect(fake.callsOf('users.info')).toHaveLength(1);
    // later their e-mail may belong to a staff member: asked again after the pause
    clock.advance(UNKNOWN_TTL_MS + 1000);
    await post(req.event(dm(STRANGER, '你好', '1700000100.000003')).request);
    expect(fake.callsOf('users.info')).toHaveLength(2);
  });

  it('runs a redelivered event once', async () => {
    const { request, eventId } = req.event(dm(LIN, 'hello'));
    expect((await post(request)).statusCode).toBe(200);
    const retry = { ...request, headers: { ...request.headers, 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } };
    expect((await post(retry)).statusCode).toBe(200);
    await outbox.tick();
    expect(seen).toHaveLength(1);
    expect(posted()).toHaveLength(1);
    // the raw request kept before its ack, and the turn it made: one each
    expect(await t.db.inboundEvent.findMany({ orderBy: { channel: 'asc' }, select: { channel: true, eventId: true, status: true } })).toEqual([
      { channel: 'slack', eventId, status: 'done' },
      { channel: 'slack-raw', eventId: `event:${eventId}`, status: 'done' },
    ]);
  });

  it('ignores its own messages and messages in channels that are not our threads', async () => {
    await channel.start();
    await post(req.event({ ...dm(FAKE_BOT_USER_ID, 'echo of myself') }).request);
    await post(req.event({ ...dm(LIN, 'a bot post'), bot_id: 'B0OTHER' }).request);
    await post(req.event({ ...dm(LIN, 'edited'), subtype: 'message_changed' }).request);
    await post(req.event({ type: 'message', channel: 'C0GENERAL', channel_type: 'channel', user: LIN, text: 'lunch?', ts: '1700000200.000001' }).request);
    await post(
      req.event({
        type: 'message',
        channel: 'C0GENERAL',
        channel_type: 'channel',
        user: LIN,
        text: 'in a thread',
        ts: '1700000200.000002',
        thread_ts: '1700000200.000001',
      }).request,
    );
    expect(seen).toEqual([]);
    // each request was kept before its ack (and is done), but none made a turn
    expect(await t.db.inboundEvent.count({ where: { channel: 'slack' } })).toBe(0);
    expect(await t.db.inboundEvent.count({ where: { channel: 'slack-raw', status: 'done' } })).toBe(5);
  });

  it('opens the modal a slash command’s reply asks for, with an empty ack', async () => {
    const { request, triggerId } = req.command(LIN, '/lead', 'walk-in');
    const res = await post(request);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(seen[0]).toMatchObject({ kind: 'command', command: { name: 'lead', args: 'walk-in' }, chatId: LIN, eventId: `cmd:${triggerId}` });
    const opened = fake.callsOf('views.open');
    expect(opened).toHaveLength(1);
    expect(opened[0].params.trigger_id).toBe(triggerId);
    expect(opened[0].params.view).toMatchObject({
      type: 'modal',
      callback_id: 'lead',
      private_metadata: 'cust-1',
      title: { type: 'plain_text', text: 'New lead from the showr…' },
      submit: { text: 'Save' },
      close: { text: 'Cancel' },
    });
    expect(opened[0].params.view.blocks.map((b: { block_id: string }) => b.block_id)).toEqual(['name', 'phone', 'grade', 'visit']);
    // the form was delivered as a modal, not queued
    expect(await t.db.outboxMessage.count()).toBe(0);
  });

  function submission(values: Record<string, Record<string, unknown>>) {
    return req.interaction({
      type: 'view_submission',
      trigger_id: req.triggerId(),
      user: { id: LIN, name: 'lin' },
      view: {
        id: 'V0MODAL1',
        hash: `h-${Object.keys(values).length}-${JSON.stringify(values).length}`,
        type: 'modal',
        callback_id: 'lead',
        private_metadata: 'cust-1',
        state: { values },
      },
    });
  }

  it('keeps a modal open with field errors, and closes it on success with the confirmation by DM', async () => {
    const bad = await post(
      submission({ name: { name: { type: 'plain_text_input', value: 'Wang' } }, phone: { phone: { type: 'plain_text_input', value: '123' } } }),
    );
    expect(bad.statusCode).toBe(200);
    expect(bad.json()).toEqual({ response_action: 'errors', errors: { phone: 'Enter an 11-digit mobile number' } });

    const good = await post(
      submission({
        name: { name: { type: 'plain_text_input', value: 'Wang' } },
        phone: { phone: { type: 'plain_text_input', value: '13812345678' } },
        grade: { grade: { type: 'static_select', selected_option: { value: 'H', text: { type: 'plain_text', text: 'H' } } } },
        visit: { visit: { type: 'datepicker', selected_date: null } },
      }),
    );
    expect(good.statusCode).toBe(200);
    expect(good.body).toBe('');
    expect(seen.at(-1)).toMatchObject({ kind: 'form', form: { id: 'lead', values: { name: 'Wang', phone: '13812345678', grade: 'H' }, meta: 'cust-1' } });
    expect(seen.at(-1)!.form!.values).not.toHaveProperty('visit');
    await outbox.tick();
    expect(posted().map((c) => [c.params.channel, c.params.text])).toEqual([[LIN, 'Saved lead Wang (H, cust-1)']]);
  });

  it('publishes the Home tab when it is opened, and again after a Home button', async () => {
    const opened = req.event({ type: 'app_home_opened', user: LIN, channel: 'D0LIN0001', tab: 'home', event_ts: '1700000300.000001' });
    await post(opened.request);
    const published = fake.callsOf('views.publish');
    expect(published).toHaveLength(1);
    expect(published[0].params.user_id).toBe(LIN);
    expect(published[0].params.view.type).toBe('home');
    const blocks = published[0].params.view.blocks as { type: string; elements?: { action_id: string; value: string }[] }[];
    expect(blocks.map((b) => b.type)).toEqual(['section', 'actions', 'divider', 'section', 'section']);
    expect(seen[0]).toMatchObject({ kind: 'command', command: { name: 'home', args: '' }, eventId: opened.eventId });

    const triggerId = req.triggerId();
    const press = req.interaction({
      type: 'block_actions',
      trigger_id: triggerId,
      user: { id: LIN },
      container: { type: 'view', view_id: 'V1' },
      view: { id: 'V1', type: 'home' },
      actions: [{ type: 'button', action_id: blocks[1].elements![0].action_id, block_id: 'x', value: 'home:refresh', action_ts: '1' }],
    });
    const res = await post(press);
    expect(res.statusCode).toBe(200);
    expect(seen.slice(1)).toMatchObject([
      { kind: 'button', action: 'home:refresh', eventId: `act:${triggerId}:r0b0`, chatId: LIN },
      { kind: 'command', command: { name: 'home' }, eventId: `home:${triggerId}` },
    ]);
    expect(fake.callsOf('views.publish')).toHaveLength(2);
  });

  it('passes a thread reply under one of our posts with its thread key, and answers in the thread', async () => {
    await channel.start();
    await enqueueOutbound(
      t.db,
      { idempotencyKey: 'handoff:conv-1', channel: 'slack', recipient: HANDOFF, message: { text: 'A customer asks for a person' } },
      clock.now(),
    );
    await outbox.tick();
    const root = await t.db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: 'handoff:conv-1' } });
    const rootTs = root.sentRef!.split('/')[1];
    expect(root.sentRef).toBe(`${HANDOFF}/${rootTs}`);

    await post(
      req.event({ type: 'message', channel: HANDOFF, channel_type: 'channel', user: LIN, text: 'I take it', ts: '1700000400.000001', thread_ts: rootTs })
        .request,
    );
    expect(seen[0]).toMatchObject({ chatId: `${HANDOFF}/${rootTs}`, threadKey: 'handoff:conv-1', text: 'I take it' });
    await outbox.tick();
    expect(posted().at(-1)!.params).toMatchObject({ channel: HANDOFF, thread_ts: rootTs, text: 'Hi Lin Xiaowen, you said: I take it [thread handoff:conv-1]' });

    // a button on the root post belongs to the same thread
    const triggerId = req.triggerId();
    await post(
      req.interaction({
        type: 'block_actions',
        trigger_id: triggerId,
        user: { id: LIN },
        container: { type: 'message', channel_id: HANDOFF, message_ts: rootTs },
        channel: { id: HANDOFF },
        message: { ts: rootTs },
        actions: [{ type: 'button', action_id: 'b0', value: 'handoff:take', block_id: 'x' }],
      }),
    );
    expect(seen[1]).toMatchObject({
      kind: 'button',
      action: 'handoff:take',
      chatId: `${HANDOFF}/${rootTs}`,
      threadKey: 'handoff:conv-1',
      eventId: `act:${triggerId}:b0`,
    });
  });

  it('answers an app_mention in a thread of its own, without the mention', async () => {
    await post(
      req.event({ type: 'app_mention', channel: 'C0SALES', user: LIN, text: `<@${FAKE_BOT_USER_ID}> today's board`, ts: '1700000500.000001' }).request,
    );
    expect(seen[0]).toMatchObject({ chatId: 'C0SALES/1700000500.000001', text: "today's board" });
    await outbox.tick();
    expect(posted()[0].params).toMatchObject({ channel: 'C0SALES', thread_ts: '1700000500.000001' });
  });

  it('runs the save_note message shortcut as a note command', async () => {
    const triggerId = req.triggerId();
    const res = await post(
      req.interaction({
        type: 'message_action',
        callback_id: 'save_note',
        trigger_id: triggerId,
        user: { id: LIN },
        channel: { id: 'D0LIN0001' },
        message: { type: 'message', text: 'customer wants white', ts: '1' },
        message_ts: '1',
        response_url: 'https://hooks.slack.com/x',
      }),
    );
    expect(res.statusCode).toBe(200);
    expect(seen[0]).toMatchObject({ kind: 'command', command: { name: 'note', args: 'customer wants white' }, eventId: `shortcut:${triggerId}`, chatId: LIN });
  });

  it('waits for Retry-After on 429, then delivers without losing anything', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    await post(req.event(dm(LIN, 'hello')).request);
    await outbox.tick();
    const row = await t.db.outboxMessage.findFirstOrThrow();
    expect(row).toMatchObject({ status: 'pending', nextAttemptAt: new Date(clock.now().getTime() + 7000) });
    expect(row.lastError).toContain('rate limited');
    clock.advance(6999);
    await outbox.tick();
    expect(posted()).toHaveLength(1);
    clock.advance(1);
    await outbox.tick();
    expect(posted()).toHaveLength(2);
    expect(await t.db.outboxMessage.findFirstOrThrow()).toMatchObject({ status: 'sent' });
  });

  it('retries after a 500, and dead-letters what Slack refuses for good', async () => {
    fake.failNext('chat.postMessage', { status: 500 });
    await post(req.event(dm(LIN, 'hello')).request);
    await outbox.tick();
    expect(await t.db.outboxMessage.findFirstOrThrow()).toMatchObject({ status: 'pending', lastError: expect.stringContaining('HTTP 500') });
    clock.advance(10 * 60_000);
    await outbox.tick();
    expect(await t.db.outboxMessage.findFirstOrThrow()).toMatchObject({ status: 'sent' });

    fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    await enqueueOutbound(t.db, { idempotencyKey: 'gone-1', channel: 'slack', recipient: 'C0GONE', message: { text: 'x' } }, clock.now());
    await outbox.tick();
    expect(await t.db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: 'gone-1' } })).toMatchObject({
      status: 'dead',
      lastError: expect.stringContaining('channel_not_found'),
    });
  });

  it('holds a thread reply until its root is posted', async () => {
    const at = clock.now();
    await enqueueOutbound(
      t.db,
      { idempotencyKey: 'root-1', channel: 'slack', recipient: HANDOFF, message: { text: 'root' }, notBefore: new Date(at.getTime() + 10_000) },
      at,
    );
    await enqueueOutbound(t.db, { idempotencyKey: 'reply-1', channel: 'slack', recipient: HANDOFF, message: { text: 'reply', thread: 'root-1' } }, at);
    await outbox.tick();
    expect(posted()).toEqual([]);
    const waiting = await t.db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: 'reply-1' } });
    expect(waiting.status).toBe('pending');
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(at.getTime() + 10_000);
    for (let i = 0; i < 5 && posted().length < 2; i++) {
      clock.advance(11_000);
      await outbox.tick();
    }
    expect(postedTexts()).toEqual(['root', 'reply']);
    const rootTs = (await t.db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: 'root-1' } })).sentRef!.split('/')[1];
    expect(posted()[1].params.thread_ts).toBe(rootTs);
  });

  it('posts a reply whose root died on its own', async () => {
    await enqueueOutbound(t.db, { idempotencyKey: 'root-2', channel: 'slack', recipient: HANDOFF, message: { text: 'root' } }, clock.now());
    await t.db.outboxMessage.update({ where: { idempotencyKey: 'root-2' }, data: { status: 'dead' } });
    await channel.sender.send({ recipient: HANDOFF, idempotencyKey: 'reply-2', message: { text: 'reply', thread: 'root-2' } });
    expect(posted()[0].params).not.toHaveProperty('thread_ts');
  });

  it('mentions linked staff as <@U…> and others by name', async () => {
    await t.db.channelIdentity.create({ data: { channel: 'slack', externalId: LIN, staffId: 'st-c' } });
    await channel.sender.send({
      recipient: HANDOFF,
      idempotencyKey: 'm-1',
      message: { text: 'New customer <waiting> & ready', mentions: ['st-c', 'st-m'], from: 'customer' },
    });
    const { text, blocks } = posted()[0].params;
    expect(text).toBe(`<@${LIN}> Chen Siyuan 👤 New customer &lt;waiting&gt; &amp; ready`);
    expect(blocks[0].text.text).toBe(text);
  });

  it('starts with one auth.test and does not hang when Slack is unreachable', async () => {
    await channel.start();
    expect(fake.calls.map((c) => c.method)).toEqual(['auth.test']);
    const offline = createSlackChannel({
      config: { botToken: fake.token, signingSecret: SECRET, apiUrl: 'http://127.0.0.1:9/api/' },
      pipeline: undefined as never,
      db: t.db,
      log: silentLogger,
      clock,
    });
    await offline.start();
    await expect(offline.sender.send({ recipient: LIN, idempotencyKey: 'x', message: { text: 'hi' } })).rejects.toMatchObject({
      name: 'SendError',
      message: expect.stringContaining('unreachable'),
      opts: {},
    });
  });

  it('answers 500 when the turn fails before the ack (a modal submission), so Slack shows an error', async () => {
    const failing = { handle: async () => Promise.reject(new Error('store unavailable')) } as unknown as Pipeline;
    const broken = createSlackChannel({
      config: { botToken: fake.token, signingSecret: SECRET, apiUrl: fake.apiUrl },
      pipeline: failing,
      db: t.db,
      log: silentLogger,
      clock,
    });
    const server = createHttpServer(silentLogger);
    broken.registerRoutes(server);
    const res = await server.inject(submission({ name: { name: { type: 'plain_text_input', value: 'Wang' } } }));
    await broken.idle();
    expect(res.statusCode).toBe(500);
    await server.close();
  });

  it('refuses to run over HTTP without a signing secret', () => {
    expect(() => createSlackChannel({ config: { botToken: fake.token }, pipeline: undefined as never, db: t.db, log: silentLogger, clock })).toThrow(
      /SLACK_SIGNING_SECRET/,
    );
  });
});
