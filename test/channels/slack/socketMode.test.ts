// Socket Mode (SLACK_APP_TOKEN): the real Bolt/@slack/socket-mode client against a fake
// Slack on 127.0.0.1 that serves the Web API and the WebSocket it hands out with
// apps.connections.open. Events arrive as envelopes, are acknowledged by envelope id, run
// through the pipeline once, and the replies go out through the outbox.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { insertDemoStore } from '../../helpers/demoStore.js';
import { createTestApp, type TestApp } from '../../helpers/testApp.js';

interface FakeSocketSlack {
  apiUrl: string;
  posted: Record<string, string>[];
  acks: string[];
  connected: Promise<WebSocket>;
  close(): Promise<void>;
}

async function startFakeSocketSlack(emails: Record<string, string>): Promise<FakeSocketSlack> {
  const posted: Record<string, string>[] = [];
  const acks: string[] = [];
  let resolveSocket!: (ws: WebSocket) => void;
  const connected = new Promise<WebSocket>((r) => (resolveSocket = r));
  const http: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const method = req.url!.replace(/^\/api\//, '').split('?')[0];
      const params = Object.fromEntries(new URLSearchParams(body)) as Record<string, string>;
      const json = (o: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(o));
      const port = (http.address() as AddressInfo).port;
      if (method === 'apps.connections.open') return json({ ok: true, url: `ws://127.0.0.1:${port}/socket` });
      if (method === 'auth.test') return json({ ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', user: 'dealerbot', team: 'Dealer', team_id: 'T0' });
      if (method === 'users.info') {
        const email = emails[params.user];
        return json(email ? { ok: true, user: { id: params.user, name: params.user, profile: { email } } } : { ok: false, error: 'user_not_found' });
      }
      if (method === 'chat.postMessage') {
        posted.push(params);
        return json({ ok: true, channel: params.channel, ts: `17000000${posted.length}.000100` });
      }
      return json({ ok: true });
    });
  });
  const wss = new WebSocketServer({ server: http, path: '/socket' });
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { envelope_id?: string };
      if (msg.envelope_id) acks.push(msg.envelope_id);
    });
    ws.send(
      JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 3600 }, connection_info: { app_id: 'A0' } }),
    );
    resolveSocket(ws);
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return {
    apiUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}/api/`,
    posted,
    acks,
    connected,
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}

/** Waits for a condition the socket client fulfils asynchronously (bounded, no fixed sleeps). */
async function until(check: () => boolean | Promise<boolean>, what: string, tries = 200): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('Slack in Socket Mode', () => {
  let fake: FakeSocketSlack;
  let h: TestApp;

  beforeEach(async () => {
    fake = await startFakeSocketSlack({ U0LIN: 'st-03@xingyao-pudong.example' });
    h = await createTestApp({
      now: '2026-12-03T10:15:00+08:00',
      env: { SLACK_BOT_TOKEN: 'xoxb-socket', SLACK_APP_TOKEN: 'xapp-1-socket', SLACK_API_URL: fake.apiUrl },
      prepare: async (t) => void (await insertDemoStore(t.db)),
    });
  });
  afterEach(async () => {
    await h.close();
    await fake.close();
  });

  it('serves no HTTP route, acknowledges envelopes, runs a redelivered event once and replies through the outbox', async () => {
    expect((await h.app.http.inject({ method: 'POST', url: '/slack/events', payload: {} })).statusCode).toBe(404);
    await h.app.slack!.start();
    const ws = await fake.connected;
    const envelope = (id: string, retry = 0) =>
      JSON.stringify({
        envelope_id: id,
        type: 'events_api',
        accepts_response_payload: false,
        retry_attempt: retry,
        retry_reason: retry ? 'timeout' : '',
        payload: {
          type: 'event_callback',
          team_id: 'T0',
          api_app_id: 'A0',
          event_id: 'Ev0SOCKET1',
          event_time: 1,
          event: { type: 'message', channel: 'D0LIN', channel_type: 'im', user: 'U0LIN', text: '我的今天', ts: '1700000000.000001' },
        },
      });
    ws.send(envelope('env-1'));
    await until(() => fake.acks.includes('env-1'), 'the first ack');
    ws.send(envelope('env-2', 1));
    await until(() => fake.acks.includes('env-2'), 'the second ack');
    await h.app.slack!.idle();
    expect(await h.t.db.inboundEvent.count({ where: { channel: 'slack', eventId: 'Ev0SOCKET1' } })).toBe(1);
    await h.app.outbox.tick();
    expect(fake.posted.map((p) => p.channel)).toEqual(['U0LIN']);
    expect(fake.posted[0].text).toMatch(/我的今天|今天/);
  });
});
