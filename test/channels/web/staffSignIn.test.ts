// Staff sign in as themselves: a one-time invite sets a password (scrypt), a server-side
// session in an HttpOnly cookie with a CSRF token, throttling per account (lock-out) and
// per address, and the loopback demo that ends with the first password.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runStaffInvite } from '../../../src/cli/staffCommands.js';
import { verifyPassword } from '../../../src/core/staffAuth/hashPassword.js';
import { createStaffInvite } from '../../../src/core/staffAuth/staffInvites.js';
import { insertDemoStore } from '../../helpers/demoStore.js';
import { createTestApp, type TestApp } from '../../helpers/testApp.js';
import { createBrowser } from '../../helpers/webChat.js';

const NOW = '2026-12-03T02:15:00Z';
const PASSWORD = 'correct horse battery';

function capture() {
  let text = '';
  return { stream: new Writable({ write: (c, _e, cb) => ((text += String(c)), cb()) }), text: () => text };
}

/** An invite for the staff member, accepted with PASSWORD in a browser of its own: that browser is signed in. */
async function withPassword(h: TestApp, staffId: string, password = PASSWORD) {
  const made = await createStaffInvite(h.app.db, { storeId: h.app.store.id, staffId, now: h.clock.now() });
  if ('error' in made) throw new Error(made.error);
  const browser = createBrowser(h.app.http);
  const res = await browser.request({ method: 'POST', url: '/api/staff/invite/accept', payload: { token: made.token, password } });
  expect(res.statusCode, res.body).toBe(200);
  return browser;
}

describe('staff sign-in on the web', () => {
  let h: TestApp;
  afterEach(async () => h?.close());
  const demo = () => createTestApp({ now: NOW, prepare: async (t) => void (await insertDemoStore(t.db)) });

  it('turns an invite printed by `dealerbot staff invite` into a password and a session; the link works once', async () => {
    h = await demo();
    const out = capture();
    const err = capture();
    const code = await runStaffInvite({ ...h.app.config, publicUrl: 'https://chat.example.com' }, 'st-03', {
      out: out.stream,
      err: err.stream,
      clock: h.clock,
    });
    expect(code).toBe(0);
    const link = out.text().trim();
    expect(link).toMatch(/^https:\/\/chat\.example\.com\/staff\/invite#[A-Za-z0-9_-]{43}$/);
    expect(err.text()).toContain('林晓雯 / Lin Xiaowen (st-03)');
    const token = link.split('#')[1];
    // the store keeps a digest, never the token
    expect(JSON.stringify(await h.app.db.staffInvite.findMany())).not.toContain(token);

    const page = await h.app.http.inject({ url: '/staff/invite' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('/staff/staff.js');

    const browser = createBrowser(h.app.http);
    const check = await browser.request({ method: 'POST', url: '/api/staff/invite/check', payload: { token } });
    expect(check.json()).toMatchObject({ staff: { id: 'st-03', name: { zh: '林晓雯' } }, passwordMinChars: 10 });
    const short = await browser.request({ method: 'POST', url: '/api/staff/invite/accept', payload: { token, password: 'short' } });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ code: 'too_short', errorZh: '密码至少 10 个字符' });

    const accepted = await browser.request({ method: 'POST', url: '/api/staff/invite/accept', payload: { token, password: PASSWORD } });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ mode: 'accounts', staff: { id: 'st-03' }, method: 'password' });
    const cookie = String(accepted.headers['set-cookie']);
    expect(cookie).toMatch(/^dealerbot_staff=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    // the password is a memory-hard hash, and it is what signs in
    const staff = await h.app.db.staff.findUniqueOrThrow({ where: { id: 'st-03' } });
    expect(staff.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword(PASSWORD, staff.passwordHash!)).toBe(true);

    const chat = await browser.request({ method: 'POST', url: '/api/chat', payload: { role: 'staff', text: 'help' } });
    expect(chat.statusCode).toBe(200);
    expect(chat.json().replies[0].text).toMatch(/^Hi Lin Xiaowen!/); // "help" is English: the reply follows the words

    const again = await createBrowser(h.app.http).request({
      method: 'POST',
      url: '/api/staff/invite/accept',
      payload: { token, password: 'another long password' },
    });
    expect(again.statusCode).toBe(410);
    expect(again.json().code).toBe('used');
    const audit = await h.app.db.auditLog.findMany({ where: { subjectId: 'st-03' }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => [a.action, a.actorType, a.actorId])).toEqual([
      ['staff.invite', 'cli', null],
      ['staff.password_set', 'staff', 'st-03'],
    ]);
  });

  it('refuses an expired or made-up link, and a new invite ends the earlier one', async () => {
    h = await demo();
    const first = await createStaffInvite(h.app.db, { storeId: h.app.store.id, staffId: 'st-04', now: h.clock.now() });
    const second = await createStaffInvite(h.app.db, { storeId: h.app.store.id, staffId: 'st-04', now: h.clock.now() });
    if ('error' in first || 'error' in second) throw new Error('no invite');
    const browser = createBrowser(h.app.http);
    const accept = (token: string) => browser.request({ method: 'POST', url: '/api/staff/invite/accept', payload: { token, password: PASSWORD } });
    expect((await accept(first.token)).json().code).toBe('expired');
    expect((await accept('x'.repeat(43))).json().code).toBe('invalid');
    h.clock.advance(73 * 3_600_000);
    expect((await accept(second.token)).json()).toMatchObject({ code: 'expired', errorZh: '邀请链接已过期，请向店总索取新链接' });
    expect((await h.app.db.staff.findUniqueOrThrow({ where: { id: 'st-04' } })).passwordHash).toBeNull();
    const unknown = await runStaffInvite(h.app.config, 'st-99', { out: capture().stream, err: capture().stream, clock: h.clock });
    expect(unknown).toBe(2);
  });

  it('ends the demo with the first password: demo sessions stop, the pick list closes, everyone signs in', async () => {
    h = await demo();
    const demoBrowser = createBrowser(h.app.http);
    await demoBrowser.demoSignIn('st-01');
    expect((await demoBrowser.request({ url: '/api/dashboard/me' })).statusCode).toBe(200);
    expect((await h.app.http.inject({ url: '/api/config' })).json().staffSide).toBe('demo');

    await withPassword(h, 'st-03');
    expect((await h.app.http.inject({ url: '/api/config' })).json().staffSide).toBe('accounts');
    expect((await demoBrowser.request({ url: '/api/dashboard/me' })).statusCode).toBe(401);
    expect((await h.app.http.inject({ url: '/api/staff' })).statusCode).toBe(403);
    const demoAgain = await createBrowser(h.app.http).request({ method: 'POST', url: '/api/staff/demo-sign-in', payload: { staffId: 'st-01' } });
    expect(demoAgain.statusCode).toBe(403);

    // from any address now: sign-in is the door
    const phone = createBrowser(h.app.http);
    const res = await phone.request({ method: 'POST', url: '/api/staff/sign-in', payload: { login: 'st-03', password: PASSWORD }, headers: {} });
    expect(res.statusCode).toBe(200);
    const session = await phone.request({ url: '/api/staff/session' });
    expect(session.json()).toMatchObject({ mode: 'accounts', staff: { id: 'st-03' }, method: 'password' });
    expect(session.json().csrfToken).toBe(phone.csrfToken);
  });

  it('throttles wrong passwords per account with a lock-out notice, and an unknown account looks the same', async () => {
    h = await demo();
    await withPassword(h, 'st-02');
    const browser = createBrowser(h.app.http);
    const signIn = (login: string, password: string) => browser.request({ method: 'POST', url: '/api/staff/sign-in', payload: { login, password } });

    const unknown = await signIn('st-99', 'whatever password');
    const wrong = await signIn('st-02', 'wrong password 1');
    expect([unknown.statusCode, wrong.statusCode]).toEqual([401, 401]);
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.json()).toMatchObject({ code: 'invalid', errorZh: '账号或密码错误' });
    for (let i = 2; i <= 4; i++) expect((await signIn('st-02', `wrong password ${i}`)).statusCode).toBe(401);
    const locked = await signIn('st-02', 'wrong password 5');
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'locked', retryAfterMinutes: 15 });
    expect(locked.json().errorZh).toContain('账号已锁定');
    // even the right password waits out the lock
    expect((await signIn('st-02', PASSWORD)).json().code).toBe('locked');
    h.clock.advance(15 * 60_000 + 1000);
    expect((await signIn('st-02', PASSWORD)).statusCode).toBe(200);
    const audit = await h.app.db.auditLog.groupBy({ by: ['action', 'actorType'], where: { subjectId: 'st-02' }, _count: true });
    expect(Object.fromEntries(audit.map((a) => [`${a.action}/${a.actorType}`, a._count]))).toMatchObject({
      'staff.sign_in_failed/anonymous': 4,
      'staff.locked/anonymous': 1,
      'staff.sign_in/staff': 1,
    });
  });

  it('throttles sign-in attempts per address', async () => {
    h = await demo();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push(
        (await h.app.http.inject({ method: 'POST', url: '/api/staff/sign-in', payload: { login: `nobody-${i}`, password: 'whatever password' } })).statusCode,
      );
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // another address is not held back by this one
    const other = await h.app.http.inject({
      method: 'POST',
      url: '/api/staff/sign-in',
      payload: { login: 'x', password: 'whatever password' },
      remoteAddress: '203.0.113.7',
    });
    expect(other.statusCode).toBe(401);
  });

  it('wants the CSRF token and our own origin on every staff request that changes something', async () => {
    h = await demo();
    const browser = await withPassword(h, 'st-03');
    const cookie = browser.jar.header()!;
    const say = (headers: Record<string, string>) =>
      h.app.http.inject({ method: 'POST', url: '/api/chat', payload: { role: 'staff', text: 'help' }, headers: { cookie, ...headers } });
    expect((await say({})).json()).toMatchObject({ code: 'csrf' });
    expect((await say({ 'x-csrf-token': 'forged' })).statusCode).toBe(403);
    expect((await say({ 'x-csrf-token': browser.csrfToken!, origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await say({ 'x-csrf-token': browser.csrfToken!, 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await say({ 'x-csrf-token': browser.csrfToken!, origin: 'http://localhost:80' })).statusCode).toBe(200);
    // reading needs the session, not the token
    expect((await h.app.http.inject({ url: '/api/chat/history?role=staff', headers: { cookie } })).statusCode).toBe(200);
    // a customer's message from another site is refused too (it would carry the visitor's cookie)
    const crossSite = await h.app.http.inject({ method: 'POST', url: '/api/chat', payload: { text: 'hi' }, headers: { origin: 'https://evil.example' } });
    expect(crossSite.statusCode).toBe(403);
    // signing out ends the session on the server
    expect((await browser.request({ method: 'POST', url: '/api/staff/sign-out', payload: {} })).statusCode).toBe(200);
    expect((await say({ 'x-csrf-token': browser.csrfToken! })).statusCode).toBe(401);
    expect(await h.app.db.staffSession.count({ where: { staffId: 'st-03' } })).toBe(0);
  });

  it('names the signed-in person in audit rows, and a new password signs them out elsewhere', async () => {
    h = await demo();
    const manager = await withPassword(h, 'st-01');
    const exported = await manager.request({ url: '/api/dashboard/customers.csv?staffId=st-03' });
    expect(exported.statusCode).toBe(200);
    const row = await h.app.db.auditLog.findFirstOrThrow({ where: { action: 'export' } });
    expect(row.actorId).toBe('st-01');

    const again = await createStaffInvite(h.app.db, { storeId: h.app.store.id, staffId: 'st-01', now: h.clock.now() });
    if ('error' in again) throw new Error('no invite');
    await createBrowser(h.app.http).request({
      method: 'POST',
      url: '/api/staff/invite/accept',
      payload: { token: again.token, password: 'a new long password' },
    });
    expect((await manager.request({ url: '/api/dashboard/me' })).statusCode).toBe(401);
  });

  it('marks cookies Secure behind HTTPS', async () => {
    h = await createTestApp({ now: NOW, env: { PUBLIC_URL: 'https://chat.example.com' }, prepare: async (t) => void (await insertDemoStore(t.db)) });
    const host = { host: 'chat.example.com' };
    const customer = await h.app.http.inject({ method: 'POST', url: '/api/chat', payload: { text: '你好' }, headers: host });
    const chatCookie = String(customer.headers['set-cookie']);
    for (const attribute of ['HttpOnly', 'Secure', 'Partitioned', 'SameSite=None']) expect(chatCookie).toContain(`; ${attribute}`);
    await withPassword(h, 'st-03');
    const staff = await h.app.http.inject({ method: 'POST', url: '/api/staff/sign-in', payload: { login: 'st-03', password: PASSWORD }, headers: host });
    expect(staff.statusCode).toBe(200);
    const staffCookie = String(staff.headers['set-cookie']);
    for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Strict']) expect(staffCookie).toContain(`; ${attribute}`);
  });
});
