// `dealerbot digest`: the morning board as it would be posted, for a manager at a terminal
// or a script: text (what the channel reads), json (the Board object every renderer uses)
// or png (the chart that goes with the Slack post).
import fs from 'node:fs';
import { loadStoreInfo } from '../app.js';
import { digestRulesOf } from '../bots/digest/createDigestJob.js';
import { renderBoardPng } from '../bots/digest/renderBoardPng.js';
import { renderBoardText } from '../bots/digest/renderBoardText.js';
import { systemClock, type Clock } from '../infra/clock.js';
import type { Config } from '../infra/config.js';
import type { Lang } from '../core/message.js';
import { localParts, zonedInstant } from '../infra/storeTime.js';
import { computeBoard as realComputeBoard } from '../sales/board/computeBoard.js';
import type { Db } from '../store/createPrisma.js';
import { loadStoreData } from '../storeData/loadStoreData.js';
import { openReadyStore } from './dbCommands.js';

export const DIGEST_FORMATS = ['text', 'json', 'png'] as const;
type DigestFormat = (typeof DIGEST_FORMATS)[number];

export interface DigestCommandOptions {
  date?: string;
  /** a team id; none or `store`: the whole store */
  team?: string;
  format?: DigestFormat;
  /** png (or any format): write here instead of stdout */
  out?: string;
  lang?: Lang;
}

interface DigestCommandDeps {
  /** an open store (tests); else the configured one is opened, migrated and seeded if empty */
  db?: Db;
  clock?: Clock;
  computeBoard?: typeof realComputeBoard;
  stdout?: { write(chunk: string | Uint8Array): unknown };
  stderr?: { write(chunk: string): unknown };
}

export async function runDigestCommand(config: Config, o: DigestCommandOptions, deps: DigestCommandDeps = {}): Promise<number> {
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  const format = o.format ?? 'text';
  if (!DIGEST_FORMATS.includes(format)) {
    stderr.write(`dealerbot digest: --format must be one of ${DIGEST_FORMATS.join(', ')}\n`);
    return 2;
  }
  if (o.lang && o.lang !== 'zh' && o.lang !== 'en') {
    stderr.write('dealerbot digest: --lang must be zh or en\n');
    return 2;
  }
  if (o.date && !isCalendarDate(o.date)) {
    stderr.write(`dealerbot digest: --date must be a date as YYYY-MM-DD, not "${o.date}"\n`);
    return 2;
  }
  const clock = deps.clock ?? systemClock;
  const db = deps.db ?? (await openReadyStore(config));
  try {
    const store = await loadStoreInfo(db);
    const teamId = o.team && o.team !== 'store' ? o.team : undefined;
    if (teamId && !(await db.team.findFirst({ where: { id: teamId, storeId: store.id } }))) {
      const teams = await db.team.findMany({ where: { storeId: store.id }, orderBy: { id: 'asc' } });
      stderr.write(`dealerbot digest: no team "${teamId}" (teams: ${teams.map((t) => t.id).join(', ') || 'none'}; or "store")\n`);
      return 2;
    }
    // a given day: as it would have been posted at the digest time; else today, now
    let now = clock.now();
    const date = o.date ?? localParts(now, store.timezone).date;
    if (o.date) {
      let data: unknown;
      try {
        data = loadStoreData(config.storeDataDir);
      } catch {
        data = undefined;
      }
      now = zonedInstant(date, digestRulesOf(data).time, store.timezone);
    }
    const board = await (deps.computeBoard ?? realComputeBoard)(db, { storeId: store.id, date, timeZone: store.timezone, now, ...(teamId ? { teamId } : {}) });
    const lang = o.lang ?? 'zh';
    let output: string | Buffer;
    if (format === 'json') output = `${JSON.stringify(board, null, 2)}\n`;
    else if (format === 'png') output = await renderBoardPng(board, lang);
    else output = `${renderBoardText(board, lang, { timeZone: store.timezone })}\n`;
    if (o.out) {
      fs.writeFileSync(o.out, output);
      stderr.write(`dealerbot digest: wrote ${o.out} (${Buffer.byteLength(output)} bytes)\n`);
    } else stdout.write(output);
    return 0;
  } finally {
    if (!deps.db) await db.$disconnect();
  }
}

function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
