// `dealerbot doctor`: what is configured and reachable, one line per part; exit 1 when a
// required part (the store, the store data) is broken.
import { createBots, createJobs, loadStoreInfo } from '../app.js';
import { buildKnowledgeIndex } from '../bots/faq/buildKnowledgeIndex.js';
import type { Config } from '../core/config.js';
import { redactUrl } from '../store/migrateDatabase.js';
import { pendingMigrations } from '../store/openStore.js';
import { loadStoreData, type StoreData } from '../store/seed/loadStoreData.js';
import { openReadyStore } from './dbCommands.js';

export type CheckStatus = 'ok' | 'warn' | 'off' | 'fail';
export interface Check {
  part: string;
  status: CheckStatus;
  detail: string;
  required?: boolean;
}

const MARK: Record<CheckStatus, string> = { ok: '✔', warn: '!', off: '-', fail: '✘' };

export async function runDoctor(config: Config, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const checks = await collectChecks(config);
  for (const c of checks) out.write(`${MARK[c.status]} ${c.part.padEnd(12)} ${c.detail}\n`);
  const broken = checks.filter((c) => c.required && c.status === 'fail');
  out.write(broken.length ? `\n${broken.length} required part(s) broken.\n` : '\nall required parts work.\n');
  return broken.length ? 1 : 0;
}

export async function collectChecks(config: Config): Promise<Check[]> {
  const checks: Check[] = [];
  let data: StoreData | undefined;
  try {
    data = loadStoreData(config.storeDataDir);
    checks.push({ part: 'store data', status: 'ok', required: true, detail: `${config.storeDataDir}: ${data.catalog.models.length} models, ${data.faqs.length} FAQ entries, ${data.objections.length} objections` });
  } catch (err) {
    checks.push({ part: 'store data', status: 'fail', required: true, detail: (err as Error).message });
  }

  let db;
  try {
    db = await openReadyStore(config);
    const store = await loadStoreInfo(db);
    const pending = await pendingMigrations(db);
    const [customers, staff] = await Promise.all([db.customer.count(), db.staff.count()]);
    checks.push({
      part: 'store',
      status: pending.length ? 'fail' : 'ok',
      required: true,
      detail: `${redactUrl(config.databaseUrl)}: ${store.nameEn} (${store.timezone}), ${staff} staff, ${customers} customers${pending.length ? `; pending migrations: ${pending.join(', ')}` : ''}`,
    });
  } catch (err) {
    checks.push({ part: 'store', status: 'fail', required: true, detail: (err as Error).message });
  }

  checks.push({
    part: 'web chat',
    status: 'ok',
    detail: `http://${config.host}:${config.port}/ (staff side ${config.web.staffSide === 'open' ? 'open on loopback' : config.web.staffSide === 'key' ? 'behind WEB_STAFF_KEY' : 'closed: set WEB_STAFF_KEY to open it'})`,
  });
  checks.push(channelCheck('telegram', !!config.telegram, 'TELEGRAM_BOT_TOKEN'));
  checks.push(channelCheck('wechat', !!config.wechat, 'WECHAT_TOKEN'));
  checks.push(channelCheck('slack', !!config.slack, 'SLACK_BOT_TOKEN'));
  checks.push(await llmCheck(config));

  if (db) {
    const jobs = data ? createJobs(db, createBots({ data, kb: buildKnowledgeIndex(data) })) : [];
    const lastRuns = await db.jobRun.findMany({ orderBy: { startedAt: 'desc' }, take: 3 });
    checks.push({
      part: 'scheduler',
      status: 'ok',
      detail: `${jobs.length} job(s)${jobs.length ? `: ${jobs.map((j) => `${j.name} "${j.cron}"`).join(', ')}` : ''}; last runs: ${lastRuns.map((r) => `${r.job}@${r.slot} ${r.status}`).join(', ') || 'none'}`,
    });
    const [pending, dead] = await Promise.all([
      db.outboxMessage.count({ where: { status: { in: ['pending', 'sending'] } } }),
      db.outboxMessage.findMany({ where: { status: 'dead' }, orderBy: { createdAt: 'desc' }, take: 3 }),
    ]);
    const deadCount = dead.length ? await db.outboxMessage.count({ where: { status: 'dead' } }) : 0;
    checks.push({
      part: 'outbox',
      status: deadCount ? 'warn' : 'ok',
      detail: `${pending} waiting, ${deadCount} dead letter(s)${dead.map((d) => `\n               ${d.channel} → ${d.lastError}`).join('')}`,
    });
    await db.$disconnect();
  }
  return checks;
}

function channelCheck(part: string, configured: boolean, key: string): Check {
  return configured
    ? { part, status: 'warn', detail: `${key} is set, but this version does not serve ${part} yet` }
    : { part, status: 'off', detail: `not configured (set ${key})` };
}

async function llmCheck(config: Config): Promise<Check> {
  if (!config.llm) return { part: 'llm', status: 'off', detail: 'not configured: answers come from retrieval and rules (set OPENAI_API_KEY)' };
  const base = (config.llm.baseUrl ?? 'https://api.openai.com/v1').replace(/\/$/, '');
  try {
    const res = await fetch(`${base}/models`, {
      headers: { authorization: `Bearer ${config.llm.apiKey}` },
      signal: AbortSignal.timeout(Math.min(config.llm.timeoutMs, 5000)),
    });
    return res.ok
      ? { part: 'llm', status: 'ok', detail: `${base} answers; model ${config.llm.model}` }
      : { part: 'llm', status: 'warn', detail: `${base} answered ${res.status}; the bots fall back to retrieval` };
  } catch (err) {
    return { part: 'llm', status: 'warn', detail: `${base} unreachable (${(err as Error).message}); the bots fall back to retrieval` };
  }
}
