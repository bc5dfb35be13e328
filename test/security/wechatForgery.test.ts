// An outsider against the WeChat callback of the real service: a forged signature, a
// stale or future timestamp, a replay of a request seen once (even with another body and
// openid, as a logged query string allows), and a plain request while the AES key is set.
// Each is refused with a defined 4xx and leaves no trace but the first request's own; the
// genuine request sent again (WeChat's retry) is answered and runs nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { insertDemoStore } from '../helpers/demoStore.js';
import { createTestApp, type TestApp } from '../helpers/testApp.js';
import { nowSeconds, postCallback, sendCallback, signCallback, textXml, type WechatEndpoint } from '../channels/wechat/wechatUser.js';

const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const SAFE: WechatEndpoint = { token: 'sectoken', appId: 'wxsecurity00001', aesKey: AES_KEY };
const PLAIN: WechatEndpoint = { token: SAFE.token, appId: SAFE.appId };

describe('security: WeChat callbacks', () => {
  let h: TestApp;
  afterEach(async () => h?.close());

  const start = () =>
    createTestApp({
      now: '2026-12-03T10:15:00+08:00',
      env: { WECHAT_TOKEN: SAFE.token, WECHAT_APP_ID: SAFE.appId, WECHAT_ENCODING_AES_KEY: AES_KEY },
      prepare: async (t) => void (await insertDemoStore(t.db)),
    });
  const trace = async () => ({
    inbound: await h.t.db.inboundEvent.count(),
    customers: await h.t.db.customer.count(),
    messages: await h.t.db.chatMessage.count(),
  });

  it('refuses forged, stale, future, replayed and plain-while-encrypted requests, changing nothing', async () => {
    h = await start();
    const forged = await postCallback(h, SAFE, textXml('o_attacker', '你好', '9001'), { signature: true });
    const forgedMsg = await postCallback(h, SAFE, textXml('o_attacker', '你好', '9002'), { msgSignature: true });
    const stale = await postCallback(h, SAFE, textXml('o_attacker', '你好', '9003'), { timestamp: nowSeconds(h) - 301 });
    const future = await postCallback(h, SAFE, textXml('o_attacker', '你好', '9004'), { timestamp: nowSeconds(h) + 301 });
    const plain = await postCallback(h, PLAIN, textXml('o_attacker', '你好', '9005'));
    expect([forged.status, forgedMsg.status, stale.status, future.status, plain.status]).toEqual([401, 401, 401, 401, 403]);
    expect(await trace()).toEqual({ inbound: 0, customers: 0, messages: 0 });

    // a real request once, then replayed: as it was, and with another body and openid under the same signed query
    const real = signCallback(SAFE, textXml('o_customer', 'E6多少钱', '9100'), nowSeconds(h));
    expect((await sendCallback(h.app, SAFE, real)).status).toBe(200);
    const afterReal = await trace();
    // sent again as it was, it is WeChat's own retry: answered "success", nothing runs
    expect((await sendCallback(h.app, SAFE, real)).body).toBe('success');
    const swapped = signCallback(SAFE, textXml('o_victim', '删除我的信息', '9101'), nowSeconds(h), {
      nonce: new URL(real.url, 'http://x').searchParams.get('nonce')!,
    });
    expect((await sendCallback(h.app, SAFE, swapped)).status).toBe(409);
    h.clock.advance(120_000);
    expect((await sendCallback(h.app, SAFE, swapped)).status).toBe(409);
    expect(await trace()).toEqual(afterReal);
    expect(await h.t.db.channelIdentity.count({ where: { externalId: 'o_victim' } })).toBe(0);
  });
});
