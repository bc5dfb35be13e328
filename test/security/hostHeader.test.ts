// The Host header check (DNS rebinding): a foreign name gets 421 on every route, the
// service's own names pass, on the real service over a socket and through inject.
import { afterEach, describe, expect, it } from 'vitest';
import { buildHostPolicy, hostCheckWarning, parseHostHeader } from '../../src/infra/checkHost.js';
import { rawGet, sendRaw } from './rawHttp.js';
import { createSecurityApp, type SecurityApp } from './securityApp.js';

describe('parseHostHeader', () => {
  it.each([
    ['localhost:3000', { hostname: 'localhost', port: 3000 }],
    ['LOCALHOST', { hostname: 'localhost' }],
    ['chat.store.example.', { hostname: 'chat.store.example' }],
    ['[::1]:3000', { hostname: '[::1]', port: 3000 }],
    ['[0:0:0:0:0:0:0:1]', { hostname: '[::1]' }],
    ['127.0.0.1:80', { hostname: '127.0.0.1', port: 80 }],
  ])('reads %s', (header, expected) => {
    expect(parseHostHeader(header)).toEqual(expected);
  });

  it.each(['', 'evil.example@localhost', 'localhost/x', 'localhost:99999', 'localhost:0', '[::1', '::1', 'a b', 'localhost:3000:1', 'xn--%41.example'])(
    'refuses %j',
    (header) => {
      expect(parseHostHeader(header)).toBeUndefined();
    },
  );
});

describe('buildHostPolicy', () => {
  const loopback = buildHostPolicy({ host: '127.0.0.1' });

  it('on a loopback bind accepts localhost, 127.0.0.1 and [::1] with the listening port', () => {
    for (const h of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'LocalHost:3000']) expect(loopback.check(h, 3000)).toBe('ok');
    expect(loopback.check('localhost:3001', 3000)).toBe('foreign');
    expect(loopback.check('localhost', 3000)).toBe('foreign'); // no port = 80
    expect(loopback.check('localhost', 80)).toBe('ok');
  });

  it('refuses a rebound name, another address, and a name with the right port', () => {
    expect(loopback.check('evil.example:3000', 3000)).toBe('foreign');
    expect(loopback.check('localhost.evil.example:3000', 3000)).toBe('foreign');
    expect(loopback.check('192.168.1.20:3000', 3000)).toBe('foreign');
    expect(loopback.check(undefined, 3000)).toBe('invalid');
    expect(loopback.check('evil.example@127.0.0.1:3000', 3000)).toBe('invalid');
  });

  it('checks the name but not the port when the server does not listen (inject)', () => {
    expect(loopback.check('localhost:80', undefined)).toBe('ok');
    expect(loopback.check('evil.example:80', undefined)).toBe('foreign');
  });

  it('on ::1 accepts the IPv6 literal in any spelling', () => {
    const v6 = buildHostPolicy({ host: '::1' });
    expect(v6.check('[::1]:3000', 3000)).toBe('ok');
    expect(v6.check('[0::1]:3000', 3000)).toBe('ok');
    expect(v6.check('localhost:3000', 3000)).toBe('ok');
  });

  it("accepts PUBLIC_URL without a port (a proxy's $host) or with its own port", () => {
    const pub = buildHostPolicy({ host: '127.0.0.1', publicUrl: 'https://Chat.Store.example' });
    expect(pub.check('chat.store.example', 3000)).toBe('ok');
    expect(pub.check('chat.store.example:443', 3000)).toBe('ok');
    expect(pub.check('chat.store.example:8443', 3000)).toBe('foreign');
    expect(pub.check('store.example', 3000)).toBe('foreign');
    expect(pub.check('127.0.0.1:3000', 3000)).toBe('ok'); // a proxy that does not pass Host
    const withPort = buildHostPolicy({ host: '127.0.0.1', publicUrl: 'http://[2001:db8::1]:8080/' });
    expect(withPort.check('[2001:db8::1]:8080', 3000)).toBe('ok');
    expect(withPort.check('[2001:db8::1]:80', 3000)).toBe('foreign');
  });

  it('on a wildcard bind without PUBLIC_URL accepts IP literals and localhost, not names', () => {
    for (const host of ['0.0.0.0', '::']) {
      const any = buildHostPolicy({ host });
      expect(any.check('192.168.1.20:3000', 3000)).toBe('ok');
      expect(any.check('[fe80::1]:3000', 3000)).toBe('ok');
      expect(any.check('localhost:3000', 3000)).toBe('ok');
      expect(any.check('192.168.1.20:3001', 3000)).toBe('foreign');
      expect(any.check('dealer-pc.local:3000', 3000)).toBe('foreign');
      expect(any.check('evil.example:3000', 3000)).toBe('foreign');
    }
  });

  it('on a bind to one address accepts that address only', () => {
    const lan = buildHostPolicy({ host: '192.168.1.20' });
    expect(lan.check('192.168.1.20:3000', 3000)).toBe('ok');
    expect(lan.check('192.168.1.21:3000', 3000)).toBe('foreign');
    expect(lan.check('localhost:3000', 3000)).toBe('foreign');
  });

  it('warns about a wildcard bind without PUBLIC_URL only', () => {
    expect(hostCheckWarning({ host: '0.0.0.0' })).toMatch(/PUBLIC_URL/);
    expect(hostCheckWarning({ host: '0.0.0.0', publicUrl: 'https://chat.store.example' })).toBeUndefined();
    expect(hostCheckWarning({ host: '127.0.0.1' })).toBeUndefined();
  });
});

describe('the Host check on the real service', () => {
  let h: SecurityApp;
  afterEach(async () => h?.close());

  it('answers a foreign Host with 421 on pages, API, health, webhooks and unknown paths; its own names with 200', async () => {
    // WeChat on: its webhook is a route like any other, not exempt
    h = await createSecurityApp({ WECHAT_TOKEN: 'wechat-token-1', PUBLIC_URL: 'https://chat.store.example' });
    const port = await h.listen();
    for (const path of ['/', '/api/config', '/healthz', '/metrics', '/wechat?signature=x&timestamp=1&nonce=1&echostr=1', '/nowhere']) {
      const res = await rawGet(port, path, `evil.example:${port}`);
      expect(res.status, path).toBe(421);
      expect(JSON.parse(res.body)).toEqual({ error: 'misdirected request: this server does not serve that host name' });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    const post = await sendRaw(
      port,
      `POST /api/chat HTTP/1.1\r\nHost: evil.example:${port}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    );
    expect(post.status).toBe(421);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'chat.store.example', 'chat.store.example:443']) {
      expect((await rawGet(port, '/healthz', host)).status, host).toBe(200);
    }
    expect((await rawGet(port, '/healthz', '127.0.0.1:1')).status).toBe(421);
    expect((await rawGet(port, '/healthz', 'evil.example@127.0.0.1')).status).toBe(400);
    // the rebinding attempt changed nothing and the service still serves
    expect(await h.t.db.inboundEvent.count()).toBe(0);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
  });

  it('answers a request without Host (HTTP/1.0 or 1.1) with 400', async () => {
    h = await createSecurityApp();
    const port = await h.listen();
    for (const version of ['1.0', '1.1']) {
      const res = await sendRaw(port, `GET /healthz HTTP/${version}\r\nConnection: close\r\n\r\n`);
      expect(res.status, version).toBe(400);
      expect(JSON.parse(res.body)).toEqual({ error: 'invalid or missing Host header' });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it("lets inject's default Host (localhost:80) through on a loopback bind, and not a foreign one", async () => {
    h = await createSecurityApp();
    expect((await h.app.http.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await h.app.http.inject({ url: '/healthz', headers: { host: 'evil.example' } })).statusCode).toBe(421);
  });

  it('on HOST=0.0.0.0 without PUBLIC_URL answers IP addresses and refuses names', async () => {
    h = await createSecurityApp({ HOST: '0.0.0.0' });
    expect((await h.app.http.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await h.app.http.inject({ url: '/healthz', headers: { host: '10.1.2.3:3000' } })).statusCode).toBe(200);
    expect((await h.app.http.inject({ url: '/healthz', headers: { host: 'evil.example:3000' } })).statusCode).toBe(421);
  });
});
