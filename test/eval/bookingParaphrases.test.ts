// Generalisation check: hand-written paraphrases (different wording, weekdays, times of
// day, year end, traditional characters, English and mixed) scored with evalBooking.
import { describe, expect, it } from 'vitest';
import { evalBooking } from '../../src/eval/evalBooking.js';

describe('booking paraphrases (held-out style set)', () => {
  it('scores at least 0.9 on test/eval/booking-paraphrases.jsonl', () => {
    const result = evalBooking('test/eval/booking-paraphrases.jsonl', { dataDir: 'data/demo-dealership' });
    for (const miss of result.misses) {
      console.log(`MISS ${miss.text}\n  expected ${JSON.stringify(miss.expected)}\n  got      ${JSON.stringify(miss.got)}`);
    }
    console.log(`booking paraphrases: ${result.correct}/${result.total} (${result.accuracy.toFixed(3)})`);
    expect(result.accuracy).toBeGreaterThanOrEqual(0.9);
  });
});
