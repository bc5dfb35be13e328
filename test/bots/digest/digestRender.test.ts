// The digest's renderers on hand-made boards: text, Slack blocks, a consultant's DM, the PNG.
import { describe, expect, it } from 'vitest';
import { renderBoardMessage } from '../../../src/bots/digest/renderBoardMessage.js';
import { renderBoardPng } from '../../../src/bots/digest/renderBoardPng.js';
import { renderBoardText } from '../../../src/bots/digest/renderBoardText.js';
import { renderConsultantDigest } from '../../../src/bots/digest/renderConsultantDigest.js';
import { renderBlocks } from '../../../src/channels/slack/renderBlocks.js';
import type { RankingRow } from '../../../src/sales/board/boardTypes.js';
import { emptyBoard, fixtureBoard, fixtureCalls, pngSize } from './digestFixtures.js';

const BAD = /NaN|Infinity|undefined|null|\[object/;

function slackLimits(blocks: Record<string, any>[]) {
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const b of blocks) {
    if (b.text) expect(Array.from(b.text.text as string).length).toBeLessThanOrEqual(3000);
    if (b.fields) {
      expect(b.fields.length).toBeLessThanOrEqual(10);
      for (const f of b.fields) {
        expect(f.text.length).toBeGreaterThan(0);
        expect(Array.from(f.text as string).length).toBeLessThanOrEqual(2000);
      }
    }
  }
}

describe('digest text', () => {
  it('shows targets with %, run rate, funnel, bottleneck, ranking, today and the forecast (zh)', () => {
    const text = renderBoardText(fixtureBoard(), 'zh');
    expect(text).toContain('每日看板 · 销售一组 · 2026-12-03');
    expect(text).toContain('订单：12 / 30（40%），还差 18，需每个工作日 0.9');
    expect(text).toContain('交车：26 / 25（104%），已达成');
    expect(text).toContain('试驾：45（未设目标）');
    expect(text).toContain('昨日：线索 12 → 留档 9 (75%)');
    expect(text).toContain('本月：线索 120 → 留档 96 (80%) → 到店 60 (63%)');
    expect(text).toContain('瓶颈：报价 → 订单：40%（上月 52%）');
    expect(text).toMatch(/1\. 林晓雯 +订单 5\/8 \(63%\) · 试驾 15 · 线索 40 · 逾期跟进 2 · 练习 3 次（均分 82\.5）/);
    expect(text).toContain('逾期跟进：7');
    // an instant in store time (06:00Z = 14:00 Shanghai), sorted with an HH:MM
    expect(text).toMatch(/10:30 · 孙\* · XINGYAO-X5\n {2}14:00 · 周\*\* · XINGYAO-S7 · 林晓雯/);
    expect(text).toContain('钱** · XINGYAO-S7 · 王浩');
    expect(text).toContain('月底预测：订单 28（区间 23–32），目标 30');
    expect(text).not.toMatch(BAD);
  });

  it('says the same in English', () => {
    const text = renderBoardText(fixtureBoard(), 'en');
    expect(text).toContain('Daily board · Sales Team 1 · 2026-12-03');
    expect(text).toContain('Orders: 12 / 30 (40%), 18 to go, need 0.9 per working day');
    expect(text).toContain('Revenue: ¥2.35M / ¥6.00M (39%)');
    expect(text).toContain('Bottleneck: Quotes → Orders: 40% (last month 52%)');
    expect(text).toContain('Month-end forecast: 28 orders (range 23–32), target 30');
    expect(text).not.toMatch(BAD);
  });

  it('says there is no data yet for an empty period, without numbers', () => {
    for (const lang of ['zh', 'en'] as const) {
      const text = renderBoardText(emptyBoard(), lang);
      expect(text).toContain(lang === 'zh' ? '本期（2026-12）还没有数据' : 'No data yet for this period (2026-12)');
      expect(text).not.toMatch(/%|\d+ \/ \d+/);
      expect(text).not.toMatch(BAD);
    }
  });

  it('shows dashes, never NaN, for a board with no targets and zero counts', () => {
    const b = fixtureBoard({
      progress: [{ metric: 'orders', target: 0, actual: 0, pct: Number.NaN, runRateNeeded: Number.POSITIVE_INFINITY, gap: 0 }],
      funnel: {
        yesterday: [{ stage: 'leads', count: 0, conversion: null }],
        monthToDate: [
          { stage: 'leads', count: 0, conversion: null },
          { stage: 'on_file', count: 0, conversion: null },
        ],
      },
      bottleneck: { stage: 'on_file', conversion: 0, lastMonthConversion: null },
      forecast: null,
    });
    const out = [renderBoardText(b, 'zh'), renderBoardText(b, 'en'), JSON.stringify(renderBlocks(renderBoardMessage(b, 'zh')))].join('\n');
    expect(out).not.toMatch(BAD);
    expect(out).toContain('上月无数据');
  });
});

describe('digest blocks', () => {
  it('renders the board as sections with fields and dividers within Slack limits', () => {
    const { text, blocks } = renderBlocks(renderBoardMessage(fixtureBoard(), 'zh'));
    slackLimits(blocks);
    expect(text).toContain('每日看板 · 销售一组 · 2026-12-03');
    expect(blocks.filter((b) => b.type === 'divider')).toHaveLength(5);
    const titles = blocks.filter((b) => b.type === 'section' && b.fields).map((b) => (b.text as { text: string }).text);
    expect(titles).toEqual(['*目标进度*', '*漏斗*', '*排名*', '*今日*', '*月底预测*']);
    const funnel = blocks.find((b) => (b.text as { text?: string } | undefined)?.text === '*漏斗*') as { fields: { text: string }[] };
    expect(funnel.fields[0].text).toBe('*线索*\n本月 120\n昨日 12');
    expect(funnel.fields.at(-1)!.text).toBe('*⚠ 瓶颈*\n报价 → 订单：40%（上月 52%）');
    expect(JSON.stringify(blocks)).not.toMatch(BAD);
  });

  it('stays within the limits with a large team and long agenda', () => {
    const base = fixtureBoard();
    const ranking: RankingRow[] = Array.from({ length: 45 }, (_, i) => ({ ...base.ranking[0], id: `st-${i}`, nameEn: `Person ${i}`, nameZh: `员工${i}` }));
    const testDrives = Array.from({ length: 60 }, (_, i) => ({
      at: `${String(9 + (i % 9)).padStart(2, '0')}:00`,
      customer: `客${i}*`,
      modelId: 'xingyao-s7',
      staff: '林晓雯'.repeat(20),
    }));
    const { blocks } = renderBlocks(renderBoardMessage({ ...base, ranking, today: { ...base.today, testDrives } }, 'en'));
    slackLimits(blocks);
    expect(JSON.stringify(blocks)).toContain('… and 25 more');
    expect(JSON.stringify(blocks)).toContain('… and 48 more');
  });

  it('renders an empty board as one section that says so', () => {
    const { blocks } = renderBlocks(renderBoardMessage(emptyBoard(), 'en'));
    expect(blocks).toHaveLength(1);
    expect(JSON.stringify(blocks)).toContain('No data yet for this period (2026-12)');
    expect(JSON.stringify(blocks)).not.toMatch(BAD);
  });
});

describe('consultant digest', () => {
  const b = fixtureBoard();
  it('gives their numbers and today’s list best first, with the reasons in words and CRM buttons', () => {
    const m = renderConsultantDigest({ ...b, row: b.ranking[0] }, fixtureCalls(), 'zh');
    expect(m.text.split('\n')).toEqual([
      '早上好，林晓雯！2026-12-03 的工作',
      '本月订单：5 / 8（63%），需每个工作日 0.2',
      '试驾 15 · 线索 40 · 逾期跟进 2',
      '',
      '今天要联系（按优先级）：',
      '1. 周** · H级 · xingyao-s7 · 3天未联系，跟进逾期1天',
      '2. 孙* · A级 · xingyao-x5 · 今天 14:00 试驾',
      '3. 吴* · B级 · 第7天回访',
    ]);
    expect(m.buttons).toEqual([
      { label: '打开 周**', value: 'crm:open:cust-1' },
      { label: '打开 孙*', value: 'crm:open:cust-2' },
      { label: '打开 吴*', value: 'crm:open:cust-3' },
    ]);
    const en = renderConsultantDigest({ ...b, row: b.ranking[0] }, fixtureCalls(), 'en', { limit: 2 });
    expect(en.text).toContain('2. 孙* · A · xingyao-x5 · test drive today 14:00');
    expect(en.text).toContain('… and 1 more');
    expect(en.buttons).toHaveLength(2);
    slackLimits(renderBlocks(m).blocks);
  });

  it('handles no target and no calls without NaN', () => {
    const m = renderConsultantDigest({ ...b, row: b.ranking[2] }, [], 'en');
    expect(m.text).toContain('Orders this month: 3 (no target)');
    expect(m.text).toContain('No calls due today.');
    expect(m.buttons).toBeUndefined();
    const e = emptyBoard();
    const z = renderConsultantDigest({ ...e, month: { ...e.month, workingDaysLeft: 0 }, row: { ...e.ranking[0], ordersTarget: 0, pct: null } }, [], 'zh');
    expect(z.text).not.toMatch(BAD);
  });
});

describe('digest chart', () => {
  it('is a valid PNG of sane size, also for an empty board', async () => {
    const png = await renderBoardPng(fixtureBoard(), 'zh');
    const size = pngSize(png);
    expect(size.width).toBe(960);
    expect(size.height).toBeGreaterThan(300);
    expect(size.height).toBeLessThan(2000);
    expect(png.length).toBeGreaterThan(5_000);
    expect(png.length).toBeLessThan(500_000);
    const empty = await renderBoardPng(emptyBoard(), 'en');
    expect(pngSize(empty).width).toBe(960);
    expect(pngSize(empty).height).toBeLessThan(300);
  });

  it('draws a store board with names the font lacks (Chinese-only) by their id', async () => {
    const b = fixtureBoard({ scope: { kind: 'store' } });
    b.ranking[0] = { ...b.ranking[0], nameEn: '' };
    expect(pngSize(await renderBoardPng(b, 'en')).width).toBe(960);
  });
});
