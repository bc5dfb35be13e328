// The environment's schema: defaults, refusals with the key named, loopback hosts.
import { describe, expect, it } from 'vitest';
import { ConfigError, isLoopbackHost, loadConfig } from '../../src/infra/config.js';

describe('config', () => {
  it('runs with no keys at all: the embedded demo', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: 'file:./data/dealerbot.db', storeTimezone: 'Asia/Shanghai' });
    expect(c.telegram ?? c.wechat ?? c.slack ?? c.llm).toBeUndefined();
    expect(c.storeDataDir).toMatch(/data[/\\]demo-dealership$/);
  });

  it('names every bad key', () => {
    expect(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(/PORT.*LOG_LEVEL|LOG_LEVEL.*PORT/);
    expect(() => loadConfig({ PUBLIC_URL: 'not a url' })).toThrow(/PUBLIC_URL/);
  });

  it('refuses WEB_STAFF_KEY, naming what replaced it', () => {
    expect(() => loadConfig({ WEB_STAFF_KEY: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ WEB_STAFF_KEY: 'abc' })).toThrow(/no longer used.*dealerbot staff invite/);
    expect(loadConfig({ WEB_STAFF_KEY: '  ' }).port).toBe(3000);
    expect(isLoopbackHost('::1')).toBe(true);
    expect(isLoopbackHost('192.168.1.5')).toBe(false);
  });

  it('turns on a channel only with its token, and treats blank keys as unset', () => {
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_WEBHOOK_SECRET: 's3cret' }).telegram).toMatchObject({ token: '123:abc', mode: 'webhook' });
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: '  ' }).telegram).toBeUndefined();
    expect(loadConfig({ OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }).llm).toMatchObject({ model: 'gpt-4o-mini', timeoutMs: 8000 });
  });
});
