import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectPromotions } from '../../../src/sales/offers/selectPromotions.js';
import { localParts } from '../../../src/infra/storeTime.js';

const toLocalDate = (at: Date, tz: string) => localParts(at, tz).date;
import { loadStoreData } from '../../../src/storeData/loadStoreData.js';

const { promotions } = loadStoreData(path.resolve('data/demo-dealership'));
const ids = (list: { id: string }[]) => list.map((p) => p.id);

describe('the store-local date (core/storeTime)', () => {
  it('takes the calendar date in the given timezone, not the server’s', () => {
    expect(toLocalDate(new Date('2026-12-31T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-12-31');
    expect(toLocalDate(new Date('2026-12-31T16:30:00Z'), 'Asia/Shanghai')).toBe('2027-01-01');
    expect(toLocalDate(new Date('2026-12-31T16:30:00Z'), 'UTC')).toBe('2026-12-31');
  });
});

describe('selectPromotions', () => {
  it('counts both end dates as running', () => {
    expect(ids(selectPromotions(promotions, '2026-12-31').active)).toContain('p-s3-gift-pack');
    expect(ids(selectPromotions(promotions, '2026-12-15').active)).toContain('p-x5-newyear');
  });

  it('drops expired offers and keeps those starting within 30 days apart', () => {
    const early = selectPromotions(promotions, '2026-11-20');
    expect(ids(early.active)).not.toContain('p-x5-newyear');
    expect(ids(early.upcoming)).toEqual(['p-m8-business', 'p-x5-newyear']);

    const january = selectPromotions(promotions, '2027-01-05');
    expect(ids(january.active)).not.toContain('p-s3-gift-pack');
    expect(ids(january.active)).not.toContain('p-e6-yearend-cash');
    expect(january.upcoming).toEqual([]);
  });

  it('leaves out offers starting more than 30 days ahead', () => {
    expect(ids(selectPromotions(promotions, '2026-11-10').upcoming)).toEqual(['p-e6-yearend-cash', 'p-m8-business']);
    expect(ids(selectPromotions(promotions, '2026-10-01').upcoming)).toEqual([]);
  });

  it('narrows to offers covering the models asked about', () => {
    expect(ids(selectPromotions(promotions, '2026-12-20', { modelIds: ['m8'] }).active)).toEqual(['p-tradein-subsidy', 'p-m8-business', 'p-testdrive-gift']);
  });
});
