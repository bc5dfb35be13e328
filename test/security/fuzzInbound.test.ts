// A property-based fuzz (fast-check) of the inbound of all four channels on one real
// service: thousands of generated payloads (valid-looking and broken, signed so they get
// past the door, and unsigned), and every answer is a defined status below 500, no
// promise is left rejected, and the service still answers /healthz afterwards.
import fc from 'fast-check';
import { stringify } from 'node:querystring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLACK_EVENTS_PATH } from '../../src/channels/slack/createSlackChannel.js';
import { computeSlackSignature } from '../../src/channels/slack/verifySlackSignature.js';
import { encryptMessage, msgSignature, signature } from '../../src/channels/wechat/wechatCrypto.js';
import { insertDemoStore } from '../helpers/demoStore.js';
import { FAKE_TEAM_ID, startFakeSlack, type FakeSlack } from '../helpers/fakeSlack.js';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fakeTelegram.js';
import { createTestApp, type TestApp } from '../helpers/testApp.js';
import { createBrowser } from '../helpers/webChat.js';

/** Payloads per channel: enough to meet the odd shapes, few enough for a test run. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SLACK_SECRET = 'fuzz-signing-secret';
const WECHAT = { token: 'fuzztoken', appId: 'wxfuzz000000001', aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };

describe('security: fuzzing every channel inbound', () => {
  let h: TestApp;
  let telegram: FakeTelegram;
  let slack: FakeSlack;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => void rejections.push(reason);

  beforeAll(async () => {
    telegram = await startFakeTelegram();
    slack = await startFakeSlack();
    h = await createTestApp({
      now: '2026-12-03T10:15:00+08:00',
      env: {
        WEB_CHAT_RATE_LIMIT: '100000',
        TELEGRAM_BOT_TOKEN: '123456:TEST-token',
        TELEGRAM_WEBHOOK_SECRET: 'hook_secret',
        TELEGRAM_API_ROOT: telegram.url,
        WECHAT_TOKEN: WECHAT.token,
        WECHAT_APP_ID: WECHAT.appId,
        WECHAT_ENCODING_AES_KEY: WECHAT.aesKey,
        WECHAT_ACCEPT_PLAIN: 'true',
        SLACK_BOT_TOKEN: slack.token,
        SLACK_SIGNING_SECRET: SLACK_SECRET,
        SLACK_API_URL: slack.apiUrl,
      },
      prepare: async (t) => void (await insertDemoStore(t.db)),
    });
    await h.app.telegram!.start();
    await h.app.slack!.start();
    process.on('unhandledRejection', onRejection);
  }, 60_000);

  afterAll(async () => {
    process.off('unhandledRejection', onRejection);
    await h?.close();
    await telegram?.close();
    await slack?.close();
  });

  /** A defined answer: anything but a server error (or a dropped connection). */
  function expectDefined(res: { statusCode: number; body: string }, what: string) {
    expect(res.statusCode, `${what} → ${res.statusCode} ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(200);
    expect(res.statusCode, `${what} → ${res.statusCode} ${res.body.slice(0, 200)}`).toBeLessThan(500);
  }

  // text that customers and attackers send: any Unicode, markers the parsers look for, numbers
  const nastyText = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.constantFrom(
      '改',
      '取消预约',
      '删除我的信息',
      '转人工',
      '明天下午两点试驾E6',
      '13812345678',
      '<![CDATA[',
      ']]>',
      '\u0000',
      '__proto__',
      'constructor',
      '%s%n',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${x} is one of the nasty texts
      '${x}',
      '\uFFFD',
      '🚗'.repeat(50),
    ),
    fc.array(fc.constantFrom('改到', '周六', '下午3点', '13812345678', 'E6', 'to', 'instead of', '改', '1', ' '), { maxLength: 400 }).map((a) => a.join('')),
  );
  const anyJson = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.anything({ maxDepth: 3 }).map((v) => {
      try {
        return JSON.parse(JSON.stringify(v) ?? 'null');
      } catch {
        return null;
      }
    }),
  );

  it('web chat: POST /api/chat and GET /api/chat/history answer every body and query with a defined status', async () => {
    // well-formed turns reach the bots (and the parsers behind them); the rest test the door
    const turn = fc.oneof(
      nastyText.map((text) => ({ text })),
      fc
        .constantFrom(
          'td:confirm',
          'td:change',
          'td:cancel:x',
          'td:keep',
          'privacy:delete',
          'privacy:agree',
          'human',
          'book_test_drive',
          'td:slot:2026-12-04T14:00',
          'td:move:x:2026-99-99T25:61',
          'td:fb:x:9',
          'faq:models',
        )
        .map((action) => ({ action })),
    );
    const wellFormed = fc.record({ turn, lang: fc.constantFrom('zh', 'en') }).map(({ turn: t, lang }) => JSON.stringify({ role: 'customer', lang, ...t }));
    const body = fc.oneof(
      { arbitrary: wellFormed, weight: 3 },
      anyJson.map((v) => JSON.stringify(v)),
      fc
        .record(
          {
            role: fc.oneof(fc.constantFrom('customer', 'staff'), fc.string()),
            text: nastyText,
            action: fc.oneof(
              fc.constantFrom('td:confirm', 'td:cancel:x', 'privacy:delete', 'human', 'td:slot:2026-12-04T14:00', 'td:move:x:2026-99-99T25:61'),
              fc.string(),
            ),
            form: fc.oneof(fc.record({ id: fc.string(), values: fc.dictionary(fc.string(), fc.string()) }), anyJson),
            messageId: fc.string(),
            lang: fc.string(),
            sessionId: fc.string(),
            staffId: fc.string(),
          },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 500 }),
    );
    const contentType = fc.oneof(
      { arbitrary: fc.constant('application/json'), weight: 4 },
      fc.constantFrom('application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''),
    );
    await fc.assert(
      fc.asyncProperty(body, contentType, async (payload, type) => {
        const res = await h.app.http.inject({ method: 'POST', url: '/api/chat', payload, headers: type ? { 'content-type': type } : {} });
        expectDefined(res, `POST /api/chat ${payload.slice(0, 80)}`);
      }),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom('after', 'role', 'sessionId', 'staffId', 'x', '__proto__'), fc.string()),
        fc.string(),
        async (query, cookie) => {
          const res = await h.app.http.inject({
            url: `/api/chat/history?${new URLSearchParams(query)}`,
            headers: { cookie: `dealerbot_chat=${encodeURIComponent(cookie)}` },
          });
          expectDefined(res, `GET /api/chat/history ${JSON.stringify(query)}`);
        },
      ),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  }, 180_000);

  it("web chat, staff side: a signed-in staff member's texts, buttons and forms of any shape", async () => {
    const manager = createBrowser(h.app.http);
    await manager.demoSignIn('st-01');
    const word = fc.oneof(
      fc.constantFrom('constructor', '__proto__', 'toString', 'c-1', 'st-03', 'st-99', 'H', 'F', '2026-02-30', '-1', '1e309', ''),
      fc.string({ maxLength: 12 }),
    );
    const action = fc
      .tuple(
        fc.constantFrom(
          'crm:open',
          'crm:log',
          'crm:regrade',
          'crm:lost',
          'crm:reveal',
          'crm:followup',
          'crm:erase',
          'crm:dupmerge',
          'crm:dupdistinct',
          'crm:book',
          'crm:assign',
          'handoff:take',
          'handoff:close',
          'fu:snooze',
          'fu:rv',
          'fu:done',
          'practice:start',
          'practice:stop',
          'practice:show',
          'team',
          'staff',
          'targets',
        ),
        fc.array(word, { maxLength: 3 }),
      )
      .map(([verb, args]) => [verb, ...args].join(':'));
    const formId = fc.oneof(
      fc.constantFrom('crm.assign', 'crm.book', 'crm.erase', 'crm.followup', 'crm.lead', 'crm.lead.merge', 'crm.log', 'crm.note', 'crm.regrade', 'targets.set'),
      fc.string({ maxLength: 20 }),
    );
    const values = fc.dictionary(
      fc.constantFrom(
        'name',
        'phone',
        'model',
        'grade',
        'outcome',
        'amount',
        'date',
        'time',
        'notes',
        'metric',
        'scope',
        'value',
        'period',
        'reason',
        'staff',
        'customer',
        'confirm',
        '__proto__',
        'constructor',
      ),
      fc.oneof(
        word,
        nastyText.map((t) => t.slice(0, 300)),
      ),
    );
    const turn = fc.oneof(
      nastyText.map((text) => ({ text })),
      fc
        .constantFrom(
          '/lead',
          '/log',
          '/customer 陈',
          '/customer 1234',
          '/coach 太贵了',
          '/practice',
          '/target',
          '/digest',
          '/invite st-03',
          '我的今天',
          '队列',
          'help',
        )
        .map((text) => ({ text })),
      action.map((a) => ({ action: a })),
      fc.record({ id: formId, values, meta: fc.option(word, { nil: undefined }) }).map((form) => ({ form })),
    );
    await fc.assert(
      fc.asyncProperty(turn, async (t) => {
        const res = await manager.request({ method: 'POST', url: '/api/chat', payload: { role: 'staff', ...t } });
        expectDefined(res, `staff ${JSON.stringify(t).slice(0, 120)}`);
      }),
      { numRuns: RUNS },
    );
  }, 180_000);

  it('Telegram: updates of any shape behind the right secret, and anything without it', async () => {
    let updateId = 10_000;
    const user = fc.record(
      { id: fc.oneof(fc.integer(), fc.string()), is_bot: fc.boolean(), first_name: fc.string(), language_code: fc.option(fc.string()) },
      { requiredKeys: [] },
    );
    const chat = fc.record(
      { id: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.string()), type: fc.constantFrom('private', 'group', 'channel', 'x') },
      { requiredKeys: [] },
    );
    const message = fc.record(
      {
        message_id: fc.integer(),
        date: fc.integer(),
        from: user,
        chat,
        text: nastyText,
        entities: fc.array(
          fc.record({ type: fc.constantFrom('bot_command', 'url', 'x'), offset: fc.integer({ min: -5, max: 50 }), length: fc.integer({ min: -5, max: 50 }) }),
        ),
        contact: fc.record(
          { phone_number: fc.string(), user_id: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.string()), first_name: fc.string() },
          { requiredKeys: [] },
        ),
        sticker: anyJson,
      },
      { requiredKeys: [] },
    );
    // well-formed private messages, so the bots behind the door see nasty text on every run
    // (a record of optional keys alone reaches them only a few times in a thousand)
    const privateMessage = fc.record({ id: fc.integer({ min: 1, max: 50 }), text: nastyText }).map(({ id, text }) => ({
      update_id: ++updateId,
      message: { message_id: id, date: 1_764_728_100, from: { id, is_bot: false, first_name: 'F' }, chat: { id, type: 'private' }, text },
    }));
    const update = fc.oneof(
      { arbitrary: privateMessage, weight: 1 },
      fc
        .record(
          { message, callback_query: fc.record({ id: fc.string(), from: user, data: fc.string(), message }, { requiredKeys: [] }), edited_message: message },
          { requiredKeys: [] },
        )
        .map((u) => ({ update_id: ++updateId, ...u })),
      anyJson,
    );
    await fc.assert(
      fc.asyncProperty(update, fc.boolean(), async (u, rightSecret) => {
        const res = await h.app.http.inject({
          method: 'POST',
          url: '/telegram/webhook',
          payload: JSON.stringify(u),
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': rightSecret ? 'hook_secret' : 'wrong' },
        });
        expectDefined(res, `telegram ${JSON.stringify(u).slice(0, 120)}`);
        if (!rightSecret) expect(res.statusCode).toBe(401);
      }),
      { numRuns: RUNS },
    );
  }, 180_000);

  it('WeChat: signed callbacks with any XML, plain and encrypted, and forged or stale queries', async () => {
    let nonce = 500_000;
    const field = fc.oneof(nastyText, fc.string({ maxLength: 40 }));
    const xml = fc.oneof(
      fc
        .record({
          from: field,
          type: fc.oneof(fc.constantFrom('text', 'event', 'image', 'voice', 'location'), field),
          content: field,
          msgId: fc.oneof(fc.bigInt().map(String), field),
          event: fc.oneof(fc.constantFrom('subscribe', 'unsubscribe', 'CLICK', 'SCAN'), field),
          key: field,
          time: fc.oneof(fc.integer().map(String), field),
        })
        .map(
          (f) =>
            `<xml><ToUserName><![CDATA[gh_x]]></ToUserName><FromUserName><![CDATA[${f.from}]]></FromUserName><CreateTime>${f.time}</CreateTime><MsgType><![CDATA[${f.type}]]></MsgType><Content><![CDATA[${f.content}]]></Content><MsgId>${f.msgId}</MsgId><Event><![CDATA[${f.event}]]></Event><EventKey><![CDATA[${f.key}]]></EventKey></xml>`,
        ),
      fc.string({ maxLength: 400 }),
      fc.constantFrom(
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><xml><Content>&b;&b;&b;</Content></xml>',
        '<xml><xml><xml>',
        '<?xml version="1.0"?><xml/>',
        '',
      ),
    );
    const mode = fc.constantFrom('plain', 'aes', 'forged', 'stale', 'junk-query');
    await fc.assert(
      fc.asyncProperty(xml, mode, async (body, how) => {
        const now = Math.floor(h.clock.now().getTime() / 1000);
        const ts = String(how === 'stale' ? now - 10_000 : now);
        const n = String(++nonce);
        const q = new URLSearchParams({ signature: signature(how === 'forged' ? 'nope' : WECHAT.token, ts, n), timestamp: ts, nonce: n });
        let payload = body;
        if (how === 'aes') {
          const encrypt = encryptMessage(body, WECHAT.aesKey, WECHAT.appId);
          payload = `<xml><ToUserName><![CDATA[gh_x]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
          q.set('encrypt_type', 'aes');
          q.set('msg_signature', msgSignature(WECHAT.token, ts, n, encrypt));
        }
        const url = how === 'junk-query' ? `/wechat?${body.slice(0, 100)}` : `/wechat?${q}`;
        const res = await h.app.http.inject({ method: 'POST', url, payload, headers: { 'content-type': 'text/xml' } });
        expectDefined(res, `wechat ${how} ${body.slice(0, 80)}`);
        if (how === 'forged' || how === 'stale') expect(res.statusCode).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: RUNS },
    );
  }, 180_000);

  it('Slack: signed events, commands and interactions of any shape, and unsigned ones', async () => {
    let eventNo = 0;
    const event = fc.record(
      {
        type: fc.oneof(fc.constantFrom('message', 'app_mention', 'app_home_opened', 'reaction_added'), fc.string()),
        channel: fc.oneof(fc.constantFrom('D0DM', 'C0ROOM'), fc.string()),
        channel_type: fc.constantFrom('im', 'channel', 'x'),
        user: fc.oneof(fc.constantFrom('U01', 'U03'), fc.string()),
        text: nastyText,
        ts: fc.string(),
        thread_ts: fc.string(),
        subtype: fc.option(fc.string()),
      },
      { requiredKeys: [] },
    );
    const request = fc.oneof(
      event.map((e) => ({
        type: 'application/json',
        body: JSON.stringify({
          token: 'legacy',
          team_id: FAKE_TEAM_ID,
          api_app_id: 'A0APP',
          type: 'event_callback',
          event_id: `EvFuzz${++eventNo}`,
          event_time: 1764728100,
          event: e,
        }),
      })),
      fc
        .record({
          command: fc.oneof(fc.constantFrom('/lead', '/log', '/customer', '/coach', '/practice', '/target', '/digest', '/invite', '/link'), fc.string()),
          text: nastyText,
          user_id: fc.oneof(fc.constantFrom('U01', 'U03'), fc.string()),
        })
        .map((c) => ({
          type: 'application/x-www-form-urlencoded',
          body: stringify({
            token: 'legacy',
            team_id: FAKE_TEAM_ID,
            channel_id: 'D0DM',
            channel_name: 'directmessage',
            user_name: 'x',
            api_app_id: 'A0APP',
            response_url: 'https://hooks.slack.com/commands/x',
            trigger_id: `${++eventNo}.1.t`,
            ...c,
          }),
        })),
      anyJson.map((p) => ({ type: 'application/x-www-form-urlencoded', body: stringify({ payload: JSON.stringify(p) }) })),
      fc.string({ maxLength: 300 }).map((s) => ({ type: 'application/json', body: s })),
    );
    await fc.assert(
      fc.asyncProperty(request, fc.constantFrom('signed', 'unsigned', 'stale'), async (r, how) => {
        const ts = String(Math.floor(h.clock.now().getTime() / 1000) - (how === 'stale' ? 3600 : 0));
        const res = await h.app.http.inject({
          method: 'POST',
          url: SLACK_EVENTS_PATH,
          payload: r.body,
          headers: {
            'content-type': r.type,
            'x-slack-request-timestamp': ts,
            'x-slack-signature': computeSlackSignature(how === 'unsigned' ? 'not-the-secret' : SLACK_SECRET, ts, r.body),
          },
        });
        expectDefined(res, `slack ${how} ${r.body.slice(0, 100)}`);
        if (how !== 'signed') expect(res.statusCode).toBe(401);
      }),
      { numRuns: RUNS },
    );
    await h.app.slack!.idle();
  }, 180_000);

  it('leaves no promise rejected, no bot thrown, and the service answering', async () => {
    await h.app.outbox.tick();
    expect(rejections).toEqual([]);
    // a bot that throws is caught and the user gets an apology (a 200): count those too
    const botErrors = (await h.app.metrics.botErrors.get()).values.filter((v) => v.value > 0).map((v) => `${v.labels.bot}: ${v.value}`);
    expect(botErrors).toEqual([]);
    const health = await h.app.http.inject({ url: '/healthz' });
    expect(health.statusCode).toBe(200);
    // the work was real: the pipeline handled messages from every channel (Slack's raw requests are kept before their ack too)
    const channels = await h.t.db.inboundEvent.groupBy({ by: ['channel'], _count: true });
    expect(channels.map((c) => c.channel).sort()).toEqual(['slack', 'slack-raw', 'telegram', 'web', 'wechat']);
  });
});
