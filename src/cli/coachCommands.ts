// `dealerbot coach "<what the customer said>" [--json]` and `coach --jsonl`: the sales
// coach without a channel. Works on a fresh store like `ask` (migrated and seeded first).
// A customer may be named in the text (客户王伟说…, @王伟, a phone, a customer id) or with
// --customer; the lookup runs in the scope of --staff (default: the store manager's view).
import type { Command } from 'commander';
import { loadStoreInfo } from '../app.js';
import { answerObjection, type CoachResult } from '../bots/coach/answerObjection.js';
import { buildObjectionIndex } from '../bots/coach/buildObjectionIndex.js';
import { findCustomerRef, lookUpCustomer, type CustomerLookup, type CustomerRef } from '../bots/coach/findNamedCustomer.js';
import { systemClock } from '../infra/clock.js';
import type { Config } from '../infra/config.js';
import { createLlmClient } from '../llm/llmClient.js';
import { createLogger } from '../infra/logger.js';
import { mapJsonLines } from './mapJsonLines.js';
import type { Lang } from '../core/message.js';
import type { ScopedStaff } from '../sales/staffAccess.js';
import { loadStoreData } from '../storeData/loadStoreData.js';
import { openReadyStore } from './dbCommands.js';

interface CoachCommandOptions {
  json?: boolean;
  jsonl?: boolean;
  customer?: string;
  staff?: string;
  now?: string;
  lang?: string;
}

/** The contract's JSON: objectionIds (best first, may be empty), answer, lang, confidence, steps, donts, promotions, and more. */
export function coachJson(r: CoachResult) {
  return {
    objectionIds: r.objectionIds,
    answer: r.answer,
    lang: r.lang,
    confidence: Number(r.confidence.toFixed(3)),
    names: r.names,
    steps: r.steps,
    donts: r.donts,
    promotions: r.promotions,
    ...(r.customer ? { customer: r.customer } : {}),
    modelIds: r.modelIds,
    usedLlm: r.usedLlm,
    text: r.text,
  };
}

export async function runCoach(config: Config, text: string | undefined, o: CoachCommandOptions): Promise<number> {
  const now = o.now ? new Date(o.now) : systemClock.now();
  if (Number.isNaN(now.getTime())) {
    process.stderr.write(`dealerbot coach: --now is not an ISO date: ${o.now}\n`);
    return 2;
  }
  if (o.lang && o.lang !== 'zh' && o.lang !== 'en') {
    process.stderr.write('dealerbot coach: --lang must be zh or en\n');
    return 2;
  }
  if (!o.jsonl && !text?.trim()) {
    process.stderr.write('dealerbot coach: give what the customer said, or --jsonl to read {"text": "..."} lines from stdin\n');
    return 2;
  }
  const db = await openReadyStore(config);
  try {
    const store = await loadStoreInfo(db);
    const data = loadStoreData(config.storeDataDir);
    const ix = buildObjectionIndex(data);
    const log = createLogger('silent');
    const llm = config.llm ? createLlmClient(config.llm, { db, log, clock: systemClock }) : undefined;
    let staff: ScopedStaff = { id: 'cli', role: 'store_manager', teamId: null, storeId: store.id };
    if (o.staff) {
      const found = await db.staff.findFirst({ where: { id: o.staff, storeId: store.id } });
      if (!found) {
        process.stderr.write(`dealerbot coach: no staff member "${o.staff}"\n`);
        return 2;
      }
      staff = found;
    }
    const answer = async (t: string, lang?: Lang, customer?: string) => {
      const ref: CustomerRef | null = customer ? { ...(findCustomerRef(customer) ?? { kind: 'name', value: customer }), explicit: true } : findCustomerRef(t);
      let lookup: CustomerLookup | undefined;
      if (ref) {
        lookup = await lookUpCustomer(db, { staff, ref, now });
        if (lookup.status !== 'found' && !ref.explicit) lookup = undefined;
      }
      return answerObjection({ text: t, now, lang, customer: lookup }, { ix, data, llm, log });
    };
    const lang = o.lang as Lang | undefined;
    if (o.jsonl) {
      await mapJsonLines(async (rec, n) => {
        if (typeof rec.text !== 'string') throw new Error(`line ${n}: "text" must be a string`);
        const lineLang = rec.lang === 'zh' || rec.lang === 'en' ? rec.lang : lang;
        return coachJson(await answer(rec.text, lineLang, typeof rec.customer === 'string' ? rec.customer : o.customer));
      });
      return 0;
    }
    const r = await answer(text!, lang, o.customer);
    process.stdout.write(
      o.json
        ? `${JSON.stringify(coachJson(r))}\n`
        : `${r.text}\n${r.objectionIds.length ? `(${r.objectionIds.join(', ')}, confidence ${r.confidence.toFixed(2)})\n` : ''}`,
    );
    return 0;
  } finally {
    await db.$disconnect();
  }
}

export function registerCoachCommand(program: Command, loadConfig: () => Config, setExit: (code: number) => void): void {
  program
    .command('coach')
    .description("the sales coach's answer to what a customer said: objection type, approach, words to say, today's offers, don'ts")
    .argument('[text]', 'what the customer said')
    .option('--json', 'print {"objectionIds","answer","lang","confidence","steps","donts","promotions",...}')
    .option('--jsonl', 'read {"text": "...", "lang"?: "zh"|"en", "customer"?: "..."} lines on stdin, write one JSON line each')
    .option('--customer <ref>', 'the customer: id, phone (or last four digits) or name')
    .option('--staff <id>', "look the customer up in this staff member's scope (default: the whole store)")
    .option('--now <iso>', "the moment whose offers count (default: now), in the store's timezone")
    .option('--lang <lang>', 'answer in zh or en (default: the language of the text)')
    .action(async (text: string | undefined, o: CoachCommandOptions) => {
      setExit(await runCoach(loadConfig(), text, o));
    });
}
