// Security headers on every response of the real service (pages, API, 404s, errors,
// refusals, the socket-level 400), the framing rule with and without WEB_EMBED_ORIGINS,
// and pages that work under the CSP (no inline script, handlers or style attributes).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseEmbedOrigins } from '../../src/infra/config.js';
import { isEmbedRequest } from '../../src/infra/securityHeaders.js';
import { PUBLIC_DIR } from '../../src/channels/web/staticFiles.js';
import { sendRaw } from './rawHttp.js';
import { createSecurityApp, type SecurityApp } from './securityApp.js';

type Headers = Record<string, string | string[] | number | undefined>;

function expectCommonHeaders(headers: Headers) {
  const csp = String(headers['content-security-policy']);
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
}

function expectUnframeable(headers: Headers) {
  expect(String(headers['content-security-policy'])).toMatch(/frame-ancestors 'none'$/);
  expect(headers['x-frame-options']).toBe('DENY');
}

describe('security headers on the real service', () => {
  let h: SecurityApp;
  afterEach(async () => h?.close());

  it('are on the pages, the API, a 404, an error, a refused Host and a bad URL', async () => {
    h = await createSecurityApp();
    const responses = {
      page: await h.app.http.inject({ url: '/' }),
      dashboard: await h.app.http.inject({ url: '/dashboard' }),
      script: await h.app.http.inject({ url: '/web/chat.js' }),
      config: await h.app.http.inject({ url: '/api/config' }),
      notFound: await h.app.http.inject({ url: '/nowhere' }),
      badJson: await h.app.http.inject({ method: 'POST', url: '/api/chat', headers: { 'content-type': 'application/json' }, payload: '{"x":' }),
      tooLarge: await h.app.http.inject({ method: 'POST', url: '/api/chat', headers: { 'content-type': 'application/json' }, payload: 'x'.repeat(70_000) }),
      foreignHost: await h.app.http.inject({ url: '/', headers: { host: 'evil.example' } }),
      badUrl: await h.app.http.inject({ url: '/%zz' }),
      health: await h.app.http.inject({ url: '/healthz' }),
      metrics: await h.app.http.inject({ url: '/metrics' }),
    };
    expect(Object.fromEntries(Object.entries(responses).map(([k, r]) => [k, r.statusCode]))).toEqual({
      page: 200,
      dashboard: 200,
      script: 200,
      config: 200,
      notFound: 404,
      badJson: 400,
      tooLarge: 413,
      foreignHost: 421,
      badUrl: 400,
      health: 200,
      metrics: 200,
    });
    for (const [name, res] of Object.entries(responses)) {
      expect(res.headers['x-content-type-options'], name).toBe('nosniff');
      expectCommonHeaders(res.headers);
      expectUnframeable(res.headers);
      // HSTS only with an https PUBLIC_URL
      expect(res.headers['strict-transport-security'], name).toBeUndefined();
    }
  });

  it('are on the 400 written straight to the socket for a malformed request', async () => {
    h = await createSecurityApp();
    const port = await h.listen();
    const res = await sendRaw(port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(res.status).toBe(400);
    expectCommonHeaders(res.headers);
    expectUnframeable(res.headers);
    expect(res.headers.connection).toBe('close');
  });

  it('send HSTS when PUBLIC_URL is https', async () => {
    h = await createSecurityApp({ PUBLIC_URL: 'https://chat.store.example' });
    const res = await h.app.http.inject({ url: '/api/config', headers: { host: 'chat.store.example' } });
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('without WEB_EMBED_ORIGINS let only our own pages frame /?embed=1', async () => {
    h = await createSecurityApp();
    const embed = await h.app.http.inject({ url: '/?embed=1' });
    expect(embed.statusCode).toBe(200);
    expect(embed.headers['content-security-policy']).toMatch(/frame-ancestors 'self'$/);
    expect(embed.headers['x-frame-options']).toBe('SAMEORIGIN');
    expectUnframeable((await h.app.http.inject({ url: '/' })).headers);
    expectUnframeable((await h.app.http.inject({ url: '/?embed=0' })).headers);
    expectUnframeable((await h.app.http.inject({ url: '/api/config?embed=1' })).headers);
    expectUnframeable((await h.app.http.inject({ url: '/dashboard?embed=1' })).headers);
  });

  it("with WEB_EMBED_ORIGINS let the store's sites frame /?embed=1 and nothing else", async () => {
    h = await createSecurityApp({ WEB_EMBED_ORIGINS: 'https://www.store.example, https://store.example:8443' });
    const embed = await h.app.http.inject({ url: '/?lang=en&embed=1' });
    expect(embed.headers['content-security-policy']).toMatch(/frame-ancestors 'self' https:\/\/www\.store\.example https:\/\/store\.example:8443$/);
    expect(embed.headers['x-frame-options']).toBeUndefined();
    expectCommonHeaders(embed.headers);
    expectUnframeable((await h.app.http.inject({ url: '/' })).headers);
    expectUnframeable((await h.app.http.inject({ url: '/dashboard' })).headers);
    // the widget's script runs on the store's page: no header of ours stops it loading there
    const script = await h.app.http.inject({ url: '/embed.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['cross-origin-resource-policy']).toBeUndefined();
  });
});

describe('isEmbedRequest', () => {
  it.each([
    ['/?embed=1', true],
    ['/?lang=en&embed=1', true],
    ['/', false],
    ['/?embed=true', false],
    ['/?embed=1x', false],
    ['/web/chat.js?embed=1', false],
    ['//?embed=1', false],
  ])('%s → %s', (url, expected) => {
    expect(isEmbedRequest(url)).toBe(expected);
  });
});

describe('WEB_EMBED_ORIGINS', () => {
  it('keeps whole origins, normalised and without repeats', () => {
    expect(parseEmbedOrigins('https://WWW.Store.example/, https://store.example:8443,https://www.store.example')).toEqual([
      'https://www.store.example',
      'https://store.example:8443',
    ]);
    expect(parseEmbedOrigins('http://localhost:8080,http://127.0.0.1:5173,http://[::1]:8080')).toEqual([
      'http://localhost:8080',
      'http://127.0.0.1:5173',
      'http://[::1]:8080',
    ]);
    expect(loadConfig({ WEB_EMBED_ORIGINS: '' }).embedOrigins).toEqual([]);
  });

  it.each([
    ['*', /wildcard/],
    ['https://*.store.example', /wildcard/],
    ['https://www.store.example/chat', /without a path/],
    ['https://www.store.example?x=1', /without a path/],
    ['https://user@www.store.example', /without a path/],
    ['http://www.store.example', /https/],
    ['www.store.example', /origin/],
    ["'self'", /origin/],
    ['javascript:alert(1)', /path|https/],
  ])('refuses %s', (value, message) => {
    expect(() => loadConfig({ WEB_EMBED_ORIGINS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ WEB_EMBED_ORIGINS: value })).toThrow(message);
  });
});

describe('the pages under the CSP', () => {
  const pages = fs.readdirSync(PUBLIC_DIR).filter((f) => f.endsWith('.html'));

  it('finds the pages', () => {
    expect(pages).toEqual(expect.arrayContaining(['index.html', 'dashboard.html']));
  });

  it.each(pages)('%s has no inline script, event handler, style attribute or javascript: URL', (name) => {
    const html = fs.readFileSync(path.join(PUBLIC_DIR, name), 'utf8');
    for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? []) {
      expect(tag, `${name}: ${tag}`).toMatch(/^<script\b[^>]*\bsrc="\/[^"]*"[^>]*>\s*<\/script>$/i);
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/javascript:/i);
    // every script and stylesheet from our own origin
    for (const m of html.matchAll(/\b(?:src|href)="([^"]*)"/g)) expect(m[1], `${name}: ${m[1]}`).toMatch(/^\/(?!\/)|^#/);
  });
});
