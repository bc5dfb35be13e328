// /metrics behind METRICS_TOKEN (a bearer token compared in constant time), /healthz open.
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/infra/config.js';
import { createSecurityApp, type SecurityApp } from './securityApp.js';

const TOKEN = 'm3tr1cs-t0ken-0123456789abcdef';

describe('/metrics and METRICS_TOKEN', () => {
  let h: SecurityApp;
  afterEach(async () => h?.close());

  const metrics = (authorization?: string) => h.app.http.inject({ url: '/metrics', headers: authorization === undefined ? {} : { authorization } });

  it('is open without METRICS_TOKEN', async () => {
    h = await createSecurityApp();
    const res = await metrics();
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('dealerbot_outbox_depth');
  });

  it('with METRICS_TOKEN answers 401 with WWW-Authenticate: Bearer unless the token is right', async () => {
    h = await createSecurityApp({ METRICS_TOKEN: TOKEN });
    for (const auth of [
      undefined,
      '',
      'Bearer',
      'Bearer ',
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`,
      TOKEN,
      `Bearer ${TOKEN} extra`,
    ]) {
      const res = await metrics(auth);
      expect(res.statusCode, String(auth)).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.json()).toEqual({ error: 'a bearer token is required' });
      expect(res.body).not.toContain('dealerbot_');
    }
    for (const auth of [`Bearer ${TOKEN}`, `bearer ${TOKEN}`, `Bearer  ${TOKEN} `]) {
      const res = await metrics(auth);
      expect(res.statusCode, auth).toBe(200);
      expect(res.body).toContain('dealerbot_outbox_depth');
    }
  });

  it('keeps /healthz open when METRICS_TOKEN is set', async () => {
    h = await createSecurityApp({ METRICS_TOKEN: TOKEN });
    const res = await h.app.http.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('refuses a METRICS_TOKEN that is short or has spaces', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_TOKEN: 'has a space in the middle of it' })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({ METRICS_TOKEN: TOKEN }).metricsToken).toBe(TOKEN);
    expect(loadConfig({ METRICS_TOKEN: '' }).metricsToken).toBeUndefined();
  });
});
