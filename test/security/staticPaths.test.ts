// Prototype-named and traversal paths against the real service on a socket: each is a 404
// (or a 400 for a path that is no path), no file outside the pages is ever served, and the
// process keeps serving. `GET /web/constructor` used to end the process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRaw } from './rawHttp.js';
import { createSecurityApp, type SecurityApp } from './securityApp.js';

describe('security: static file paths', () => {
  let h: SecurityApp;
  let base: string;
  beforeAll(async () => {
    h = await createSecurityApp();
    base = `http://127.0.0.1:${await h.listen()}`;
  });
  afterAll(async () => h?.close());

  const names = [
    'constructor',
    '__proto__',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'prototype',
    '__defineGetter__',
    'index.html',
    'staff.html',
    'dashboard.html',
    'embed.js',
  ];
  const traversal = ['..%2F..%2Fpackage.json', '%2e%2e%2f%2e%2e%2fpackage.json', '..%5c..%5cpackage.json', '.env', '%00chat.js', 'chat.js%00.html'];

  it('answers a prototype name or a traversal under every static folder with a 404, and serves the real files', async () => {
    for (const folder of ['web', 'dashboard', 'staff']) {
      for (const name of [...names, ...traversal]) {
        const res = await fetch(`${base}/${folder}/${name}`);
        const body = await res.text();
        expect([400, 404], `${folder}/${name} → ${res.status}`).toContain(res.status);
        expect(body).not.toContain('"name": "dealerbot"'); // package.json
        expect(body).not.toContain('DATABASE_URL');
      }
    }
    // literal dot segments, as a raw client sends them (fetch would resolve them first)
    for (const raw of [
      '/web/../../package.json',
      '/web/../.env',
      '/dashboard/../../prisma/schema.prisma',
      '/web/./chat.js/..',
      '/web/%2e%2e/%2e%2e/package.json',
    ]) {
      const res = await sendRaw(h.port, `GET ${raw} HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nConnection: close\r\n\r\n`);
      expect(res.body, raw).not.toContain('"name": "dealerbot"');
      expect(res.body, raw).not.toContain('generator client');
      expect([400, 404], `${raw} → ${res.status}`).toContain(res.status);
    }
    // the pages and their own files are still there, and only those
    expect((await fetch(`${base}/web/chat.js`)).status).toBe(200);
    expect((await fetch(`${base}/dashboard/dashboard.js`)).status).toBe(200);
    expect((await fetch(`${base}/staff/staff.js`)).status).toBe(200);
    expect((await fetch(`${base}/web/index.html`)).status).toBe(404); // the page is served at /, not as an asset
    // one folder's files are not served from another
    expect((await fetch(`${base}/web/dashboard.js`)).status).toBe(404);
    expect((await fetch(`${base}/dashboard/chat.js`)).status).toBe(404);
    expect((await fetch(`${base}/staff/chat.js`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(h.logs.filter((l) => Number(l.level) >= 50)).toEqual([]); // nothing logged as an error
  });
});
