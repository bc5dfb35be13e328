// The WeChat Official Account callback against the whole service: requests signed (and in
// safe mode encrypted) as WeChat sends them, replies read back, late replies delivered
// through a fake customer-service API.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWechatChannel, type WechatChannel } from '../../src/channels/wechat/createWechatChannel.js';
import { signature } from '../../src/channels/wechat/wechatCrypto.js';
import { OutboxWorker } from '../../src/core/outbox.js';
import type { TurnResult } from '../../src/core/pipeline.js';
import { insertDemoStore } from '../helpers/demoStore.js';
import { startFakeWechat, type FakeWechat } from '../helpers/fakeWechat.js';
import { silentLogger } from '../helpers/silentLogger.js';
import { createTestApp, type TestApp } from '../helpers/testApp.js';
import { eventXml, postCallback, textXml, type WechatEndpoint } from './wechatUser.js';

const NOW = '2026-12-03T10:15:00+08:00'; // Thursday
const TOKEN = 'dealerbotWechatToken';
const APP_ID = 'wx5823bf96d3bd56c7';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const OLD_AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const PLAIN: WechatEndpoint = { token: TOKEN, appId: APP_ID };
const SAFE: WechatEndpoint = { token: TOKEN, appId: APP_ID, aesKey: AES_KEY };

describe('WeChat Official Account channel', () => {
  let fake: FakeWechat;
  let h: TestApp;
  let worker: OutboxWorker;

  async function build(opts: { replyBudgetMs?: number } = {}) {
    h = await createTestApp({
      now: NOW,
      env: {
        WECHAT_TOKEN: TOKEN, WECHAT_ENCODING_AES_KEY: AES_KEY, WECHAT_ENCODING_AES_KEY_PREVIOUS: OLD_AES_KEY, WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: 'app-secret', WECHAT_API_BASE: fake.url,
        ...(opts.replyBudgetMs !== undefined ? { WECHAT_REPLY_BUDGET_MS: String(opts.replyBudgetMs) } : {}),
      },
      prepare: async (t) => void (await insertDemoStore(t.db)),
    });
    // the service wires the channel itself from the WECHAT_* keys
    worker = h.app.outbox;
  }

  beforeEach(async () => {
    fake = await startFakeWechat();
  });
  afterEach(async () => {
    await h?.close();
    await fake.close();
  });

  /** Queues a message for the customer-service API, as a late reply or a reminder would. */
  async function queueForSending(key: string, text: string, recipient = 'o_customer_1') {
    await h.app.db.outboxMessage.create({
      data: { idempotencyKey: key, channel: 'wechat', recipient, payload: { text }, maxAttempts: 8, nextAttemptAt: h.clock.now(), createdAt: h.clock.now() },
    });
  }

  describe('callbacks', () => {
    beforeEach(() => build());

    it('answers the URL check with echostr, and refuses a bad signature', async () => {
      const q = (token: string) => new URLSearchParams({ signature: signature(token, '1714037059', '486452656'), timestamp: '1714037059', nonce: '486452656', echostr: '7130551853741264' });
      expect(signature('AAAAA', '1714037059', '486452656')).toBe('899cf89e464efb63f54ddac96b0a0a235f53aa78');
      const ok = await h.app.http.inject({ url: `/wechat?${q(TOKEN)}` });
      expect([ok.statusCode, ok.body]).toEqual([200, '7130551853741264']);
      const bad = await h.app.http.inject({ url: `/wechat?${q('AAAAA')}` });
      expect(bad.statusCode).toBe(401);
      expect(bad.body).not.toContain('7130551853741264');
    });

    it('answers a plain-mode question with a passive XML reply in Chinese', async () => {
      const r = await postCallback(h, PLAIN, textXml('o_customer_1', '你们店在哪里？营业时间是？', '6054768590064713728'));
      expect(r.status).toBe(200);
      expect(r.text).toContain('个人信息保护法'); // first contact
      expect(r.text).toMatch(/[\u4e00-\u9fff]/);
      const event = await h.app.db.inboundEvent.findFirstOrThrow();
      expect(event.eventId).toBe('6054768590064713728'); // the 64-bit MsgId kept exactly
      const conversation = await h.app.db.conversation.findFirstOrThrow();
      expect(conversation).toMatchObject({ channel: 'wechat', chatId: 'o_customer_1' });
    });

    it('answers a safe-mode message with an encrypted reply that decrypts and verifies', async () => {
      const r = await postCallback(h, SAFE, textXml('o_customer_1', '你好', '1001'));
      expect(r.status).toBe(200);
      expect(r.body).toContain('<Encrypt>');
      expect(r.body).not.toContain('你好');
      expect(r.text).toContain('个人信息保护法');
    });

    it('accepts a message encrypted with the previous key (key rotation)', async () => {
      const r = await postCallback(h, { ...SAFE, aesKey: OLD_AES_KEY }, textXml('o_customer_1', '你好', '1002'));
      expect(r.status).toBe(200);
      expect(r.text).toContain('个人信息保护法');
    });

    it('rejects a bad signature, a bad msg_signature and an undecryptable message, processing nothing', async () => {
      expect((await postCallback(h, PLAIN, textXml('o_customer_1', '你好', '1003'), { signature: true })).status).toBe(401);
      expect((await postCallback(h, SAFE, textXml('o_customer_1', '你好', '1004'), { msgSignature: true })).status).toBe(400);
      const otherKey = 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut';
      expect((await postCallback(h, { ...SAFE, aesKey: otherKey }, textXml('o_customer_1', '你好', '1005'))).status).toBe(400);
      const notXml = await h.app.http.inject({
        method: 'POST',
        url: `/wechat?${new URLSearchParams({ signature: signature(TOKEN, '1', '2'), timestamp: '1', nonce: '2' })}`,
        headers: { 'content-type': 'text/xml' },
        payload: 'x'.repeat(70 * 1024),
      });
      expect(notXml.statusCode).toBe(413);
      expect(await h.app.db.conversation.count()).toBe(0);
      expect(await h.app.db.inboundEvent.count()).toBe(0);
    });

    it('answers a retried MsgId once, then "success"', async () => {
      const xml = textXml('o_customer_1', '你好', '1006');
      expect((await postCallback(h, PLAIN, xml)).text).toBeTruthy();
      const again = await postCallback(h, PLAIN, xml);
      expect([again.status, again.body]).toEqual([200, 'success']);
      expect(await h.app.db.chatMessage.count({ where: { direction: 'in' } })).toBe(1);
    });

    it('welcomes a new follower with the privacy notice and numbered choices', async () => {
      const r = await postCallback(h, SAFE, eventXml('o_customer_1', 'subscribe', 'qrscene_showroom'));
      expect(r.text).toContain('个人信息保护法');
      expect(r.text).toContain('回复 1 同意'); // numbered across the turn's replies
      expect(r.text).toMatch(/回复 2 预约试驾\n回复 3 看看车型\n回复 4 转人工$/);
      expect((await postCallback(h, SAFE, textXml('o_customer_1', '２', '1007'))).text).toContain('您想试驾哪款车');
    });

    it('answers media politely, uses voice recognition, and ignores an unsubscribe', async () => {
      const image = `<xml><ToUserName><![CDATA[gh_dealerbot01]]></ToUserName><FromUserName><![CDATA[o_customer_1]]></FromUserName><CreateTime>1733192000</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://example.invalid/p.jpg]]></PicUrl><MediaId><![CDATA[m1]]></MediaId><MsgId>4001</MsgId></xml>`;
      expect((await postCallback(h, PLAIN, image)).text).toBeTruthy();
      const voice = `<xml><ToUserName><![CDATA[gh_dealerbot01]]></ToUserName><FromUserName><![CDATA[o_customer_1]]></FromUserName><CreateTime>1733192001</CreateTime><MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[m2]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[我想预约试驾]]></Recognition><MsgId>4002</MsgId></xml>`;
      expect((await postCallback(h, PLAIN, voice)).text).toContain('您想试驾哪款车');
      const bye = await postCallback(h, PLAIN, eventXml('o_customer_1', 'unsubscribe'));
      expect([bye.status, bye.body]).toEqual([200, 'success']);
      expect(await h.app.db.chatMessage.findMany({ where: { direction: 'in' }, select: { text: true } })).toEqual([{ text: '[图片]' }, { text: '我想预约试驾' }]);
    });

    it('keeps a number that is no offered choice as text', async () => {
      await postCallback(h, PLAIN, eventXml('o_customer_1', 'CLICK', 'book_test_drive'));
      await postCallback(h, PLAIN, textXml('o_customer_1', '9', '5001')); // six models offered
      const last = await h.app.db.chatMessage.findFirstOrThrow({ where: { direction: 'in' }, orderBy: { id: 'desc' } });
      expect(last).toMatchObject({ text: '9', payload: null });
    });

    it('asks for the model when the menu button "book_test_drive" is clicked', async () => {
      const r = await postCallback(h, PLAIN, eventXml('o_customer_1', 'CLICK', 'book_test_drive'));
      expect(r.text).toContain('您想试驾哪款车');
      expect(r.text).toContain('回复 1');
    });

    it('books a test drive with numbered replies, end to end', async () => {
      await postCallback(h, PLAIN, eventXml('o_customer_1', 'subscribe'));
      const models = await postCallback(h, PLAIN, eventXml('o_customer_1', 'CLICK', 'book_test_drive', 1_733_190_001));
      expect(models.text).toMatch(/回复 1 星耀 S3\n回复 2 星耀 S5/);
      const when = await postCallback(h, PLAIN, textXml('o_customer_1', '1', '2001'));
      expect(when.text).toContain('星耀 S3'); // "1" picked the first model
      expect(when.text).toContain('回复 1 12月3日（周四）12:00');
      expect((await postCallback(h, PLAIN, textXml('o_customer_1', '回复1', '2002'))).text).toContain('怎么称呼');
      expect((await postCallback(h, PLAIN, textXml('o_customer_1', '王小明', '2003'))).text).toContain('手机号');
      const summary = await postCallback(h, PLAIN, textXml('o_customer_1', '13812345678', '2004'));
      expect(summary.text).toContain('时间：12月3日（周四）12:00'); // the card as "label：value" lines
      expect(summary.text).toContain('姓名：王小明');
      expect(summary.text).toMatch(/回复 1 确认预约\n回复 2 修改$/);
      const done = await postCallback(h, PLAIN, textXml('o_customer_1', '1', '2005'));
      expect(done.text).toContain('预约成功');
      const booking = await h.app.db.testDriveBooking.findFirstOrThrow({ include: { customer: true } });
      expect(booking).toMatchObject({ status: 'booked', modelId: 's3' });
      expect(booking.slotStart.toISOString()).toBe('2026-12-03T04:00:00.000Z');
      expect(booking.customer).toMatchObject({ name: '王小明', phone: '13812345678' });
    });
  });

  describe('late replies and the customer-service API', () => {
    it('answers "success" when the turn misses the budget, then sends the reply through the API', async () => {
      await build({ replyBudgetMs: 1 });
      // hold the turn until the callback has answered, so the budget surely runs out
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const handle = h.app.pipeline.handle.bind(h.app.pipeline);
      const spy = vi.spyOn(h.app.pipeline, 'handle').mockImplementation(async (msg, opts): Promise<TurnResult> => {
        await held;
        return handle(msg, opts);
      });
      const r = await postCallback(h, SAFE, textXml('o_customer_1', '你好', '3001'));
      expect([r.status, r.body]).toEqual([200, 'success']);
      release();
      await vi.waitFor(async () => expect(await h.app.db.outboxMessage.count()).toBe(1));
      spy.mockRestore();
      expect(await worker.tick()).toBe(1);
      expect(fake.sent).toHaveLength(1);
      expect(fake.sent[0]).toMatchObject({ touser: 'o_customer_1' });
      expect(fake.sent[0].content).toContain('个人信息保护法');
      expect(fake.sent[0].content).toMatch(/回复 1 /);
      expect(await h.app.db.outboxMessage.findFirstOrThrow()).toMatchObject({ status: 'sent', idempotencyKey: 'reply:wechat:3001:0' });
    });

    it('fetches the access token once, caches it, refreshes it before expiry and after 40001', async () => {
      await build();
      await queueForSending('k1', '第一条');
      await queueForSending('k2', '第二条');
      expect(await worker.tick()).toBe(2);
      expect(fake.tokenRequests).toEqual([{ grant_type: 'client_credential', appid: APP_ID, secret: 'app-secret', force_refresh: false }]);
      expect(fake.sent.map((s) => [s.token, s.content])).toEqual([['token-1', '第一条'], ['token-1', '第二条']]);

      h.clock.advance(7200_000 - 6 * 60_000); // still more than 5 minutes left: cached
      await queueForSending('k3', '第三条');
      await worker.tick();
      expect(fake.tokenRequests).toHaveLength(1);
      h.clock.advance(2 * 60_000); // within 5 minutes of expiry: refreshed
      await queueForSending('k4', '第四条');
      await worker.tick();
      expect(fake.tokenRequests).toHaveLength(2);
      expect(fake.sent.at(-1)!.token).toBe('token-2');

      fake.revokeTokens(); // e.g. someone forced a new token elsewhere: the API answers 40001
      await queueForSending('k5', '第五条');
      await worker.tick();
      expect(fake.tokenRequests).toHaveLength(3);
      expect(fake.sent.at(-1)).toMatchObject({ token: 'token-3', content: '第五条' });
      expect(await h.app.db.outboxMessage.count({ where: { status: 'sent' } })).toBe(5);
    });

    it('dead-letters a message outside the 48-hour window (45015) without retrying, and retries "system busy"', async () => {
      await build();
      fake.failSends(45015, -1);
      await queueForSending('late', '您好，还在考虑吗？');
      await queueForSending('busy', '稍后再发');
      expect(await worker.tick()).toBe(2);
      const late = await h.app.db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: 'late' } });
      expect(late.status).toBe('dead');
      expect(late.lastError).toContain('outside WeChat 48-hour customer-service window');
      const busy = await h.app.db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: 'busy' } });
      expect(busy.status).toBe('pending');
      h.clock.advance(60_000);
      expect(await worker.tick()).toBe(1);
      expect(fake.sent.map((s) => s.content)).toEqual(['稍后再发']);
    });

    it('refuses to send without an appId and secret, permanently and saying which keys to set', async () => {
      await build();
      const unconfigured = createWechatChannel({ config: { token: TOKEN, replyBudgetMs: 4000 }, pipeline: h.app.pipeline, db: h.app.db, log: silentLogger, clock: h.clock });
      await expect(unconfigured.sender.send({ recipient: 'o_customer_1', message: { text: 'hi' }, idempotencyKey: 'x' })).rejects.toMatchObject({
        opts: { permanent: true },
        message: expect.stringContaining('WECHAT_APP_ID and WECHAT_APP_SECRET'),
      });
    });
  });
});
