import { describe, expect, it } from 'vitest';
import { detectLang, languageWords, staffLang } from '../../src/core/detectLang.js';
import { t } from '../../src/core/i18n.js';
import { KeyedMutex } from '../../src/core/keyedMutex.js';
import { backoffMs } from '../../src/core/outbox.js';

describe('languageWords', () => {
  it.each([
    [{ kind: 'text', text: 'How much is the E6?' }, 'How much is the E6?'],
    // a command's name says nothing: only its arguments, and only real words among them
    [{ kind: 'text', text: '/lead' }, undefined],
    [{ kind: 'text', text: '/customer 5678' }, undefined],
    [{ kind: 'text', text: '/practice history' }, undefined],
    [{ kind: 'text', text: '/practice price-too-high hard' }, undefined],
    [{ kind: 'command', command: { name: 'start', args: 'c_winter-drive' } }, undefined],
    [{ kind: 'command', command: { name: 'link', args: '<@U123|lin> st-07' } }, undefined],
    [{ kind: 'text', text: '/coach 客户说太贵了' }, '客户说太贵了'],
    [{ kind: 'command', command: { name: 'coach', args: 'the customer says it is too expensive' } }, 'the customer says it is too expensive'],
  ] as const)('%j → %s', (msg, words) => {
    expect(languageWords(msg as never)?.trim()).toBe(words);
  });
  it("reads a staff member's first language", () => {
    expect(staffLang('en,zh')).toBe('en');
    expect(staffLang('zh,en')).toBe('zh');
    expect(staffLang(null)).toBe('zh');
  });
});

describe('detectLang', () => {
  it.each([
    ['E6多少钱', 'zh'],
    ['我想试驾 X5 SUV', 'zh'],
    ['How much is the E6?', 'en'],
    ['hi', 'en'],
    ['請問週六營業嗎', 'zh'],
    ['👍', 'en'],
    ['13812345678', 'en'],
  ])('%s → %s (fallback en)', (text, lang) => {
    expect(detectLang(text, 'en')).toBe(lang);
  });
  it('keeps the fallback for wordless text', () => {
    expect(detectLang('👍', 'zh')).toBe('zh');
    expect(detectLang(undefined, 'zh')).toBe('zh');
  });
});

describe('i18n', () => {
  it('fills parameters in both languages', () => {
    expect(t('zh', 'greeting.customer', { store: '星耀' })).toContain('欢迎来到星耀');
    expect(t('en', 'greeting.customer', { store: 'Xingyao' })).toContain('welcome to Xingyao');
  });
});

describe('backoff and keyed mutex', () => {
  it('retries within seconds first, then grows to a 15 minute cap', () => {
    expect(backoffMs(1, 'a')).toBeLessThanOrEqual(1_000);
    expect(backoffMs(4, 'a')).toBeGreaterThanOrEqual(27_000);
    expect(backoffMs(30, 'a')).toBeLessThanOrEqual(15 * 60_000);
  });
  it("runs one key's work in order and other keys in parallel", async () => {
    const m = new KeyedMutex();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a1 = m.run('a', async () => {
      await gate;
      order.push('a1');
    });
    const a2 = m.run('a', async () => {
      order.push('a2');
    });
    const b1 = m.run('b', async () => {
      order.push('b1');
    });
    await b1;
    release();
    await Promise.all([a1, a2]);
    expect(order).toEqual(['b1', 'a1', 'a2']);
  });
});
