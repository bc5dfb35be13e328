import { describe, expect, it } from 'vitest';
import { checkGrounding, extractCitations, stripCitations } from '../../src/llm/checkGrounding.js';

// Texts as the demo store's FAQ writes them.
const PROMO_ZH =
  '当前购车优惠：E6 现金直降 8,000 元（2026.11.15–12.31 下单）；S3 送价值 3,000 元精品礼包（2026.11.1–12.31 下单）；X5 现金优惠 3,000 元并送 3 年 6 次常规保养（2026.12.15–2027.1.31）。';
const PROMO_EN =
  'Current purchase offers: CNY 8,000 cash off the E6 (orders 15 Nov–31 Dec 2026); a CNY 3,000 accessory pack with the S3 (orders 1 Nov–31 Dec 2026); and CNY 3,000 cash off the X5 plus 6 free regular services over 3 years.';
const PROMO_E6_ZH = 'E6 现金直降 8,000 元（2026.11.15–12.31 下单）。';
const PRICE_E6_ZH = '星耀 E6 指导价：520 标准续航版 189,800 元，650 长续航版 219,800 元。购置税、保险和上牌费用另计。';
const FINANCE_ZH = 'X7 低息金融方案：首付 20%，36 期年利率 3.99%，需通过银行审核。';
const HOURS_ZH = '销售展厅每天 09:00–18:00 营业，周末和法定节假日照常开门。';

const ok = (answer: string, sources: string[], ids?: string[]) => checkGrounding(answer, sources, ids);

describe('checkGrounding: numbers', () => {
  it.each([
    ['the same spelling', 'E6 现在现金直降 8,000 元。'],
    ['no thousands separator', 'E6 现金直降 8000 元。'],
    ['full-width digits', 'E6 现金直降 ８０００ 元。'],
    ['万', 'E6 现金直降 0.8万元。'],
    ['千', 'E6 现金直降 8千元。'],
    ['Chinese numerals', 'E6 现金直降八千元。'],
    ['chat shorthand', 'E6 直降 8k。'],
  ])('accepts an amount written with %s', (_name, answer) => {
    expect(ok(answer, [PROMO_ZH])).toEqual({ ok: true, problems: [] });
  });

  it('rejects an invented amount, however it is written', () => {
    expect(ok('现在下单立减 20,000 元！', [PROMO_ZH]).problems).toContain('number not in sources: 20,000');
    expect(ok('E6 直降 2万元。', [PROMO_ZH]).ok).toBe(false);
    expect(ok('E6 直降两万元。', [PROMO_ZH]).ok).toBe(false);
    expect(ok('E6 直降 8,500 元。', [PROMO_ZH]).ok).toBe(false);
    expect(ok('The E6 is CNY 10,000 off.', [PROMO_EN]).ok).toBe(false);
    expect(ok('The E6 is eight thousand five hundred yuan off.', [PROMO_EN]).ok).toBe(false);
  });

  it('reads spoken Chinese amounts as people mean them, and a guessed range as a claim of its own', () => {
    const price = '星耀 X5 1.5T 舒适版指导价 128,000 元。';
    expect(ok('X5 舒适版十二万八千元。', [price]).ok).toBe(true);
    expect(ok('X5 舒适版十二万八。', [price]).ok).toBe(true);
    expect(ok('X5 舒适版十二万零八。', [price]).problems).toEqual(['number not in sources: 十二万零八']);
    // 七八千 is a guess between 7,000 and 8,000, not the source's 8,000
    expect(ok('E6 直降七八千元。', [PROMO_E6_ZH]).problems).toEqual(['number not in sources: 七八千']);
    expect(ok('E6 直降七八千元。', ['E6 直降七八千元。']).ok).toBe(true);
  });

  it('keeps a number with its unit: 3 年 6 次 does not ground 6 年', () => {
    expect(ok('X5 送 3 年 6 次常规保养。', [PROMO_ZH]).ok).toBe(true);
    expect(ok('X5 送 6 年 3 次常规保养。', [PROMO_ZH]).problems).toEqual(['number not in sources: 6', 'number not in sources: 3']);
    expect(ok('E6 直降 8000 块。', [PROMO_E6_ZH]).ok).toBe(true);
    expect(ok('E6 直降 8,000 元。', ['E6: CNY 8,000 cash off.', '直降']).ok).toBe(true);
    expect(ok('E6 直降 8,000 公里。', [PROMO_E6_ZH]).ok).toBe(false);
    expect(ok('交车约 3 天到 7 天。', ['有现车，3–7 天交车。']).ok).toBe(true);
    expect(ok('Delivery takes 3 to 7 weeks.', ['In stock cars: 3–7 days.']).ok).toBe(false);
  });

  it('rejects a number computed from the sources (a price after a discount)', () => {
    expect(ok('E6 标准续航版优惠后 181,800 元。', [PRICE_E6_ZH, PROMO_ZH]).problems).toEqual(['number not in sources: 181,800']);
  });

  it('matches dates as dates, however they are written', () => {
    for (const answer of [
      'E6 直降 8,000 元，12月31日前下单有效。',
      'E6 直降 8,000 元，截止 2026-12-31。',
      '截止二〇二六年十二月三十一日。',
      '截止 2026.12.31。',
      '截止 12/31，2026年内有效。',
      '12月前下单。',
    ]) {
      expect(ok(answer, [PROMO_E6_ZH]), answer).toEqual({ ok: true, problems: [] });
    }
    expect(ok('CNY 8,000 off the E6 for orders until December 31st, 2026.', [PROMO_EN]).ok).toBe(true);
    expect(ok('Order by 31 Dec 2026 for CNY 8,000 off the E6.', [PROMO_EN]).ok).toBe(true);
    expect(ok('Order by 2026-12-31 for CNY 8,000 off the E6.', [PROMO_EN]).ok).toBe(true);
    expect(ok('Offers run until December.', [PROMO_EN]).ok).toBe(true);
  });

  it('rejects a date the sources do not give, even when its parts appear in other dates', () => {
    // 1 and 31 are both in the source (11.15, 12.31), 1月31日 is not
    expect(ok('E6 直降 8,000 元，1月31日前下单有效。', [PROMO_E6_ZH]).problems).toEqual(['date not in sources: 1月31日']);
    expect(ok('E6 直降 8,000 元，截止2027-12-31。', [PROMO_E6_ZH]).problems).toEqual(['date not in sources: 2027-12-31']);
    expect(ok('CNY 8,000 off the E6 until Jan 15.', [PROMO_EN]).problems).toEqual(['date not in sources: jan 15']);
    expect(ok('The E6 offer runs until January.', [PROMO_EN]).problems).toEqual(['month not in sources: january']);
    expect(ok('E6 直降八千元，一月底截止。', [PROMO_E6_ZH]).problems).toEqual(['month not in sources: 一月']);
  });

  it('matches percentages only with percentages', () => {
    expect(ok('X7 首付 20%，年利率 3.99%。', [FINANCE_ZH]).ok).toBe(true);
    expect(ok('X7 首付两成，年利率 3.99%。', [FINANCE_ZH]).ok).toBe(true);
    expect(ok('X7 年利率 2.99%。', [FINANCE_ZH]).problems).toEqual(['number not in sources: 2.99%']);
    // 36 is in the source, but as a number of instalments, not a percentage
    expect(ok('X7 首付 36%。', [FINANCE_ZH]).ok).toBe(false);
    expect(ok('The X7 needs fifty percent down.', [FINANCE_ZH]).ok).toBe(false);
  });

  it('reads times and ordinary Chinese text without inventing numbers', () => {
    expect(ok('展厅每天9点到18点营业，周末也开门，欢迎一起来看看。', [HOURS_ZH])).toEqual({ ok: true, problems: [] });
    expect(ok('展厅每天8点开门。', [HOURS_ZH]).ok).toBe(false);
    expect(ok('Showroom hours are 09:00 to 18:00 every day, and one of our consultants will help you.', [HOURS_ZH]).ok).toBe(true);
  });

  it('does not read list numbering or everyday words as claims', () => {
    expect(ok('E6 指导价：\n1. 520 标准续航版 189,800 元\n2、650 长续航版 219,800 元', [PRICE_E6_ZH]).ok).toBe(true);
    expect(ok('欢迎您先来店里看一辆实车，我们一起聊聊。', [PRICE_E6_ZH]).ok).toBe(true);
    expect(ok('E6 prices start at CNY 189,800. Feel free to ask about the other versions.', [PRICE_E6_ZH]).ok).toBe(true);
  });

  it('requires model names with digits to be in the sources', () => {
    expect(ok('E6 长续航版 219,800 元。', [PRICE_E6_ZH]).ok).toBe(true);
    expect(ok('X7 长续航版 219,800 元。', [PRICE_E6_ZH]).problems).toEqual(['name not in sources: x7']);
  });
});

describe('checkGrounding: promises', () => {
  it.each([
    ['五折', '您可以享受五折。'],
    ['八八折', 'E6 可以打八八折。'],
    ['免费', '首次保养免费。'],
    ['内部价', '我可以给您内部价。'],
    ['保证', '我们保证今年最低。'],
    ['% off', 'You get 50% off today.'],
    ['free', 'Registration is free for you.'],
    ['guarantee', 'We guarantee the lowest price.'],
  ])('flags %s when no source offers it', (_name, answer) => {
    expect(ok(answer, [PRICE_E6_ZH]).ok).toBe(false);
  });

  it('allows offer words the sources use', () => {
    expect(ok('E6 现金直降 8,000 元，X5 还送 3 年 6 次常规保养。', [PROMO_ZH]).ok).toBe(true);
    expect(ok('The X5 comes with 6 free regular services over 3 years.', [PROMO_EN]).ok).toBe(true);
    expect(ok('There is CNY 8,000 cash off the E6.', [PROMO_EN]).ok).toBe(true);
  });

  it('flags a discount rate the sources do not give even when they do offer discounts', () => {
    expect(ok('E6 现在九折。', ['E6 打折活动：九五折。']).problems).toEqual(['number not in sources: 九折']);
    expect(ok('E6 现在九五折。', ['E6 打折活动：9.5折。']).ok).toBe(true);
  });

  it('does not read everyday words as offers: 折旧, 保证金, 接送, "feel free"', () => {
    expect(ok('置换时按车况评估折旧。', ['置换补贴：按车况评估。']).ok).toBe(true);
    expect(ok('下单需交保证金，周末有接送。', ['下单需交定金，周末有接驳车。']).ok).toBe(true);
    expect(ok('Please feel free to visit; you can turn off the engine at the gate.', ['Visitors are welcome.']).ok).toBe(true);
  });

  it('flags a gift without any number', () => {
    expect(ok('现在买 E6 送全车贴膜。', [PRICE_E6_ZH]).problems).toEqual(['promise not in sources: 送']);
    expect(ok('The E6 comes with a free wallbox.', [PRICE_E6_ZH]).problems).toEqual(['promise not in sources: free']);
  });
});

describe('checkGrounding: citations', () => {
  const ids = ['price-e6', 'promotions-current'];

  it('accepts cited entry ids and rejects unknown ones', () => {
    expect(ok('E6 直降 8,000 元 [promotions-current]。', [PROMO_ZH], ids).ok).toBe(true);
    expect(ok('E6 直降 8,000 元【promotions-current, price-e6】。', [PROMO_ZH], ids).ok).toBe(true);
    expect(ok('E6 直降 8,000 元 [secret-deals]。', [PROMO_ZH], ids).problems).toEqual(['unknown citation: [secret-deals]']);
  });

  it('does not read ids as claims: [price-e6] holds no number', () => {
    expect(ok('指导价另计购置税 [price-e6]。', [PRICE_E6_ZH], ids).ok).toBe(true);
  });

  it('extracts and strips citations', () => {
    const answer = 'E6 直降 8,000 元 [promotions-current]。指导价 189,800 元【price-e6】.';
    expect(extractCitations(answer)).toEqual(['promotions-current', 'price-e6']);
    expect(stripCitations(answer)).toBe('E6 直降 8,000 元。指导价 189,800 元.');
    expect(stripCitations('It is CNY 189,800 [price-e6, promotions-current] before tax.')).toBe('It is CNY 189,800 before tax.');
  });

  it('rejects an empty answer', () => {
    expect(ok(' [price-e6] ', [PRICE_E6_ZH], ids).problems).toEqual(['empty answer']);
  });
});
