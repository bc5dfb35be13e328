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

  describe('the fallback LLM provider', () => {
    const first = { OPENAI_API_KEY: 'sk-first', OPENAI_BASE_URL: 'https://api.deepseek.com', LLM_MODEL: 'deepseek-chat' };

    it('is on with its key, with its own URL and model, sharing the time budget', () => {
      const c = loadConfig({
        ...first,
        LLM_TIMEOUT_MS: '5000',
        LLM_FALLBACK_API_KEY: 'sk-second',
        LLM_FALLBACK_BASE_URL: 'https://dashscope.example/v1',
        LLM_FALLBACK_MODEL: 'qwen-plus',
      });
      expect(c.llm).toEqual({
        baseUrl: 'https://api.deepseek.com',
        apiKey: 'sk-first',
        model: 'deepseek-chat',
        timeoutMs: 5000,
        fallback: { baseUrl: 'https://dashscope.example/v1', apiKey: 'sk-second', model: 'qwen-plus' },
      });
    });

    it("is off without its key, and takes the first provider's model when none is named", () => {
      expect(loadConfig(first).llm?.fallback).toBeUndefined();
      expect(loadConfig({ ...first, LLM_FALLBACK_API_KEY: 'sk-second', LLM_FALLBACK_BASE_URL: ' ' }).llm?.fallback).toEqual({
        baseUrl: undefined,
        apiKey: 'sk-second',
        model: 'deepseek-chat',
      });
    });

    it('refuses settings that cannot take effect, naming the keys', () => {
      expect(() => loadConfig({ LLM_FALLBACK_API_KEY: 'sk-second', LLM_FALLBACK_MODEL: 'qwen-plus' })).toThrow(
        /LLM_FALLBACK_API_KEY, LLM_FALLBACK_MODEL set without OPENAI_API_KEY/,
      );
      expect(() => loadConfig({ ...first, LLM_FALLBACK_MODEL: 'qwen-plus' })).toThrow(/LLM_FALLBACK_MODEL set without LLM_FALLBACK_API_KEY/);
      expect(() => loadConfig({ ...first, LLM_FALLBACK_API_KEY: 'k', LLM_FALLBACK_BASE_URL: 'not a url' })).toThrow(/LLM_FALLBACK_BASE_URL/);
      expect(() => loadConfig({ ...first, LLM_FALLBACK_API_KEY: 'k', LLM_FALLBACK_BASE_URL: 'ftp://files.example/v1' })).toThrow(/LLM_FALLBACK_BASE_URL/);
    });

    it('refuses the first provider again as its own fallback', () => {
      expect(() => loadConfig({ ...first, LLM_FALLBACK_API_KEY: 'sk-first', LLM_FALLBACK_BASE_URL: 'https://api.deepseek.com/' })).toThrow(
        /first provider again/,
      );
      // another account's key at the same provider is a real second chance (its own quota)
      expect(loadConfig({ ...first, LLM_FALLBACK_API_KEY: 'sk-other', LLM_FALLBACK_BASE_URL: 'https://api.deepseek.com' }).llm?.fallback?.apiKey).toBe(
        'sk-other',
      );
    });
  });
});
