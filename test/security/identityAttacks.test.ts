// An outsider against who-is-who on the web, through the real service: guessing or forging
// a chat session to read someone's transcript, typing another customer's phone and then
// cancelling and erasing, claiming a staff identity in a body or a query, and guessing
// staff passwords. Each attack changes nothing of anyone else's.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createStaffInvite } from '../../src/core/staffAuth/staffInvites.js';
import { insertDemoStore } from '../helpers/demoStore.js';
import { createTestApp, type TestApp } from '../helpers/testApp.js';
import { allText, buttonValues, createBrowser, webChat } from '../helpers/webChat.js';

const NOW = '2026-12-03T10:15:00+08:00'; // Thursday
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The same 16 bytes in base64url with another last character (it holds 4 bits of data and 2 unread). */
function otherSpellings(tag: string): string[] {
  const last = BASE64URL.indexOf(tag.at(-1)!);
  return [0, 1, 2, 3]
    .map((k) => (last & ~3) + k)
    .filter((i) => i !== last)
    .map((i) => tag.slice(0, -1) + BASE64URL[i]);
}

describe('security: identity on the web', () => {
  let h: TestApp;
  afterEach(async () => h?.close());
  const demo = () => createTestApp({ now: NOW, prepare: async (t) => void (await insertDemoStore(t.db)) });

  it('gives a guessed, forged or foreign session no transcript', async () => {
    h = await demo();
    const victim = webChat(h, 'victim');
    await victim.say('我是王小明，电话13812345678，想试驾E6');
    const cookie = victim.browser.jar.get('dealerbot_chat')!;
    const [, id, mac] = cookie.split('.');
    const history = (cookieValue?: string, query = '') =>
      h.app.http.inject({ url: `/api/chat/history${query}`, headers: cookieValue ? { cookie: `dealerbot_chat=${cookieValue}` } : {} });

    expect((await history(cookie)).json().messages.length).toBeGreaterThan(1);
    const attempts = [
      undefined, // no cookie at all
      `v1.${randomBytes(16).toString('base64url')}.${mac}`, // a guessed id with the victim's MAC
      `v1.${id}.${randomBytes(16).toString('base64url')}`, // the victim's id with a guessed MAC
      `v1.${id}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`, // one character off
      // the victim's MAC spelt another way: the last character's two unread bits changed
      ...otherSpellings(mac).map((spelling) => `v1.${id}.${spelling}`),
      `v1.${id}`, // no MAC
      id, // the bare id
      'v1.x.y',
      'a'.repeat(5000),
    ];
    for (const attempt of attempts) {
      const res = await history(attempt);
      expect(res.statusCode).toBe(200);
      expect(res.json().messages).toEqual([]);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    // the old client-chosen ids are no key any more
    expect((await history(undefined, '?sessionId=victim')).json().messages).toEqual([]);
    // posting with a forged cookie gets a new session of one's own, never the victim's chat
    const forged = await h.app.http.inject({
      method: 'POST',
      url: '/api/chat',
      payload: { text: '我的预约' },
      headers: { cookie: `dealerbot_chat=v1.${id}.${'A'.repeat(22)}` },
    });
    expect(forged.statusCode).toBe(200);
    expect(String(forged.headers['set-cookie'])).not.toContain(id);
    expect(await h.t.db.chatMessage.count({ where: { conversation: { chatId: victim.chatId() } } })).toBe((await history(cookie)).json().messages.length);
  });

  it('keeps a typed phone to the one who typed it: the owner of the number keeps their booking and data', async () => {
    h = await demo();
    const owner = webChat(h, 'owner');
    await owner.say('我想明天下午两点试驾一下E6');
    await owner.say('王小明');
    await owner.say('13812345678');
    expect(allText(await owner.press('td:confirm'))).toContain('预约成功');
    const ownerRecord = await h.t.db.customer.findFirstOrThrow({ where: { name: '王小明' }, include: { bookings: true } });

    const stranger = webChat(h, 'stranger');
    await stranger.say('我想后天上午十点试驾E6');
    await stranger.say('李四');
    const summary = await stranger.say('13812345678');
    // the stranger sees only what they typed, nothing of the owner's record
    expect(allText(summary)).not.toContain('王小明');
    const cancel = await stranger.say('取消预约');
    expect(allText(cancel)).not.toMatch(/12月4日/); // the owner's slot is not theirs to see
    expect(buttonValues(cancel).filter((v) => v.startsWith('td:cancel:'))).toEqual([]);
    // a forged cancel button for the owner's booking does nothing
    await stranger.press(`td:cancel:${ownerRecord.bookings[0].id}`);
    expect(buttonValues(await stranger.say('删除我的信息'))).toContain('privacy:delete');
    await stranger.press('privacy:delete');

    const after = await h.t.db.customer.findUniqueOrThrow({ where: { id: ownerRecord.id }, include: { bookings: true, identities: true } });
    expect(after).toMatchObject({ name: '王小明', phone: '13812345678', anonymisedAt: null });
    expect(after.bookings.map((b) => b.status)).toEqual(['booked']);
    expect(after.identities).toHaveLength(1);
    expect((await owner.history()).length).toBeGreaterThan(3);
    // the stranger's own record held the number, flagged for staff, and is erased now
    const erased = await h.t.db.customer.findFirstOrThrow({ where: { id: { not: ownerRecord.id }, anonymisedAt: { not: null } } });
    expect(erased.phone).toBeNull();
  });

  it('never takes a staff identity from a body or a query', async () => {
    h = await demo();
    const consultant = createBrowser(h.app.http);
    await consultant.demoSignIn('st-03');
    const asManager = await consultant.request({ method: 'POST', url: '/api/chat', payload: { role: 'staff', staffId: 'st-01', text: 'help' } });
    expect(asManager.json().replies[0].text).toMatch(/林晓雯|Lin Xiaowen/);
    expect(asManager.json().replies[0].text).not.toMatch(/周立明|Zhou Liming/);
    for (const url of ['/api/dashboard/me?staffId=st-01', '/api/dashboard/customers.csv?staffId=st-01&phones=full']) {
      const res = await consultant.request({ url });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('not_a_manager');
    }
    // the refused export is audited under the person who asked, not the one named
    const denied = await h.t.db.auditLog.findFirstOrThrow({ where: { action: 'access_denied' } });
    expect(denied.actorId).toBe('st-03');
    // without any sign-in, naming oneself opens nothing
    const anonymous = await h.app.http.inject({ method: 'POST', url: '/api/chat', payload: { role: 'staff', staffId: 'st-01', text: 'help' } });
    expect(anonymous.statusCode).toBe(401);
    expect(await h.t.db.conversation.count({ where: { chatId: { startsWith: 's:' } } })).toBe(1);
  });

  it('holds against password guessing: per account and per address', async () => {
    h = await demo();
    const made = await createStaffInvite(h.app.db, { storeId: h.app.store.id, staffId: 'st-01', now: h.clock.now() });
    if ('error' in made) throw new Error(made.error);
    await createBrowser(h.app.http).request({
      method: 'POST',
      url: '/api/staff/invite/accept',
      payload: { token: made.token, password: 'the real passphrase' },
    });
    const guesses = ['123456', 'password', 'dealerbot', 'st-01', 'zhouliming', '88888888', 'admin123', 'qwerty', 'letmein', 'iloveyou', 'the real passphrase'];
    const statuses: number[] = [];
    for (const password of guesses) {
      statuses.push((await h.app.http.inject({ method: 'POST', url: '/api/staff/sign-in', payload: { login: 'st-01', password } })).statusCode);
    }
    // five wrong guesses lock the account; the right one comes too late; the address is capped at ten
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
    // another address still meets the lock: it belongs to the account, not to the guesser
    const elsewhere = await h.app.http.inject({
      method: 'POST',
      url: '/api/staff/sign-in',
      payload: { login: 'st-01', password: 'the real passphrase' },
      remoteAddress: '198.51.100.4',
    });
    expect(elsewhere.json().code).toBe('locked');
    expect(await h.t.db.staffSession.count({ where: { staffId: 'st-01', method: 'password' } })).toBe(1); // only the invite's own
  });
});
