import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/testApp.js';
import { createBrowser } from '../../helpers/webChat.js';

describe('POST /api/chat and the web chat API', () => {
  let h: TestApp;
  afterEach(async () => h?.close());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    h.app.http.inject({
      method: 'POST',
      url: '/api/chat',
      payload: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    });

  it('answers a customer with replies and buttons, and keeps the history for a reload', async () => {
    h = await createTestApp();
    const browser = createBrowser(h.app.http);
    const res = await browser.request({ method: 'POST', url: '/api/chat', payload: { role: 'customer', text: '你好' } });
    expect(res.statusCode).toBe(200);
    // the server issued the session: an HttpOnly cookie the page cannot read or choose
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^dealerbot_chat=v1\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+;/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/); // plain HTTP on loopback: a Secure cookie would be dropped
    const [notice, greeting] = res.json().replies;
    expect(notice.text).toContain('个人信息保护法'); // first contact: the privacy notice comes first
    expect(greeting.text).toContain('欢迎来到测试4S店');
    expect(greeting.buttons).toContainEqual({ label: '转人工', value: 'human' });

    const pressed = await browser.request({ method: 'POST', url: '/api/chat', payload: { role: 'customer', action: 'faq:models' } });
    expect(pressed.headers['set-cookie']).toBeUndefined(); // the same session, not a new one
    expect(pressed.json().replies).toHaveLength(1);
    expect(pressed.json().replies[0].text).toContain('我们的车型');

    const history = await browser.request({ url: '/api/chat/history' });
    const messages = history.json().messages;
    expect(messages.map((m: { from: string }) => m.from)).toEqual(['me', 'bot', 'bot', 'me', 'bot']);
    expect(messages[3].text).toBe('看看车型'); // a pressed button is recorded under its label
    const after = await browser.request({ url: `/api/chat/history?after=${messages[2].id}` });
    expect(after.json().messages).toHaveLength(2);
    // another browser, or none, sees nothing of it
    expect((await createBrowser(h.app.http).request({ url: '/api/chat/history' })).json().messages).toEqual([]);
    expect((await h.app.http.inject({ url: '/api/chat/history' })).json().messages).toEqual([]);
  });

  it('runs a resent message id once', async () => {
    h = await createTestApp();
    const browser = createBrowser(h.app.http);
    const body = { role: 'customer', text: 'hi', messageId: 'msg-00000001' };
    expect((await browser.request({ method: 'POST', url: '/api/chat', payload: body })).json().replies).toHaveLength(2);
    const again = (await browser.request({ method: 'POST', url: '/api/chat', payload: body })).json();
    expect(again).toEqual({ replies: [], duplicate: true });
    // a message id is unique within its own chat: another visitor's same id is their own message
    const other = await createBrowser(h.app.http).request({ method: 'POST', url: '/api/chat', payload: body });
    expect(other.json().replies).toHaveLength(2);
  });

  it.each([
    ['not JSON', '{"text": ', 400, /JSON/i],
    ['an array', [], 400, /./],
    ['no text and no action', { role: 'customer' }, 400, /non-empty "text" or an "action"/],
    ['blank text', { role: 'customer', text: '   ' }, 400, /non-empty/],
    ['an unknown role', { role: 'admin', text: 'hi' }, 400, /role/],
    ['binary-looking text', { role: 'customer', text: 'a\u0000\u0001b' }, 400, /control or invalid/],
    ['text over 2000 characters', { role: 'customer', text: '车'.repeat(2001) }, 400, /longer than 2000/],
    ['unknown fields', { role: 'customer', text: 'hi', admin: true }, 400, /admin|Unrecognized/],
    ['staff without a sign-in', { role: 'staff', text: 'hi' }, 401, /sign in/],
    ['staff naming themselves', { role: 'staff', staffId: 'st-m', text: 'hi' }, 401, /sign in/],
  ])('rejects %s with a clear 4xx and changes nothing', async (_name, body, status, message) => {
    h = await createTestApp();
    const res = await post(body);
    expect(res.statusCode).toBe(status);
    expect(res.json().error).toMatch(message);
    expect(await h.t.db.conversation.count()).toBe(0);
    expect(await h.t.db.inboundEvent.count()).toBe(0);
  });

  it('limits how fast one client address may send, with a clear 429', async () => {
    h = await createTestApp({ env: { WEB_CHAT_RATE_LIMIT: '3' } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post({ role: 'customer', text: 'hi' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await post({ role: 'customer', text: 'hi' });
    expect(limited.json().error).toMatch(/too many messages/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // history and health stay available
    expect((await h.app.http.inject({ url: '/healthz' })).statusCode).toBe(200);
  });

  it('answers 413 to an oversized body', async () => {
    h = await createTestApp();
    const res = await post({ role: 'customer', text: 'x'.repeat(70_000) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatch(/larger than/);
    expect(await h.t.db.conversation.count()).toBe(0);
  });

  it('opens the staff side on loopback in the demo: pick a staff member, then their help', async () => {
    h = await createTestApp();
    const config = (await h.app.http.inject({ url: '/api/config' })).json();
    expect(config).toMatchObject({ staffSide: 'demo', store: { name: { en: 'Test 4S Store' } } });
    expect(config.welcome.zh.text).toContain('欢迎来到测试4S店');
    expect(config.welcome.en.buttons.map((b: { value: string }) => b.value)).toEqual(['book_test_drive', 'faq:models', 'human']);
    const staff = (await h.app.http.inject({ url: '/api/staff' })).json().staff;
    expect(staff.map((s: { id: string }) => s.id)).toEqual(['st-c', 'st-m']);
    const browser = createBrowser(h.app.http);
    await browser.demoSignIn('st-c');
    const res = await browser.request({ method: 'POST', url: '/api/chat', payload: { role: 'staff', text: 'help' } });
    expect(res.json().replies[0].text).toMatch(/^Hi Lin Xiaowen!/);
    expect(res.json().replies[0].text).toContain('the sales coach');
    // a staff id in the body changes nothing: the session says who this is
    const claimed = await browser.request({ method: 'POST', url: '/api/chat', payload: { role: 'staff', staffId: 'st-m', text: 'help' } });
    expect(claimed.json().replies[0].text).toMatch(/^Hi Lin Xiaowen!/);
    const unknown = await createBrowser(h.app.http).request({ method: 'POST', url: '/api/staff/demo-sign-in', payload: { staffId: 'st-zz' } });
    expect(unknown.statusCode).toBe(404);
  });

  it('closes the demo staff side to a request from another address or through a proxy', async () => {
    h = await createTestApp();
    const outside = { remoteAddress: '203.0.113.9' };
    const config = await h.app.http.inject({ url: '/api/config', ...outside });
    expect(config.json().staffSide).toBe('closed');
    expect((await h.app.http.inject({ url: '/api/staff', ...outside })).statusCode).toBe(403);
    expect((await h.app.http.inject({ url: '/api/staff', headers: { 'x-forwarded-for': '203.0.113.9' } })).statusCode).toBe(403);
    const demo = await h.app.http.inject({ method: 'POST', url: '/api/staff/demo-sign-in', payload: { staffId: 'st-c' }, ...outside });
    expect(demo.statusCode).toBe(403);
    expect((await post({ role: 'customer', text: 'hi' })).statusCode).toBe(200);
  });

  it('serves the page, the embed script, health and metrics', async () => {
    h = await createTestApp();
    const page = await h.app.http.inject({ url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('/web/chat.js');
    expect((await h.app.http.inject({ url: '/embed.js' })).body).toContain('?embed=1');
    expect((await h.app.http.inject({ url: '/web/../../package.json' })).statusCode).toBe(404);
    expect((await h.app.http.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    await post({ role: 'customer', text: 'hello' });
    const metrics = (await h.app.http.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/dealerbot_inbound_total\{channel="web",result="handled"\} 1/);
    expect(metrics).toMatch(/dealerbot_outbound_total\{channel="web",status="inline"\} 2/);
    expect(metrics).toMatch(/dealerbot_handler_seconds_count\{bot="greeting"\} 1/);
    expect(metrics).toMatch(/dealerbot_outbox_depth 0/);
  });

  it('answers 503 on /healthz when the store does not answer', async () => {
    h = await createTestApp();
    await h.t.db.$disconnect();
    await h.app.db.$disconnect();
    // a disconnected client reconnects lazily: break the file instead
    const fs = await import('node:fs');
    fs.rmSync(h.t.file, { force: true });
    fs.mkdirSync(h.t.file);
    const res = await h.app.http.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(503);
    fs.rmSync(h.t.file, { recursive: true, force: true });
  });
});
