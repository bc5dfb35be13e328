// npm run eval: accuracy of the assistant's understanding on the dev sets, without an LLM,
// with every miss listed. `npm run eval -- --min 0.9` exits 1 below that accuracy.
import path from 'node:path';
import { searchKnowledge } from '../src/bots/faq/searchKnowledge.js';
import { buildKnowledgeIndex } from '../src/bots/faq/buildKnowledgeIndex.js';
import { evalBooking } from '../src/eval/evalBooking.js';
import { evalFaq } from '../src/eval/evalFaq.js';
import { loadStoreData } from '../src/store/seed/loadStoreData.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dataDir = path.resolve(flag('--data') ?? 'data/demo-dealership');
const min = flag('--min') ? Number(flag('--min')) : undefined;
// The FAQ dev set's questions are about December 2026 offers: evaluate as of then unless told.
const now = new Date(flag('--now') ?? '2026-12-03T10:15:00+08:00');

const data = loadStoreData(dataDir);
const kb = buildKnowledgeIndex(data);
const results: { name: string; accuracy: number }[] = [];

const faq = evalFaq(path.join(dataDir, 'faq-dev.jsonl'), kb, { now });
results.push({ name: 'faq-dev', accuracy: faq.accuracy });
console.log(`faq-dev.jsonl      ${faq.correct}/${faq.total}  ${(faq.accuracy * 100).toFixed(1)}%`);
for (const m of faq.misses) console.log(`  miss: ${m.q}  expected ${m.expected ?? 'null'}, got ${m.got ?? 'null'} (${m.confidence.toFixed(2)})`);

const booking = evalBooking(path.join(dataDir, 'booking-dev.jsonl'), { dataDir, faqScore: (t: string) => searchKnowledge(t, kb).confidence });
results.push({ name: 'booking-dev', accuracy: booking.accuracy });
console.log(`booking-dev.jsonl  ${booking.correct}/${booking.total}  ${(booking.accuracy * 100).toFixed(1)}%`);
for (const m of booking.misses) console.log(`  miss: ${m.text}\n        expected ${JSON.stringify(m.expected)}\n        got      ${JSON.stringify(m.got)}`);

if (min !== undefined && results.some((r) => r.accuracy < min)) {
  console.error(`below ${min}: ${results.filter((r) => r.accuracy < min).map((r) => r.name).join(', ')}`);
  process.exit(1);
}
