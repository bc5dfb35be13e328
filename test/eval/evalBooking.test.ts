import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalBooking } from '../../src/eval/evalBooking.js';

const DATA_DIR = path.resolve('data/demo-dealership');

describe('evalBooking', () => {
  it('understands at least 90% of the dev set', () => {
    const result = evalBooking(path.join(DATA_DIR, 'booking-dev.jsonl'), { dataDir: DATA_DIR });
    expect(result.total).toBe(25);
    expect(result.accuracy, JSON.stringify(result.misses, null, 2)).toBeGreaterThanOrEqual(0.9);
  });

  it('counts a line correct only when all four fields match', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-booking-'));
    const file = path.join(dir, 'cases.jsonl');
    const now = '2026-12-03T10:15:00+08:00';
    const lines = [
      { text: '明天下午两点试驾E6', now, expect: { intent: 'book_test_drive', model: 'e6', date: '2026-12-04', time: '14:00' } },
      { text: '明天下午两点试驾E6', now, expect: { intent: 'book_test_drive', model: 'e6', date: '2026-12-04', time: '15:00' } },
    ];
    fs.writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    try {
      const result = evalBooking(file, { dataDir: DATA_DIR });
      expect(result).toMatchObject({ total: 2, correct: 1, accuracy: 0.5 });
      expect(result.misses).toEqual([
        {
          text: '明天下午两点试驾E6',
          expected: lines[1].expect,
          got: { intent: 'book_test_drive', model: 'e6', date: '2026-12-04', time: '14:00' },
        },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
