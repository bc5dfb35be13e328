// `dealerbot doctor`: what is configured and reachable, one line per part; exit 1 when a
// required part (the store, the store data) is broken.
import { describeStaffSide } from '../channels/web/describeStaffSide.js';
import { countStaffCredentials } from '../core/staffAuth/countStaffCredentials.js';
import { createBots, loadStoreInfo } from '../app.js';
import { collectJobs } from '../core/jobRegistry.js';
import { buildKnowledgeIndex } from '../bots/faq/buildKnowledgeIndex.js';
import { WebClient } from '@slack/web-api';
import type { Config, LlmProviderConfig } from '../infra/config.js';
import type { Db } from '../store/createPrisma.js';
import { databaseEngine, redactUrl } from '../store/databaseEngine.js';
import { pendingMigrations } from '../store/openStore.js';
import { loadStoreData } from '../storeData/loadStoreData.js';
import type { StoreData } from '../storeData/storeDataSchema.js';
import { openReadyStore } from './dbCommands.js';

type CheckStatus = 'ok' | 'warn' | 'off' | 'fail';
interface Check {
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
    checks.push({
      part: 'store data',
      status: 'ok',
      required: true,
      detail: `${config.storeDataDir}: ${data.catalog.models.length} models, ${data.faqs.length} FAQ entries, ${data.objections.length} objections`,
    });
  } catch (err) {
    checks.push({ part: 'store data', status: 'fail', required: true, detail: (err as Error).message });
  }

  let db: Db | undefined;
  try {
    db = await openReadyStore(config);
    const store = await loadStoreInfo(db);
    const pending = await pendingMigrations(db, databaseEngine(config.databaseUrl) ?? 'sqlite');
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

  checks.push({ part: 'web chat', status: 'ok', detail: `http://${config.host}:${config.port}/` });
  if (db) {
    const side = describeStaffSide(config, await countStaffCredentials(db, (await loadStoreInfo(db)).id));
    checks.push({ part: 'staff side', status: side.status, required: side.status === 'fail', detail: side.detail });
  }
  checks.push(await telegramCheck(config));
  checks.push(await wechatCheck(config));
  checks.push(await slackCheck(config, db));
  checks.push(...(await llmChecks(config)));

  if (db) {
    // the jobs the service would run (reachability does not change which jobs there are)
    const bots = data ? createBots({ data, kb: buildKnowledgeIndex(data), digestChannels: config.slack?.digestChannels }) : [];
    const jobs = data ? collectJobs(bots, { db, store: await loadStoreInfo(db), data, reach: () => true }) : [];
    const lastRuns = await db.jobRun.findMany({ orderBy: { startedAt: 'desc' }, take: 3 });
    checks.push({
      part: 'scheduler',
      status: 'ok',
      detail: `${jobs.length} job(s)${jobs.length ? `: ${jobs.map((j) => `${j.name} "${j.cron}"`).join(', ')}` : ''}; last runs: ${lastRuns.map((r) => `${r.job}@${r.slot} ${r.status}`).join(', ') || 'none'}`,
    });
    const [pending, dead, expired] = await Promise.all([
      db.outboxMessage.count({ where: { status: { in: ['pending', 'sending'] } } }),
      db.outboxMessage.findMany({ where: { status: 'dead' }, orderBy: { createdAt: 'desc' }, take: 3 }),
      db.outboxMessage.count({ where: { status: 'expired' } }),
    ]);
    const deadCount = dead.length ? await db.outboxMessage.count({ where: { status: 'dead' } }) : 0;
    checks.push({
      part: 'outbox',
      // expired messages are dropped by design (past their use); only dead letters need a look
      status: deadCount ? 'warn' : 'ok',
      detail: `${pending} waiting, ${deadCount} dead letter(s), ${expired} expired unsent${dead.map((d) => `\n               ${d.channel} → ${d.lastError}`).join('')}`,
    });
    const [waiting, deadEvents] = await Promise.all([
      db.inboundEvent.count({ where: { status: { in: ['received', 'failed'] } } }),
      db.inboundEvent.findMany({ where: { status: 'dead' }, orderBy: { receivedAt: 'desc' }, take: 3, select: { channel: true, eventId: true, error: true } }),
    ]);
    const deadEventCount = deadEvents.length ? await db.inboundEvent.count({ where: { status: 'dead' } }) : 0;
    checks.push({
      part: 'inbound',
      // a dead event failed every attempt: somebody was not answered, a look is due
      status: deadEventCount ? 'warn' : 'ok',
      detail: `${waiting} being handled or waiting for a retry, ${deadEventCount} dead (failed every attempt)${deadEvents.map((d) => `\n               ${d.channel} ${d.eventId} → ${d.error}`).join('')}`,
    });
    await db.$disconnect();
  }
  return checks;
}

const PROBE_MS = 5000;

async function telegramCheck(config: Config): Promise<Check> {
  const tg = config.telegram;
  if (!tg) return { part: 'telegram', status: 'off', detail: 'not configured (set TELEGRAM_BOT_TOKEN; see docs/channels.md)' };
  const api = `${tg.apiRoot ?? 'https://api.telegram.org'}/bot${tg.token}`;
  try {
    const me = (await (await fetch(`${api}/getMe`, { signal: AbortSignal.timeout(PROBE_MS) })).json()) as {
      ok: boolean;
      result?: { username: string };
      description?: string;
    };
    if (!me.ok) return { part: 'telegram', status: 'fail', detail: `the Bot API refused the token: ${me.description ?? 'unknown error'}` };
    if (tg.mode === 'polling') return { part: 'telegram', status: 'ok', detail: `@${me.result!.username}, long polling` };
    const info = (await (await fetch(`${api}/getWebhookInfo`, { signal: AbortSignal.timeout(PROBE_MS) })).json()) as {
      result?: { url: string; pending_update_count: number; last_error_message?: string };
    };
    const hook = info.result;
    if (!hook?.url)
      return {
        part: 'telegram',
        status: 'warn',
        detail: `@${me.result!.username}: no webhook yet; run dealerbot telegram set-webhook <https URL>/telegram/webhook`,
      };
    return {
      part: 'telegram',
      status: hook.last_error_message ? 'warn' : 'ok',
      detail: `@${me.result!.username} → ${hook.url}, ${hook.pending_update_count} pending${hook.last_error_message ? `; last error: ${hook.last_error_message}` : ''}`,
    };
  } catch (err) {
    return { part: 'telegram', status: 'warn', detail: `Bot API unreachable (${(err as Error).message}); messages wait in the outbox` };
  }
}

async function slackCheck(config: Config, db: Db | undefined): Promise<Check> {
  const sl = config.slack;
  if (!sl) return { part: 'slack', status: 'off', detail: 'not configured (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET; see docs/channels.md)' };
  const mode = sl.appToken ? 'Socket Mode' : `HTTP events at ${config.publicUrl ?? '<PUBLIC_URL>'}/slack/events`;
  const linked = db ? await db.channelIdentity.count({ where: { channel: 'slack', staffId: { not: null } } }) : 0;
  const room = sl.handoffChannel ? `handoffs in ${sl.handoffChannel}` : 'no SLACK_HANDOFF_CHANNEL: handoffs only on the web staff side';
  try {
    const client = new WebClient(sl.botToken, { slackApiUrl: sl.apiUrl, retryConfig: { retries: 0 }, timeout: PROBE_MS });
    const auth = await client.auth.test();
    return { part: 'slack', status: sl.handoffChannel ? 'ok' : 'warn', detail: `@${auth.user} in ${auth.team}; ${mode}; ${linked} staff linked; ${room}` };
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error;
    if (code) return { part: 'slack', status: 'fail', detail: `Slack refused the bot token: ${code}` };
    return { part: 'slack', status: 'warn', detail: `Slack API unreachable (${(err as Error).message}); messages wait in the outbox` };
  }
}

async function wechatCheck(config: Config): Promise<Check> {
  const wx = config.wechat;
  if (!wx) return { part: 'wechat', status: 'off', detail: 'not configured (set WECHAT_TOKEN; see docs/channels.md)' };
  const mode = wx.encodingAesKey
    ? wx.acceptPlain
      ? 'safe mode (AES), plain callbacks still accepted (WECHAT_ACCEPT_PLAIN)'
      : 'safe mode (AES)'
    : 'plain mode';
  // the migration switch left on: anyone who saw one signed URL can post plain messages in its window
  if (wx.encodingAesKey && wx.acceptPlain) {
    return { part: 'wechat', status: 'warn', detail: `${mode}: once the console is in 安全模式, unset WECHAT_ACCEPT_PLAIN so only encrypted callbacks count` };
  }
  if (!wx.appId || !wx.appSecret) {
    return {
      part: 'wechat',
      status: 'warn',
      detail: `${mode}; passive replies only: set WECHAT_APP_ID and WECHAT_APP_SECRET for reminders, slow replies and advisers`,
    };
  }
  const base = wx.apiBase ?? 'https://api.weixin.qq.com';
  try {
    // stable_token does not invalidate the token the running service holds
    const res = await fetch(`${base}/cgi-bin/stable_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: wx.appId, secret: wx.appSecret }),
      signal: AbortSignal.timeout(PROBE_MS),
    });
    const body = (await res.json()) as { access_token?: string; errcode?: number; errmsg?: string };
    return body.access_token
      ? { part: 'wechat', status: 'ok', detail: `${mode}; access token OK for ${wx.appId}` }
      : {
          part: 'wechat',
          status: 'fail',
          detail: `${mode}; WeChat refused the AppID/AppSecret: ${body.errcode} ${body.errmsg ?? ''} (check the IP whitelist too)`,
        };
  } catch (err) {
    return { part: 'wechat', status: 'warn', detail: `${mode}; WeChat API unreachable (${(err as Error).message})` };
  }
}

/** The LLM's providers, each asked for its model list: the first, and the fallback when one is set. */
async function llmChecks(config: Config): Promise<Check[]> {
  const llm = config.llm;
  if (!llm) return [{ part: 'llm', status: 'off', detail: 'not configured: answers come from retrieval and rules (set OPENAI_API_KEY)' }];
  const first = await probeLlm('llm', llm, llm.timeoutMs, llm.fallback ? 'the fallback answers' : 'the bots fall back to retrieval');
  if (!llm.fallback) return [first];
  return [first, await probeLlm('llm fallback', llm.fallback, llm.timeoutMs, 'when the first fails too, the bots fall back to retrieval')];
}

async function probeLlm(part: string, p: LlmProviderConfig, timeoutMs: number, meanwhile: string): Promise<Check> {
  const base = (p.baseUrl ?? 'https://api.openai.com/v1').replace(/\/$/, '');
  try {
    const res = await fetch(`${base}/models`, {
      headers: { authorization: `Bearer ${p.apiKey}` },
      signal: AbortSignal.timeout(Math.min(timeoutMs, 5000)),
    });
    return res.ok
      ? { part, status: 'ok', detail: `${base} answers; model ${p.model}` }
      : { part, status: 'warn', detail: `${base} answered ${res.status}; ${meanwhile}` };
  } catch (err) {
    return { part, status: 'warn', detail: `${base} unreachable (${(err as Error).message}); ${meanwhile}` };
  }
}
