// The reference-suite evaluator on a small fixture of our own: what counts as a hit, how
// the offset-less reference time is read, and that a bad line is refused. The suite's own
// figure is printed by `npm run eval`, not asserted (it is a reference, not a gate).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evalDates } from '../../src/eval/evalDates.js';

const TZ = 'Asia/Shanghai';
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-dates-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeCases(lines: object[]): string {
  const file = path.join(dir, 'cases.jsonl');
  fs.writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  return file;
}

describe('evalDates', () => {
  it('counts a line only when date and time both match', () => {
    const ref = '2026-12-03T10:15:00';
    const file = writeCases([
      { text: '明天下午两点', referenceDateTime: ref, expectDate: '2026-12-04', expectTime: '14:00', source: 'a#0' },
      { text: '明天下午两点', referenceDateTime: ref, expectDate: '2026-12-04', expectTime: '15:00', source: 'a#1' },
      { text: '明天下午两点', referenceDateTime: ref, expectDate: '2026-12-05', expectTime: '14:00', source: 'a#2' },
    ]);
    const result = evalDates(file, { timeZone: TZ });
    expect(result).toMatchObject({ total: 3, correct: 1, accuracy: 1 / 3 });
    expect(result.misses.map((m) => m.source)).toEqual(['a#1', 'a#2']);
    expect(result.misses[0]).toEqual({
      text: '明天下午两点',
      source: 'a#1',
      referenceDateTime: ref,
      expected: { date: '2026-12-04', time: '15:00' },
      got: { date: '2026-12-04', time: '14:00' },
    });
  });

  it('reads an absent expectTime as "no time stated" and a null expectDate as "no day named"', () => {
    const ref = '2026-12-03T10:15:00';
    const file = writeCases([
      { text: '明天', referenceDateTime: ref, expectDate: '2026-12-04', source: 'b#0' },
      { text: '明天下午3点', referenceDateTime: ref, expectDate: '2026-12-04', source: 'b#1' },
      { text: '下午3点', referenceDateTime: ref, expectDate: null, expectTime: '15:00', source: 'b#2' },
    ]);
    const result = evalDates(file, { timeZone: TZ });
    expect(result.misses.map((m) => m.source)).toEqual(['b#1']);
  });

  it('reads the reference as the store’s wall clock, not UTC', () => {
    // 23:30 in Shanghai is still the 3rd; read as UTC it would be the 4th there.
    const file = writeCases([{ text: '今天', referenceDateTime: '2026-12-03T23:30:00', expectDate: '2026-12-03', source: 'c#0' }]);
    expect(evalDates(file, { timeZone: TZ }).correct).toBe(1);
    expect(evalDates(file, { timeZone: 'UTC' }).correct).toBe(1);
    expect(evalDates(file, { timeZone: 'America/Los_Angeles' }).correct).toBe(1);
  });

  it('refuses a line whose reference carries an offset, naming the line', () => {
    const file = writeCases([{ text: '今天', referenceDateTime: '2026-12-03T10:00:00+08:00', expectDate: '2026-12-03', source: 'd#0' }]);
    expect(() => evalDates(file, { timeZone: TZ })).toThrow(/cases\.jsonl:1: referenceDateTime/);
  });

  it('reads the reference suite file', () => {
    const result = evalDates('test/eval/recognizers-text-zh.jsonl', { timeZone: TZ });
    expect(result.total).toBe(35);
    expect(result.correct + result.misses.length).toBe(result.total);
  });
});
