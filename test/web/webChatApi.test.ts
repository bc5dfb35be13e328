import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/testApp.js';

describe('POST /api/chat and the web chat API', () => {
  let h: TestApp;
  afterEach(async () => h?.close());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    h.app.http.inject({ method: 'POST', url: '/api/chat', payload: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

  it('answers a customer with replies and buttons, and keeps the history for a reload', async () => {
    h = await createTestApp();
    const res = await post({ sessionId: 'session-0001', role: 'customer', text: '你好' });
    expect(res.statusCode).toBe(200);
    const [notice, greeting] = res.json().replies;
    expect(notice.text).toContain('个人信息保护法'); // first contact: the privacy notice comes first
    expect(greeting.text).toContain('欢迎来到测试4S店');
    expect(greeting.buttons).toContainEqual({ label: '转人工', value: 'human' });

    const pressed = await post({ sessionId: 'session-0001', role: 'customer', action: 'faq:models' });
    expect(pressed.json().replies).toHaveLength(1);
    expect(pressed.json().replies[0].text).toContain('我们的车型');

    const history = await h.app.http.inject({ url: '/api/chat/history?sessionId=session-0001' });
    const messages = history.json().messages;
    expect(messages.map((m: { from: string }) => m.from)).toEqual(['me', 'bot', 'bot', 'me', 'bot']);
    expect(messages[3].text).toBe('看看车型'); // a pressed button is recorded under its label
    const after = await h.app.http.inject({ url: `/api/chat/history?sessionId=session-0001&after=${messages[2].id}` });
    expect(after.json().messages).toHaveLength(2);
  });

  it('runs a resent message id once', async () => {
    h = await createTestApp();
    const body = { sessionId: 'session-0002', role: 'customer', text: 'hi', messageId: 'msg-00000001' };
    expect((await post(body)).json().replies).toHaveLength(2);
    const again = (await post(body)).json();
    expect(again).toEqual({ replies: [], duplicate: true });
  });

  it.each([
    ['not JSON', '{"sessionId": ', 400, /JSON/i],
    ['an array', [], 400, /./],
    ['no text and no action', { sessionId: 'session-0003', role: 'customer' }, 400, /non-empty "text" or an "action"/],
    ['blank text', { sessionId: 'session-0003', role: 'customer', text: '   ' }, 400, /non-empty/],
    ['a bad session id', { sessionId: 'x', role: 'customer', text: 'hi' }, 400, /sessionId/],
    ['an unknown role', { sessionId: 'session-0003', role: 'admin', text: 'hi' }, 400, /role/],
    ['binary-looking text', { sessionId: 'session-0003', role: 'customer', text: 'a\u0000\u0001b' }, 400, /control or invalid/],
    ['text over 2000 characters', { sessionId: 'session-0003', role: 'customer', text: '车'.repeat(2001) }, 400, /longer than 2000/],
    ['unknown fields', { sessionId: 'session-0003', role: 'customer', text: 'hi', admin: true }, 400, /admin|Unrecognized/],
    ['staff without staffId', { sessionId: 'session-0003', role: 'staff', text: 'hi' }, 400, /staffId/],
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
    for (let i = 0; i < 5; i++) statuses.push((await post({ sessionId: `session-rl-${i}00`, role: 'customer', text: 'hi' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await post({ sessionId: 'session-rl-900', role: 'customer', text: 'hi' });
    expect(limited.json().error).toMatch(/too many messages/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // history and health stay available
    expect((await h.app.http.inject({ url: '/healthz' })).statusCode).toBe(200);
  });

  it('answers 413 to an oversized body', async () => {
    h = await createTestApp();
    const res = await post({ sessionId: 'session-0004', role: 'customer', text: 'x'.repeat(70_000) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatch(/larger than/);
    expect(await h.t.db.conversation.count()).toBe(0);
  });

  it('opens the staff side on loopback, with the staff list and role-specific help', async () => {
    h = await createTestApp();
    const config = (await h.app.http.inject({ url: '/api/config' })).json();
    expect(config).toMatchObject({ staffSide: 'open', store: { name: { en: 'Test 4S Store' } } });
    expect(config.welcome.zh.text).toContain('欢迎来到测试4S店');
    expect(config.welcome.en.buttons.map((b: { value: string }) => b.value)).toEqual(['book_test_drive', 'faq:models', 'human']);
    const staff = (await h.app.http.inject({ url: '/api/staff' })).json().staff;
    expect(staff.map((s: { id: string }) => s.id)).toEqual(['st-c', 'st-m']);
    const res = await post({ sessionId: 'session-0005', role: 'staff', staffId: 'st-c', text: 'help' });
    expect(res.json().replies[0].text).toMatch(/^Hi Lin Xiaowen!/);
    expect(res.json().replies[0].text).toContain('the sales coach');
    const unknown = await post({ sessionId: 'session-0005', role: 'staff', staffId: 'st-zz', text: 'help' });
    expect(unknown.statusCode).toBe(404);
  });

  it('closes the staff side off loopback without WEB_STAFF_KEY', async () => {
    h = await createTestApp({ env: { HOST: '0.0.0.0' } });
    expect((await h.app.http.inject({ url: '/api/config' })).json().staffSide).toBe('closed');
    expect((await h.app.http.inject({ url: '/api/staff' })).statusCode).toBe(403);
    expect((await post({ sessionId: 'session-0006', role: 'staff', staffId: 'st-c', text: 'hi' })).statusCode).toBe(403);
    expect((await post({ sessionId: 'session-0006', role: 'customer', text: 'hi' })).statusCode).toBe(200);
  });

  it('requires the right WEB_STAFF_KEY when one is set', async () => {
    h = await createTestApp({ env: { HOST: '0.0.0.0', WEB_STAFF_KEY: 'k-123456' } });
    expect((await h.app.http.inject({ url: '/api/staff' })).statusCode).toBe(401);
    expect((await h.app.http.inject({ url: '/api/staff', headers: { 'x-staff-key': 'wrong-key' } })).statusCode).toBe(401);
    expect((await h.app.http.inject({ url: '/api/staff', headers: { 'x-staff-key': 'k-123456' } })).statusCode).toBe(200);
    const ok = await post({ sessionId: 'session-0007', role: 'staff', staffId: 'st-m', text: '你好' }, { 'x-staff-key': 'k-123456' });
    expect(ok.statusCode).toBe(200);
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
    await post({ sessionId: 'session-0008', role: 'customer', text: 'hello' });
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
