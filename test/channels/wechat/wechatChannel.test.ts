// The WeChat Official Account callback against the whole service: requests signed (and in
// safe mode encrypted) as WeChat sends them, replies read back, late replies delivered
// through a fake customer-service API; stale, replayed, forged and wrong-mode requests
// refused without a trace, on the injected clock.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWechatChannel } from '../../../src/channels/wechat/createWechatChannel.js';
import { createDealerbot } from '../../../src/app.js';
import { decryptMessage, msgSignature, signature } from '../../../src/channels/wechat/wechatCrypto.js';
import { parseWechatXml } from '../../../src/channels/wechat/wechatXml.js';
import { loadConfig } from '../../../src/infra/config.js';
import type { OutboxWorker } from '../../../src/core/outbox.js';
import type { TurnResult } from '../../../src/core/pipeline.js';
import { insertDemoStore } from '../../helpers/demoStore.js';
import { startFakeWechat, type FakeWechat } from '../../helpers/fakeWechat.js';
import { silentLogger } from '../../helpers/silentLogger.js';
import { createTestApp, type TestApp } from '../../helpers/testApp.js';
import { eventXml, nowSeconds, postCallback, sendCallback, signCallback, textXml, urlCheck, type WechatEndpoint } from './wechatUser.js';

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

  /** Safe mode (with a previous key) unless `env` says otherwise. */
  async function build(opts: { replyBudgetMs?: number; env?: Record<string, string> } = {}) {
    h = await createTestApp({
      now: NOW,
      env: {
        WECHAT_TOKEN: TOKEN,
        WECHAT_ENCODING_AES_KEY: AES_KEY,
        WECHAT_ENCODING_AES_KEY_PREVIOUS: OLD_AES_KEY,
        WECHAT_APP_ID: APP_ID,
        WECHAT_APP_SECRET: 'app-secret',
        WECHAT_API_BASE: fake.url,
        ...(opts.replyBudgetMs !== undefined ? { WECHAT_REPLY_BUDGET_MS: String(opts.replyBudgetMs) } : {}),
        ...opts.env,
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
      const ok = await h.app.http.inject({ url: urlCheck(TOKEN, nowSeconds(h), '486452656', '7130551853741264') });
      expect([ok.statusCode, ok.body]).toEqual([200, '7130551853741264']);
      const bad = await h.app.http.inject({ url: urlCheck('AAAAA', nowSeconds(h), '486452657', '7130551853741264') });
      expect([bad.statusCode, bad.body]).toEqual([401, 'bad signature']);
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
      expect((await postCallback(h, SAFE, textXml('o_customer_1', '你好', '1003'), { signature: true })).status).toBe(401);
      expect((await postCallback(h, SAFE, textXml('o_customer_1', '你好', '1004'), { msgSignature: true })).status).toBe(401);
      const otherKey = 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut';
      expect((await postCallback(h, { ...SAFE, aesKey: otherKey }, textXml('o_customer_1', '你好', '1005'))).status).toBe(400);
      const notXml = await h.app.http.inject({
        method: 'POST',
        url: `/wechat?${new URLSearchParams({ signature: signature(TOKEN, String(nowSeconds(h)), '2'), timestamp: String(nowSeconds(h)), nonce: '2' })}`,
        headers: { 'content-type': 'text/xml' },
        payload: 'x'.repeat(70 * 1024),
      });
      expect(notXml.statusCode).toBe(413);
      expect(await h.app.db.conversation.count()).toBe(0);
      expect(await h.app.db.inboundEvent.count()).toBe(0);
      expect(await h.app.db.seenNonce.count()).toBe(0);
    });

    it('answers a retried MsgId once, then "success"', async () => {
      const xml = textXml('o_customer_1', '你好', '1006');
      expect((await postCallback(h, SAFE, xml)).text).toBeTruthy(); // WeChat's retry: the same message, a new nonce
      const again = await postCallback(h, SAFE, xml);
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
      expect((await postCallback(h, SAFE, image)).text).toBeTruthy();
      const voice = `<xml><ToUserName><![CDATA[gh_dealerbot01]]></ToUserName><FromUserName><![CDATA[o_customer_1]]></FromUserName><CreateTime>1733192001</CreateTime><MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[m2]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[我想预约试驾]]></Recognition><MsgId>4002</MsgId></xml>`;
      expect((await postCallback(h, SAFE, voice)).text).toContain('您想试驾哪款车');
      const bye = await postCallback(h, SAFE, eventXml('o_customer_1', 'unsubscribe'));
      expect([bye.status, bye.body]).toEqual([200, 'success']);
      expect(await h.app.db.chatMessage.findMany({ where: { direction: 'in' }, select: { text: true } })).toEqual([
        { text: '[图片]' },
        { text: '我想预约试驾' },
      ]);
    });

    it('keeps a number that is no offered choice as text', async () => {
      await postCallback(h, SAFE, eventXml('o_customer_1', 'CLICK', 'book_test_drive'));
      await postCallback(h, SAFE, textXml('o_customer_1', '9', '5001')); // six models offered
      const last = await h.app.db.chatMessage.findFirstOrThrow({ where: { direction: 'in' }, orderBy: { id: 'desc' } });
      expect(last).toMatchObject({ text: '9', payload: null });
    });

    it('asks for the model when the menu button "book_test_drive" is clicked', async () => {
      const r = await postCallback(h, SAFE, eventXml('o_customer_1', 'CLICK', 'book_test_drive'));
      expect(r.text).toContain('您想试驾哪款车');
      expect(r.text).toContain('回复 1');
    });

    it('books a test drive with numbered replies, end to end', async () => {
      await postCallback(h, SAFE, eventXml('o_customer_1', 'subscribe'));
      const models = await postCallback(h, SAFE, eventXml('o_customer_1', 'CLICK', 'book_test_drive', 1_733_190_001));
      expect(models.text).toMatch(/回复 1 星耀 S3\n回复 2 星耀 S5/);
      const when = await postCallback(h, SAFE, textXml('o_customer_1', '1', '2001'));
      expect(when.text).toContain('星耀 S3'); // "1" picked the first model
      expect(when.text).toContain('回复 1 12月3日（周四）12:00');
      expect((await postCallback(h, SAFE, textXml('o_customer_1', '回复1', '2002'))).text).toContain('怎么称呼');
      expect((await postCallback(h, SAFE, textXml('o_customer_1', '王小明', '2003'))).text).toContain('手机号');
      const summary = await postCallback(h, SAFE, textXml('o_customer_1', '13812345678', '2004'));
      expect(summary.text).toContain('时间：12月3日（周四）12:00'); // the card as "label：value" lines
      expect(summary.text).toContain('姓名：王小明');
      expect(summary.text).toMatch(/回复 1 确认预约\n回复 2 修改$/);
      const done = await postCallback(h, SAFE, textXml('o_customer_1', '1', '2005'));
      expect(done.text).toContain('预约成功');
      const booking = await h.app.db.testDriveBooking.findFirstOrThrow({ include: { customer: true } });
      expect(booking).toMatchObject({ status: 'booked', modelId: 's3' });
      expect(booking.slotStart.toISOString()).toBe('2026-12-03T04:00:00.000Z');
      expect(booking.customer).toMatchObject({ name: '王小明', phone: '13812345678' });
    });
  });

  /** Row counts of everything a callback may write: a refused request leaves them as they were. */
  async function footprint() {
    const db = h.app.db;
    return {
      inbound: await db.inboundEvent.count(),
      conversations: await db.conversation.count(),
      messages: await db.chatMessage.count(),
      outbox: await db.outboxMessage.count(),
      identities: await db.channelIdentity.count(),
      customers: await db.customer.count(),
      nonces: await db.seenNonce.count(),
    };
  }

  describe('freshness, replays and the mode', () => {
    beforeEach(() => build());

    it('accepts a timestamp up to 300 s either side of the clock, refuses 301 s either side, writing nothing', async () => {
      const now = nowSeconds(h);
      const before = await footprint();
      for (const timestamp of [now - 301, now + 301, now - 86_400, now + 86_400]) {
        const r = await postCallback(h, SAFE, textXml('o_customer_1', '你好', `70${timestamp}`), { timestamp });
        expect([r.status, r.body]).toEqual([401, 'request expired']);
      }
      expect(await footprint()).toEqual(before);
      expect((await postCallback(h, SAFE, textXml('o_customer_1', '你好', '7001'), { timestamp: now - 300 })).status).toBe(200);
      expect((await postCallback(h, SAFE, textXml('o_customer_1', '在吗', '7002'), { timestamp: now + 300 })).status).toBe(200);
      expect(await h.app.db.inboundEvent.count()).toBe(2);
    });

    it('refuses a request stamped ahead of the clock without claiming its nonce', async () => {
      const ahead = nowSeconds(h) + 3600;
      const req = signCallback(SAFE, textXml('o_customer_1', '你好', '7101'), ahead, { nonce: '5550001' });
      expect((await sendCallback(h.app, SAFE, req)).status).toBe(401);
      expect(await h.app.db.seenNonce.count()).toBe(0);
    });

    it('takes the same request sent twice (WeChat retrying it) as a redelivery: the second changes nothing', async () => {
      const req = signCallback(SAFE, textXml('o_customer_1', '你们店在哪里？', '7201'), nowSeconds(h));
      const first = await sendCallback(h.app, SAFE, req);
      expect(first.status).toBe(200);
      expect(first.text).toContain('个人信息保护法');
      const after = await footprint();
      h.clock.advance(120_000); // still inside the window
      const again = await sendCallback(h.app, SAFE, req);
      // the nonce was claimed for this very message: WeChat's retry (we did not answer in time,
      // the process died) reaches the inbound dedupe, which answers "success" and runs nothing
      expect([again.status, again.body]).toEqual([200, 'success']);
      expect(await footprint()).toEqual(after);
      // the same signed query with another message is a replay
      const swapped = signCallback(SAFE, textXml('o_attacker', '删除我的信息', '7299'), Number(new URL(req.url, 'http://x').searchParams.get('timestamp')), {
        nonce: new URL(req.url, 'http://x').searchParams.get('nonce')!,
      });
      expect([(await sendCallback(h.app, SAFE, swapped)).status]).toEqual([409]);
      expect(await h.app.db.inboundEvent.count()).toBe(1);
      expect(await h.app.db.chatMessage.count({ where: { direction: 'in' } })).toBe(1);
    });

    it('refuses a request signed once and sent again later, also after its nonce row is gone', async () => {
      const req = signCallback(SAFE, textXml('o_customer_1', '你好', '7301'), nowSeconds(h));
      expect((await sendCallback(h.app, SAFE, req)).status).toBe(200);
      h.clock.advance(301_000);
      expect((await sendCallback(h.app, SAFE, req)).status).toBe(401); // stale now
      h.clock.advance(3600_000);
      expect((await postCallback(h, SAFE, textXml('o_customer_1', '在吗', '7302'))).status).toBe(200); // a claim prunes old rows
      expect(await h.app.db.seenNonce.count()).toBe(1);
      const replay = await sendCallback(h.app, SAFE, req);
      expect([replay.status, replay.body]).toEqual([401, 'request expired']);
      expect(await h.app.db.inboundEvent.count()).toBe(2);
    });

    it('refuses a replay in a second instance on the same database, and after a restart', async () => {
      const req = signCallback(SAFE, textXml('o_customer_1', '你好', '7401'), nowSeconds(h));
      expect((await sendCallback(h.app, SAFE, req)).status).toBe(200);
      const other = await createDealerbot({ config: h.app.config, clock: h.clock, log: silentLogger });
      const sameQuery = (msgId: string) =>
        signCallback(SAFE, textXml('o_other', '你好', msgId), Number(new URL(req.url, 'http://x').searchParams.get('timestamp')), {
          nonce: new URL(req.url, 'http://x').searchParams.get('nonce')!,
        });
      try {
        expect((await sendCallback(other, SAFE, sameQuery('7499'))).status).toBe(409);
        expect((await sendCallback(other, SAFE, req)).body).toBe('success'); // WeChat's own retry: nothing runs
      } finally {
        await other.stop();
      }
      await h.app.stop();
      const restarted = await createDealerbot({ config: h.app.config, clock: h.clock, log: silentLogger });
      h = { ...h, app: restarted }; // afterEach stops this one and removes the database
      h.clock.advance(60_000);
      const replay = await sendCallback(restarted, SAFE, sameQuery('7498'));
      expect([replay.status, replay.body]).toEqual([409, 'request already received']);
      expect(await restarted.db.inboundEvent.count()).toBe(1);
    });

    it('refuses a plain request while an EncodingAESKey is set, reading nothing, and takes the safe one', async () => {
      const before = await footprint();
      const plain = await postCallback(h, PLAIN, textXml('o_customer_1', '你好', '7501'), { nonce: '5550002' });
      expect([plain.status, plain.body]).toEqual([403, 'encrypted requests only']);
      const notXml = await h.app.http.inject({
        method: 'POST',
        url: signCallback(PLAIN, '', nowSeconds(h)).url,
        headers: { 'content-type': 'text/xml' },
        payload: 'not xml',
      });
      expect(notXml.statusCode).toBe(403); // refused on the query alone: the body is never parsed
      expect(await footprint()).toEqual(before);
      expect((await postCallback(h, SAFE, textXml('o_customer_1', '你好', '7501'), { nonce: '5550002' })).status).toBe(200);
    });

    it('takes a 兼容模式 request (plain and encrypted fields) as an encrypted one, and answers encrypted', async () => {
      const r = await postCallback(h, SAFE, textXml('o_customer_1', '你好', '7601'), { compatible: true });
      expect(r.status).toBe(200);
      expect(r.body).toContain('<Encrypt>');
      expect(r.text).toContain('个人信息保护法');
    });

    it('does not use up a nonce on a forged, undecryptable or refused request', async () => {
      const xml = textXml('o_customer_1', '你好', '7701');
      const at = { timestamp: nowSeconds(h), nonce: '5550003' };
      expect((await postCallback(h, SAFE, xml, { ...at, signature: true })).status).toBe(401);
      expect((await postCallback(h, SAFE, xml, { ...at, msgSignature: true })).status).toBe(401);
      expect((await postCallback(h, { ...SAFE, aesKey: 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut' }, xml, at)).status).toBe(400);
      expect((await postCallback(h, PLAIN, xml, at)).status).toBe(403);
      expect(await h.app.db.seenNonce.count()).toBe(0);
      const genuine = await postCallback(h, SAFE, xml, at);
      expect(genuine.status).toBe(200);
      expect(genuine.text).toContain('个人信息保护法');
      expect((await h.app.http.inject({ url: urlCheck('not-the-token', at.timestamp, '5550004', 'e1') })).statusCode).toBe(401);
      expect((await h.app.http.inject({ url: urlCheck(TOKEN, at.timestamp, '5550004', 'e1') })).body).toBe('e1');
    });

    it('checks the URL check for freshness and answers it once', async () => {
      const url = urlCheck(TOKEN, nowSeconds(h), '5550005', '7130551853741264');
      expect((await h.app.http.inject({ url })).body).toBe('7130551853741264');
      const again = await h.app.http.inject({ url });
      expect([again.statusCode, again.body]).toEqual([409, 'request already received']);
      const stale = await h.app.http.inject({ url: urlCheck(TOKEN, nowSeconds(h) - 301, '5550006', '7130551853741264') });
      expect([stale.statusCode, stale.body]).toEqual([401, 'request expired']);
      const ahead = await h.app.http.inject({ url: urlCheck(TOKEN, nowSeconds(h) + 301, '5550007', '7130551853741264') });
      expect([ahead.statusCode, ahead.body]).toEqual([401, 'request expired']);
      expect(await h.app.db.seenNonce.count()).toBe(1);
    });
  });

  describe('with WECHAT_ACCEPT_PLAIN=true (moving from 明文模式 to 安全模式)', () => {
    beforeEach(() => build({ env: { WECHAT_ACCEPT_PLAIN: 'true' } }));

    it('accepts plain and safe requests, each answered in its own mode, and still refuses a replay', async () => {
      const plain = signCallback(PLAIN, textXml('o_customer_1', '你好', '7801'), nowSeconds(h));
      const r = await sendCallback(h.app, PLAIN, plain);
      expect(r.status).toBe(200);
      expect(r.body).not.toContain('<Encrypt>');
      expect(r.text).toContain('个人信息保护法');
      const safe = await postCallback(h, SAFE, textXml('o_customer_1', '在吗', '7802'));
      expect(safe.status).toBe(200);
      expect(safe.body).toContain('<Encrypt>');
      expect((await sendCallback(h.app, PLAIN, { ...plain, payload: textXml('o_stranger', '你好', '7803') })).status).toBe(409);
      expect(await h.app.db.inboundEvent.count()).toBe(2);
    });
  });

  describe('plain mode (no EncodingAESKey)', () => {
    beforeEach(() => build({ env: { WECHAT_ENCODING_AES_KEY: '', WECHAT_ENCODING_AES_KEY_PREVIOUS: '' } }));

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

    it('refuses a logged query string sent again with another body and openid, writing nothing', async () => {
      const req = signCallback(PLAIN, textXml('o_customer_1', '你好', '7901'), nowSeconds(h));
      expect((await sendCallback(h.app, PLAIN, req)).status).toBe(200);
      const before = await footprint();
      const forged = await sendCallback(h.app, PLAIN, { ...req, payload: textXml('o_someone_else', '取消我的预约', '7902') });
      expect([forged.status, forged.body]).toEqual([409, 'request already received']);
      expect(await footprint()).toEqual(before);
      expect(await h.app.db.conversation.count({ where: { chatId: 'o_someone_else' } })).toBe(0);
    });

    it("does not let a URL check's signed query pass as a message", async () => {
      const timestamp = nowSeconds(h);
      expect((await h.app.http.inject({ url: urlCheck(TOKEN, timestamp, '5550008', 'e2') })).body).toBe('e2');
      const before = await footprint();
      const r = await postCallback(h, PLAIN, textXml('o_customer_1', '你好', '7903'), { timestamp, nonce: '5550008' });
      expect([r.status, r.body]).toEqual([409, 'request already received']);
      expect(await footprint()).toEqual(before);
    });

    it('refuses an encrypted request it has no key for', async () => {
      const r = await postCallback(h, SAFE, textXml('o_customer_1', '你好', '7904'));
      expect([r.status, r.body]).toEqual([400, 'encrypted requests not accepted']);
      expect(await h.app.db.seenNonce.count()).toBe(0);
    });
  });

  describe('official samples, at their own time', () => {
    it('answers the official URL-check example, and refuses it 301 s later', async () => {
      await build({ env: { WECHAT_TOKEN: 'AAAAA' } });
      h.clock.set(1714037059 * 1000);
      const url = `/wechat?signature=899cf89e464efb63f54ddac96b0a0a235f53aa78&timestamp=1714037059&nonce=486452656&echostr=7130551853741264`;
      expect((await h.app.http.inject({ url })).body).toBe('7130551853741264');
      h.clock.advance(301_000);
      expect((await h.app.http.inject({ url })).statusCode).toBe(401);
    });

    it('takes the official safe-mode sample (vector 1) once', async () => {
      await build({ env: { WECHAT_TOKEN: 'spamtest', WECHAT_APP_ID: 'wx2c2769f8efd9abc2' } });
      h.clock.set(1409735669 * 1000);
      const encrypt =
        'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=';
      const url =
        '/wechat?signature=16120ec1b8dbb870f510d87ce6bc2463eae6ca1a&timestamp=1409735669&nonce=1320562132&encrypt_type=aes&msg_signature=5d197aaffba7e9b25a30732f161a50dee96bd5fa';
      const send = () =>
        h.app.http.inject({
          method: 'POST',
          url,
          headers: { 'content-type': 'text/xml' },
          payload: `<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
        });
      const first = await send();
      expect(first.statusCode).toBe(200);
      const reply = parseWechatXml(first.body);
      expect(reply.MsgSignature).toBe(msgSignature('spamtest', reply.TimeStamp, reply.Nonce, reply.Encrypt));
      expect(parseWechatXml(decryptMessage(reply.Encrypt, AES_KEY, 'wx2c2769f8efd9abc2').xml)).toMatchObject({
        ToUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
        MsgType: 'text',
      });
      const again = await send(); // the sample sent again is WeChat's retry of it: answered, nothing runs
      expect([again.statusCode, again.body]).toEqual([200, 'success']);
      expect(await h.app.db.inboundEvent.findMany({ select: { eventId: true } })).toEqual([{ eventId: '6054768590064713728' }]);
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
      expect(fake.sent.map((s) => [s.token, s.content])).toEqual([
        ['token-1', '第一条'],
        ['token-1', '第二条'],
      ]);

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
      const unconfigured = createWechatChannel({
        config: { token: TOKEN, replyBudgetMs: 4000 },
        pipeline: h.app.pipeline,
        db: h.app.db,
        log: silentLogger,
        clock: h.clock,
      });
      await expect(unconfigured.sender.send({ recipient: 'o_customer_1', message: { text: 'hi' }, idempotencyKey: 'x' })).rejects.toMatchObject({
        opts: { permanent: true },
        message: expect.stringContaining('WECHAT_APP_ID and WECHAT_APP_SECRET'),
      });
    });
  });
});

describe('WECHAT_ACCEPT_PLAIN', () => {
  it('is off unless "true", and refuses anything but true or false', () => {
    expect(loadConfig({ WECHAT_TOKEN: TOKEN }).wechat?.acceptPlain).toBe(false);
    expect(loadConfig({ WECHAT_TOKEN: TOKEN, WECHAT_ACCEPT_PLAIN: '' }).wechat?.acceptPlain).toBe(false);
    expect(loadConfig({ WECHAT_TOKEN: TOKEN, WECHAT_ACCEPT_PLAIN: 'true' }).wechat?.acceptPlain).toBe(true);
    expect(() => loadConfig({ WECHAT_TOKEN: TOKEN, WECHAT_ACCEPT_PLAIN: 'yes' })).toThrow(/WECHAT_ACCEPT_PLAIN/);
  });
});
