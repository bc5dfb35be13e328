// Hand-made boards and call lists for the digest tests (the numbers are made up but consistent).
import { expect } from 'vitest';
import type { Board, CallListItem, RankingRow } from '../../../src/sales/board/boardTypes.js';

const row = (id: string, nameZh: string, nameEn: string, orders: number, ordersTarget: number | null, extra: Partial<RankingRow> = {}): RankingRow => ({
  id,
  nameZh,
  nameEn,
  teamId: 'sales-1',
  orders,
  testDrives: orders * 3,
  leads: orders * 8,
  ordersTarget,
  pct: ordersTarget ? orders / ordersTarget : null,
  overdueFollowUps: 0,
  practice: null,
  ...extra,
});

export function fixtureBoard(over: Partial<Board> = {}): Board {
  return {
    storeId: 'store-t',
    date: '2026-12-03',
    scope: { kind: 'team', id: 'sales-1', nameZh: '销售一组', nameEn: 'Sales Team 1' },
    month: { period: '2026-12', workingDays: 22, workingDaysElapsed: 2, workingDaysLeft: 20 },
    progress: [
      { metric: 'orders', target: 30, actual: 12, pct: 0.4, runRateNeeded: 0.9, gap: 18 },
      { metric: 'deliveries', target: 25, actual: 26, pct: 1.04, runRateNeeded: 0, gap: -1 },
      { metric: 'revenue', target: 6_000_000, actual: 2_345_678, pct: 0.391, runRateNeeded: 182_716.1, gap: 3_654_322 },
      { metric: 'test_drives', target: null, actual: 45, pct: null, runRateNeeded: null, gap: null },
    ],
    funnel: {
      yesterday: [
        { stage: 'leads', count: 12, conversion: null },
        { stage: 'on_file', count: 9, conversion: 0.75 },
        { stage: 'visits', count: 0, conversion: 0 },
        { stage: 'test_drives', count: 0, conversion: null },
      ],
      monthToDate: [
        { stage: 'leads', count: 120, conversion: null },
        { stage: 'on_file', count: 96, conversion: 0.8 },
        { stage: 'visits', count: 60, conversion: 0.625 },
        { stage: 'test_drives', count: 45, conversion: 0.75 },
        { stage: 'quotes', count: 30, conversion: 0.667 },
        { stage: 'orders', count: 12, conversion: 0.4 },
        { stage: 'deliveries', count: 26, conversion: 2.167 },
      ],
    },
    bottleneck: { stage: 'orders', conversion: 0.4, lastMonthConversion: 0.52 },
    ranking: [
      row('st-c', '林晓雯', 'Lin Xiaowen', 5, 8, { overdueFollowUps: 2, practice: { sessions: 3, avgScore: 82.5 } }),
      row('st-d', '王浩', 'Wang Hao', 4, 8),
      row('st-e', '赵敏', 'Zhao Min', 3, null),
    ],
    overdueFollowUps: 7,
    today: {
      testDrives: [
        { at: '2026-12-03T06:00:00.000Z', customer: '周**', modelId: 'xingyao-s7', staff: '林晓雯' },
        { at: '10:30', customer: '孙*', modelId: 'xingyao-x5', staff: null },
      ],
      deliveries: [{ customer: '钱**', modelId: 'xingyao-s7', staff: '王浩' }],
    },
    forecast: { metric: 'orders', projected: 27.6, low: 23.2, high: 31.9, target: 30, weights: { H: 0.5, A: 0.3 } },
    empty: false,
    ...over,
  };
}

export function emptyBoard(): Board {
  return fixtureBoard({
    progress: [
      { metric: 'orders', target: null, actual: 0, pct: null, runRateNeeded: null, gap: null },
      { metric: 'deliveries', target: 0, actual: 0, pct: null, runRateNeeded: null, gap: null },
    ],
    funnel: {
      yesterday: [],
      monthToDate: [
        { stage: 'leads', count: 0, conversion: null },
        { stage: 'on_file', count: 0, conversion: null },
      ],
    },
    bottleneck: null,
    ranking: [
      {
        id: 'st-c',
        nameZh: '林晓雯',
        nameEn: 'Lin Xiaowen',
        teamId: 'sales-1',
        orders: 0,
        testDrives: 0,
        leads: 0,
        ordersTarget: null,
        pct: null,
        overdueFollowUps: 0,
        practice: null,
      },
    ],
    overdueFollowUps: 0,
    today: { testDrives: [], deliveries: [] },
    forecast: null,
    empty: true,
  });
}

export function fixtureCalls(): CallListItem[] {
  return [
    {
      customerId: 'cust-2',
      name: '孙*',
      phone: '139****0002',
      grade: 'A',
      modelId: 'xingyao-x5',
      daysSinceContact: 1,
      reasons: [{ kind: 'test_drive_today', at: '14:00' }],
      score: 80,
      taskIds: [],
    },
    {
      customerId: 'cust-1',
      name: '周**',
      phone: '138****0001',
      grade: 'H',
      modelId: 'xingyao-s7',
      daysSinceContact: 3,
      reasons: [
        { kind: 'silent', days: 3 },
        { kind: 'overdue', days: 1 },
      ],
      score: 95,
      taskIds: ['t-1'],
    },
    {
      customerId: 'cust-3',
      name: '吴*',
      phone: '137****0003',
      grade: 'B',
      modelId: null,
      daysSinceContact: null,
      reasons: [{ kind: 'return_visit', day: 7 }],
      score: 40,
      taskIds: ['t-3'],
    },
  ];
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
export function pngSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(buf.subarray(12, 16).toString('ascii')).toBe('IHDR');
  expect(buf.subarray(buf.length - 8, buf.length - 4).toString('ascii')).toBe('IEND');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}
