// The intent evaluation: a gate on the tuned-on blind set A, and the evaluator itself
// (counts, misses, confusions) on a small file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createUnderstander } from '../../src/app.js';
import { buildKnowledgeIndex } from '../../src/bots/faq/buildKnowledgeIndex.js';
import { evalIntents } from '../../src/eval/evalIntents.js';
import { loadStoreData } from '../../src/storeData/loadStoreData.js';

const NOW = new Date('2026-12-03T10:15:00+08:00');

// Written blind (test/eval/intent-phrasings-a.jsonl), tuned on: a guard against losing what was gained.
it('reads at least 95% of intent phrasings A right (tuned on)', () => {
  const data = loadStoreData(path.resolve('data/demo-dealership'));
  const understand = createUnderstander(data, buildKnowledgeIndex(data));
  const result = evalIntents(path.join(import.meta.dirname, 'intent-phrasings-a.jsonl'), (text) => {
    const u = understand(text, NOW);
    return u.greeting ? 'greeting' : u.intent;
  });
  expect(result.total).toBe(200);
  expect(result.accuracy).toBeGreaterThanOrEqual(0.95);
});

it('counts misses and confusions, most first', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intent-eval-'));
  const file = path.join(dir, 'lines.jsonl');
  const lines = [
    { text: 'a', expect: 'human' },
    { text: 'b', expect: 'human' },
    { text: 'c', expect: 'complaint' },
    { text: 'd', expect: 'faq' },
  ];
  fs.writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  try {
    const result = evalIntents(file, (text) => ({ a: 'faq', b: 'faq', c: 'other', d: 'faq' })[text]!);
    expect(result).toMatchObject({ total: 4, correct: 1, accuracy: 0.25 });
    expect(result.confusions).toEqual([
      ['human→faq', 2],
      ['complaint→other', 1],
    ]);
    expect(result.misses[2]).toEqual({ text: 'c', expected: 'complaint', got: 'other' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
