// npm run eval: accuracy of the assistant's understanding on the dev sets, without an LLM,
// with every miss listed. `npm run eval -- --min 0.9` exits 1 below that accuracy.
import path from 'node:path';
import { CLARIFY_BELOW, searchKnowledge } from '../src/bots/faq/searchKnowledge.js';
import { buildKnowledgeIndex } from '../src/bots/faq/buildKnowledgeIndex.js';
import { evalBooking } from '../src/eval/evalBooking.js';
import { evalDates } from '../src/eval/evalDates.js';
import { evalFaq } from '../src/eval/evalFaq.js';
import { evalIntents } from '../src/eval/evalIntents.js';
import { createUnderstander } from '../src/app.js';
import { buildObjectionIndex } from '../src/bots/coach/buildObjectionIndex.js';
import { evalObjections } from '../src/eval/evalObjections.js';
import fs from 'node:fs';
import { loadStoreData } from '../src/storeData/loadStoreData.js';

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

const describeMiss = (m: { q: string; expected: string | null; got: string | null; confidence: number; clarify?: string[] }) =>
  `  miss: ${m.q}  expected ${m.expected ?? 'null'}, got ${m.clarify ? `which of ${m.clarify.join('/')}?` : (m.got ?? 'null')} (${m.confidence.toFixed(2)})`;
const outcome = (r: ReturnType<typeof evalFaq>) =>
  `${r.correct}/${r.total}  ${(r.accuracy * 100).toFixed(1)}%  asked "which?" ${r.clarified} (right one offered ${r.clarifiedRight}), wrong answers ${r.wrong}`;
// right 1, a "which?" offering the right entry ½, a wrong answer −1: what CLARIFY_BELOW was chosen by
const utility = (r: ReturnType<typeof evalFaq>) => r.correct + r.clarifiedRight / 2 - r.wrong;
const faq = evalFaq(path.join(dataDir, 'faq-dev.jsonl'), kb, { now });
results.push({ name: 'faq-dev', accuracy: faq.accuracy });
console.log(`faq-dev.jsonl      ${faq.correct}/${faq.total}  ${(faq.accuracy * 100).toFixed(1)}%`);
for (const m of faq.misses) console.log(describeMiss(m));

// FAQ questions written blind (test/eval/): A is tuned on (its misses were read) and gates
// --min; B was held out until its first run (reported in the README, 88.3%) and is tuned on
// since, reported but not gating; C to G likewise (first runs in the README). A new held-out
// set goes in as 'held out' and runs with --held-out. Only the demo store has these sets.
const faqSets: [string, string, 'tuned on' | 'held out'][] = [
  ['faq-paraphrases', path.resolve('test/eval/faq-paraphrases.jsonl'), 'tuned on'],
  ['faq-phrasings-a', path.resolve('test/eval/faq-phrasings-a.jsonl'), 'tuned on'],
  ['faq-phrasings-b', path.resolve('test/eval/faq-phrasings-b.jsonl'), 'tuned on'],
  ['faq-phrasings-c', path.resolve('test/eval/faq-phrasings-c.jsonl'), 'tuned on'],
  ['faq-phrasings-d', path.resolve('test/eval/faq-phrasings-d.jsonl'), 'tuned on'],
  // E: a fifth writer who saw only faq/catalog/store.yaml; first run with the topic-reading
  // ranker and three writers' examples 271/300 (90.3%; the ranker before them: 231/300)
  ['faq-phrasings-e', path.resolve('test/eval/faq-phrasings-e.jsonl'), 'tuned on'],
  // F: a sixth writer, same brief as E but half plain everyday questions; first run with
  // concepts and trigrams added: 282/300 (94.0%; the ranker of the session before: 246/300)
  ['faq-phrasings-f', path.resolve('test/eval/faq-phrasings-f.jsonl'), 'tuned on'],
  // G: a seventh writer, the brief of F; first run with the final ranker (five writers'
  // examples): 296/300 (98.7%; the ranker of the session before: 271/300)
  ['faq-phrasings-g', path.resolve('test/eval/faq-phrasings-g.jsonl'), 'tuned on'],
];
/** the sets whose accuracy `--min` checks: the ones tuned to their figure */
const THRESHOLDS = [0, 0.1, 0.2, 0.3, 0.4, 0.5];
/** the sets CLARIFY_BELOW was chosen on (with the dev set): C came after, and is not one of them */
const CHOSEN_ON = new Set(['faq-paraphrases', 'faq-phrasings-a', 'faq-phrasings-b']);
/** each threshold's score on the tuned-on sets, in the order tried */
const choice = new Map<number, number>();
const GATING = new Set(['faq-paraphrases', 'faq-phrasings-a', 'intent-phrasings-a']);
for (const [name, file, label] of faqSets) {
  if (!fs.existsSync(file) || flag('--data')) continue;
  if (label === 'held out' && !args.includes('--held-out')) {
    console.log(`${`${name}.jsonl`.padEnd(28)}held out: not run (--held-out runs it, once, when the ranker is final)`);
    continue;
  }
  const r = evalFaq(file, kb, { now });
  if (GATING.has(name)) results.push({ name, accuracy: r.accuracy });
  console.log(`${`${name}.jsonl`.padEnd(28)}${outcome(r)}  (${label})`);
  if (label === 'tuned on') for (const m of r.misses) console.log(describeMiss(m));
  // The clarifying threshold: chosen on the tuned-on sets, its table shown for the blind ones.
  const table = THRESHOLDS.map((t) => ({ t, r: t === CLARIFY_BELOW ? r : evalFaq(file, kb, { now, clarifyBelow: t }) }));
  if (CHOSEN_ON.has(name)) for (const { t, r: at } of table) choice.set(t, (choice.get(t) ?? 0) + utility(at));
  if (name !== 'faq-paraphrases') {
    console.log(`  asking "which?" below a ranker posterior of (chosen on the tuned-on sets: ${CLARIFY_BELOW}):`);
    for (const { t, r: at } of table) console.log(`    ${t.toFixed(1)}${t === CLARIFY_BELOW ? '*' : ' '} ${outcome(at)}  score ${utility(at).toFixed(1)}`);
  }
}
if (!flag('--data'))
  for (const t of THRESHOLDS) choice.set(t, (choice.get(t) ?? 0) + utility(evalFaq(path.join(dataDir, 'faq-dev.jsonl'), kb, { now, clarifyBelow: t })));

// the rule CLARIFY_BELOW was chosen by: the lowest threshold within a point of the best
// total over the sets it was chosen on (dev, paraphrases, A, B), since asking back has a cost the score does not count
const best = Math.max(...choice.values());
const chosen = [...choice].find(([, score]) => score >= best - 1)?.[0];
if (chosen !== undefined && chosen !== CLARIFY_BELOW)
  console.log(`note: by its rule the "which?" threshold would now be ${chosen} (CLARIFY_BELOW is ${CLARIFY_BELOW})`);
if (choice.size)
  console.log(`"which?" thresholds, total score on the sets they are chosen on: ${[...choice].map(([t, score]) => `${t}: ${score}`).join(', ')}`);

// Intents, as the service reads them (createUnderstander: the learned classifier over the
// blind example bank, with the rules among its signals). A is tuned on; B was held out until
// its first run (reported in the README, 95.5%); C likewise (94.5%); E, after the fourth
// writer's examples, 98.5%.
const understander = createUnderstander(data, kb);
const intentOf = (text: string) => {
  const u = understander(text, now);
  return u.greeting ? 'greeting' : u.intent;
};
for (const [name, label] of [
  ['intent-phrasings-a', 'tuned on'],
  ['intent-phrasings-b', 'tuned on'],
  ['intent-phrasings-c', 'tuned on'],
  ['intent-phrasings-e', 'tuned on'],
] as [string, 'tuned on' | 'held out'][]) {
  const file = path.resolve(`test/eval/${name}.jsonl`);
  if (!fs.existsSync(file) || flag('--data')) continue;
  if (label === 'held out' && !args.includes('--held-out')) {
    console.log(`${`${name}.jsonl`.padEnd(28)}held out: not run (--held-out runs it, once, when the classifier is final)`);
    continue;
  }
  const r = evalIntents(file, intentOf);
  if (GATING.has(name)) results.push({ name, accuracy: r.accuracy });
  console.log(
    `${`${name}.jsonl`.padEnd(28)}${r.correct}/${r.total}  ${(r.accuracy * 100).toFixed(1)}%  (${label})  ${r.confusions.map(([k, n]) => `${k} ${n}`).join(', ')}`,
  );
  if (label === 'tuned on') for (const m of r.misses) console.log(`  miss: ${m.text}  expected ${m.expected}, got ${m.got}`);
}

const booking = evalBooking(path.join(dataDir, 'booking-dev.jsonl'), { dataDir, faqScore: (t: string) => searchKnowledge(t, kb).confidence });
results.push({ name: 'booking-dev', accuracy: booking.accuracy });
console.log(`booking-dev.jsonl  ${booking.correct}/${booking.total}  ${(booking.accuracy * 100).toFixed(1)}%`);
for (const m of booking.misses) console.log(`  miss: ${m.text}\n        expected ${JSON.stringify(m.expected)}\n        got      ${JSON.stringify(m.got)}`);

// Dates and times others wrote for their own parser (Microsoft Recognizers-Text's Chinese
// specs, test/eval/recognizers-text-zh.README.md): reported, not gating --min, because it
// keeps the cases where conventions.md decides otherwise, and its misses have been read.
const datesFile = path.resolve('test/eval/recognizers-text-zh.jsonl');
if (fs.existsSync(datesFile)) {
  const dates = evalDates(datesFile, { timeZone: data.store.timezone });
  console.log(
    `${'recognizers-text-zh.jsonl'.padEnd(28)}${dates.correct}/${dates.total}  ${(dates.accuracy * 100).toFixed(1)}%  (reference suite, tuned on once looked at)`,
  );
  for (const m of dates.misses)
    console.log(
      `  miss: ${m.text}  [${m.source}, at ${m.referenceDateTime}]  expected ${m.expected.date ?? 'null'} ${m.expected.time ?? 'null'}, got ${m.got.date ?? 'null'} ${m.got.time ?? 'null'}`,
    );
}

// objections: top-1 accuracy on the playbook's dev set; our own sets (paraphrases, two
// sets of fresh phrasings written apart from the code, B held out until measured, and
// texts that are no objection) are reported but do not gate --min.
const objectionIndex = buildObjectionIndex(data);
const objectionSets: [string, string, boolean][] = [
  ['objections-dev', path.join(dataDir, 'objections-dev.jsonl'), true],
  ['objection-paraphrases', path.resolve('test/bots/coach/objection-paraphrases.jsonl'), false],
  ['objection-phrasings-a', path.resolve('test/bots/coach/objection-phrasings-a.jsonl'), false],
  ['objection-phrasings-b', path.resolve('test/bots/coach/objection-phrasings-b.jsonl'), false],
  ['not-objections', path.resolve('test/bots/coach/not-objections.jsonl'), false],
];
for (const [name, file, gates] of objectionSets) {
  if (!fs.existsSync(file)) continue;
  const r = evalObjections(file, objectionIndex);
  if (gates) results.push({ name, accuracy: r.accuracy });
  console.log(`${`${name}.jsonl`.padEnd(28)}${r.correct}/${r.total}  ${(r.accuracy * 100).toFixed(1)}%`);
  for (const m of r.misses) console.log(`  miss: ${m.text}  expected ${m.expected ?? 'none'}, got ${m.got.join(',') || 'none'} (${m.confidence.toFixed(2)})`);
}

if (min !== undefined && results.some((r) => r.accuracy < min)) {
  console.error(
    `below ${min}: ${results
      .filter((r) => r.accuracy < min)
      .map((r) => r.name)
      .join(', ')}`,
  );
  process.exit(1);
}
