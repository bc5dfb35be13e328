// `dealerbot ask` and `dealerbot nlu`: the customer assistant without a channel, for
// scripts, evaluations and a dealer checking their data.
import { createUnderstander, loadStoreInfo } from '../app.js';
import { answerQuestion } from '../bots/faq/answerQuestion.js';
import { buildKnowledgeIndex } from '../bots/faq/buildKnowledgeIndex.js';
import { chooseFaqEntry } from '../bots/faq/chooseFaqEntry.js';
import { groundAnswer } from '../bots/faq/groundAnswer.js';
import { systemClock } from '../infra/clock.js';
import type { Config } from '../infra/config.js';
import { createLlmClient } from '../llm/llmClient.js';
import { createLogger } from '../infra/logger.js';
import type { Lang } from '../core/message.js';
import { mapJsonLines } from './mapJsonLines.js';
import { loadStoreData } from '../storeData/loadStoreData.js';
import { openReadyStore } from './dbCommands.js';

export async function runAsk(config: Config, question: string | undefined, o: { json?: boolean; jsonl?: boolean }): Promise<number> {
  const db = await openReadyStore(config);
  const data = loadStoreData(config.storeDataDir);
  const kb = buildKnowledgeIndex(data);
  const log = createLogger('silent');
  const llm = config.llm ? createLlmClient(config.llm, { db, log, clock: systemClock }) : undefined;
  const ask = async (q: string, lang?: Lang) => {
    const now = systemClock.now();
    const { answer, outcome } = await chooseFaqEntry(q, answerQuestion(q, kb, { now, lang }), { kb, llm, now, log });
    if (!answer.faqId) return answer;
    const grounded = await groundAnswer({
      // as the FAQ bot: no second wait on providers that just timed out
      llm: outcome === 'timeout' ? undefined : llm,
      question: q,
      lang: answer.lang,
      entries: [{ id: answer.faqId, text: answer.answer }],
      fallback: answer.answer,
      log,
    });
    return { ...answer, answer: grounded.text };
  };
  const shape = (a: Awaited<ReturnType<typeof ask>>) => ({
    faqId: a.faqId,
    answer: a.answer,
    lang: a.lang,
    confidence: Number(a.confidence.toFixed(3)),
    alternatives: a.alternatives,
    sources: a.sources,
  });
  try {
    if (o.jsonl) {
      await mapJsonLines(async (v, n) => {
        if (typeof v.q !== 'string') throw new Error(`line ${n}: "q" must be a string`);
        return shape(await ask(v.q, v.lang === 'zh' || v.lang === 'en' ? v.lang : undefined));
      });
      return 0;
    }
    if (!question) {
      process.stderr.write('dealerbot ask: give a question, or --jsonl to read {"q": "..."} lines from stdin\n');
      return 2;
    }
    const a = await ask(question);
    process.stdout.write(o.json ? `${JSON.stringify(shape(a))}\n` : `${a.answer}\n${a.faqId ? `(${a.faqId}, confidence ${a.confidence.toFixed(2)})` : ''}\n`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}

export async function runNlu(config: Config, text: string | undefined, o: { json?: boolean; jsonl?: boolean; now?: string }): Promise<number> {
  const data = loadStoreData(config.storeDataDir);
  const db = await openReadyStore(config);
  await loadStoreInfo(db);
  await db.$disconnect();
  const understandText = createUnderstander(data, buildKnowledgeIndex(data));
  const at = (iso: unknown, n?: number) => {
    if (iso === undefined) return systemClock.now();
    const d = new Date(String(iso));
    if (Number.isNaN(d.getTime())) throw new Error(`${n ? `line ${n}: ` : ''}"now" is not an ISO date: ${String(iso)}`);
    return d;
  };
  if (o.jsonl) {
    await mapJsonLines((v, n) => {
      if (typeof v.text !== 'string') throw new Error(`line ${n}: "text" must be a string`);
      return understandText(v.text, at(v.now, n));
    });
    return 0;
  }
  if (!text) {
    process.stderr.write('dealerbot nlu: give a text, or --jsonl to read {"text": "...", "now": "..."} lines from stdin\n');
    return 2;
  }
  let now: Date;
  try {
    now = at(o.now);
  } catch (err) {
    process.stderr.write(`dealerbot nlu: ${(err as Error).message}\n`);
    return 2;
  }
  const u = understandText(text, now);
  process.stdout.write(
    o.json
      ? `${JSON.stringify(u)}\n`
      : `${Object.entries(u)
          .map(([k, v]) => `${k.padEnd(10)} ${v ?? '—'}`)
          .join('\n')}\n`,
  );
  return 0;
}
