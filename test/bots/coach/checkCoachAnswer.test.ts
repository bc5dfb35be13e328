// The check after generation: no promise beyond today's offers and catalogue, no running
// down of competitors, the right language; and the playbook sample loses the sentences
// that quote an offer no longer (or not yet) running.
import { describe, expect, it } from 'vitest';
import { checkCoachAnswer, dropInactiveOffers } from '../../../src/bots/coach/checkCoachAnswer.js';
import { groundingSources, promotionsFor, promotionTexts } from '../../../src/bots/coach/coachFacts.js';
import { demoData } from '../../helpers/demoStore.js';

const data = demoData();
const DECEMBER = new Date('2026-12-03T10:00:00+08:00');
const sourcesOn = (now: Date, models: string[] = []) => groundingSources(data, promotionsFor(data, now, models).active);
const zh = (text: string, now = DECEMBER) => checkCoachAnswer(text, { lang: 'zh', sources: sourcesOn(now, ['e6']) });
const en = (text: string, now = DECEMBER) => checkCoachAnswer(text, { lang: 'en', sources: sourcesOn(now, ['e6']) });

describe('checkCoachAnswer', () => {
  it('passes an answer that quotes only the active offer and the catalogue', () => {
    expect(zh('理解您的顾虑。E6 520 标准续航版 189,800 元，12 月 31 日前下单还有 8,000 元现金优惠，我给您做个落地价对比好吗？')).toEqual({
      ok: true,
      problems: [],
    });
    expect(en('I understand. The E6 has CNY 8,000 cash off for orders by 31 December; shall I compare both trims for you?').ok).toBe(true);
  });

  it('rejects a discount beyond the active offers (再给您便宜一万 when only 8,000 exists)', () => {
    const r = zh('王先生，我再给您便宜一万，今天就能定。');
    expect(r.ok).toBe(false);
    expect(r.problems.join(' ')).toMatch(/便宜/);
    expect(zh('E6 现在直降 12,000 元。').ok).toBe(false);
    expect(zh('我可以帮您申请内部价。').ok).toBe(false);
    expect(zh('今天订车再送您一年保养。').ok).toBe(false);
    expect(en("I'll knock off another 5,000 if you sign today.").ok).toBe(false);
    expect(en('We can do 10% off the list price.').ok).toBe(false);
  });

  it('rejects running down a competitor, in Chinese and English', () => {
    expect(zh('比亚迪那种车就是垃圾。').ok).toBe(false);
    expect(zh('对面那家的车质量不行，您别考虑了。').problems.join(' ')).toMatch(/competitor/);
    expect(zh('别家都是坑人的，您放心买我们的。').ok).toBe(false);
    expect(en("Honestly, the other brand's cars are rubbish.").ok).toBe(false);
    expect(en('Tesla build quality is terrible compared with ours.').ok).toBe(false);
    expect(en('That quote is a scam.').ok).toBe(false);
  });

  it('rejects the wrong language', () => {
    expect(zh('I understand, shall I compare both trims for you?').problems).toContain('answer not in zh');
    expect(en('理解您的顾虑，我给您做个对比。').problems).toContain('answer not in en');
  });

  it('rejects an offer that has ended', () => {
    const february = new Date('2027-02-10T10:00:00+08:00');
    expect(zh('12 月 31 日前下单 E6 还有 8,000 元现金优惠。', february).ok).toBe(false);
  });
});

describe('dropInactiveOffers', () => {
  const sample = data.objections.find((o) => o.id === 'price-too-high')!.sample_responses[0];
  const filtered = (now: Date, lang: 'zh' | 'en') => {
    const active = promotionsFor(data, now, []).active;
    const inactive = data.promotions.filter((p) => !active.includes(p));
    return dropInactiveOffers(sample[lang], { lang, sources: groundingSources(data, active), inactiveSources: promotionTexts(inactive) });
  };

  it('keeps the whole sample while its offer runs', () => {
    expect(filtered(DECEMBER, 'zh')).toBe(sample.zh);
  });

  it('drops the sentence quoting an expired offer and keeps the rest', () => {
    const february = new Date('2027-02-10T10:00:00+08:00');
    const z = filtered(february, 'zh');
    expect(z).not.toMatch(/8,000|12 月 31 日/);
    expect(z).toMatch(/预算/);
    expect(z).toMatch(/落地价对比/);
    const e = filtered(february, 'en');
    expect(e).not.toMatch(/8,000|31 December/);
    expect(e).toMatch(/budget/);
  });
});
