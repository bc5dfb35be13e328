// The lost reasons a consultant picks from, and the label every view shows, are the
// store's own words from sales-rules.yaml lostReasons, not a table in the code.
import { describe, expect, it } from 'vitest';
import { logForm } from '../../../src/bots/crm/crmForms.js';
import { lostReasonLabel } from '../../../src/bots/crm/crmFormat.js';
import type { TurnContext } from '../../../src/core/bot.js';
import { fill } from '../../../src/core/i18n.js';
import { demoData } from '../../helpers/demoStore.js';

const ctx = (lang: 'zh' | 'en') =>
  ({ lang, say: (t: { zh: string; en: string }, p?: Record<string, string | number>) => fill(lang, t, p) }) as unknown as TurnContext;

describe("lost reasons in the store's words", () => {
  const data = demoData();
  const mine = { ...data, salesRules: { ...data.salesRules, lostReasons: { ...data.salesRules.lostReasons, budget: { zh: '钱不够', en: 'short of money' } } } };

  it("offers the configured labels in the log form, in the staff member's language", () => {
    const zh = logForm(ctx('zh'), { data: mine }).fields.find((f) => f.name === 'lostReason')!;
    expect(zh.options!.find((o) => o.value === 'budget')!.label).toBe('钱不够');
    expect(zh.options!.map((o) => o.value)).toEqual(['bought_competitor', 'budget', 'timing', 'no_response', 'bought_used', 'other']);
    const en = logForm(ctx('en'), { data: mine }).fields.find((f) => f.name === 'lostReason')!;
    expect(en.options!.find((o) => o.value === 'bought_used')!.label).toBe(data.salesRules.lostReasons.bought_used.en);
  });

  it('labels a stored reason the same way, and an unknown code as it is', () => {
    expect(lostReasonLabel(mine, 'budget', 'en')).toBe('short of money');
    expect(lostReasonLabel(mine, 'moved_abroad', 'zh')).toBe('moved_abroad');
  });
});
