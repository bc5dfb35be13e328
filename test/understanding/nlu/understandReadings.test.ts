// Understanding is linear in the text, asserted by counting work rather than timing it:
// whatever a text holds, understand() reads it through resolveDateTime a bounded number of
// times, and chrono-node is given only a window around the first month name. Before, a
// text of n reschedule markers was read n times (quadratic: half a second for 2,000 改).
import * as chrono from 'chrono-node';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { resolveDateTime } from '../../../src/understanding/nlu/resolveDateTime.js';
import { understand } from '../../../src/understanding/nlu/understand.js';
import { loadStoreData } from '../../../src/storeData/loadStoreData.js';
import { adversarialTexts, LONG_TEXT_LENGTH } from './adversarialTexts.js';

vi.mock('../../../src/understanding/nlu/resolveDateTime.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/understanding/nlu/resolveDateTime.js')>();
  return { ...actual, resolveDateTime: vi.fn(actual.resolveDateTime) };
});

const { catalog } = loadStoreData('data/demo-dealership');
const read = (text: string) => understand(text, { now: new Date('2026-12-03T10:15:00+08:00'), timeZone: 'Asia/Shanghai', models: catalog.models });

/** The whole text, at most 8 texts after markers (MAX_SLOT_READINGS), the day before a new time, the old booking's. */
const MAX_READINGS = 11;

describe('how much of a text understand() reads', () => {
  const readings = vi.mocked(resolveDateTime);
  let chronoParse: MockInstance<chrono.Chrono['parse']>;

  beforeEach(() => {
    readings.mockClear();
    chronoParse = vi.spyOn(chrono.Chrono.prototype, 'parse');
  });
  afterEach(() => chronoParse.mockRestore());

  /** Readings and characters read through resolveDateTime, and characters given to chrono, for one text. */
  function work(text: string) {
    readings.mockClear();
    chronoParse.mockClear();
    read(text);
    return {
      readings: readings.mock.calls.length,
      characters: readings.mock.calls.reduce((sum, [t]) => sum + t.length, 0),
      chronoCharacters: chronoParse.mock.calls.reduce((sum, [t]) => sum + t.length, 0),
    };
  }

  it.each(adversarialTexts().map((t) => [t.name]))('%s: a bounded number of readings, at any length', (name) => {
    for (const length of [LONG_TEXT_LENGTH, 4 * LONG_TEXT_LENGTH]) {
      const text = adversarialTexts(length).find((t) => t.name === name)!.text;
      const done = work(text);
      expect(done.readings).toBeLessThanOrEqual(MAX_READINGS);
      expect(done.characters).toBeLessThanOrEqual(MAX_READINGS * length);
    }
  });

  it('reads a text of a thousand markers a few times, not a thousand', () => {
    const done = work(`把明天的试驾改到周六下午3点${'改1'.repeat(1000)}`);
    expect(done.readings).toBeLessThanOrEqual(MAX_READINGS);
    expect(done.readings).toBeGreaterThan(1);
  });

  it('gives chrono a window around the first month-name date, and nothing without a month word', () => {
    const monthNames = adversarialTexts().find((t) => t.name === 'month names')!.text;
    const done = work(monthNames);
    // one reading (a booking, not a reschedule): one window of 256 characters from the first "dec"
    expect(done.readings).toBe(1);
    expect(done.chronoCharacters).toBe(256);
    expect(work(adversarialTexts().find((t) => t.name === '改 after a slot')!.text).chronoCharacters).toBe(0);
  });
});
