// The chaos scenario, shared by test/chaos/chaos.test.ts, test/postgres/twoInstances.test.ts
// and `npm run bench -- chaos`: the real service in its own process on a temp SQLite file
// (or several processes on one PostgreSQL behind a round-robin balancer), Telegram pointed at a fake Bot
// API in this process that refuses a share of sends (429 with retry_after, 502, requests
// held with no answer), WeChat at a fake customer-service API; customers talking through
// the Telegram webhook, signed WeChat callbacks and the web chat; the service killed with
// SIGKILL mid-run (with several, one at a time while the others serve) and started again
// on the same store, while each platform redelivers as
// it does. Then it waits (bounded) until the service is quiet and checks the outcome
// (checkOutcome.ts). What "answered" and "repeat" mean is written in chaos.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FAKE_BOT, startFakeTelegram, telegramUser, tooManyRequests, type FakeCall, type Failure, type SendOutcome } from '../helpers/fakeTelegram.js';
import { startFakeWechat } from '../helpers/fakeWechat.js';
import { createPrisma } from '../../src/store/createPrisma.js';
import { checkOutcome, type Outcome } from './checkOutcome.js';
import { createPrng, hashToUnit } from './createPrng.js';
import { createTelegramPoster, sleep } from './createTelegramPoster.js';
import { createWebVisitor, type WebStats } from './createWebVisitor.js';
import { createWechatPoster } from './createWechatPoster.js';
import { Inbox } from './Inbox.js';
import { planConversations, type Conversation } from './planConversations.js';
import { startBalancer } from './startBalancer.js';
import { findFreePort, startServiceProcess, type ServiceProcess } from './startServiceProcess.js';

export interface ChaosOptions {
  seed: number;
  customers: { telegram: number; wechat: number; web: number; blockers?: number };
  /** SIGKILLs during the run (0: none) */
  kills: number;
  /** whether the fake Bot API refuses and holds a share of sends */
  faults: boolean;
  /** INBOUND_LEASE_MS and OUTBOX_LEASE_MS of the service */
  leaseMs: number;
  /** customers start over this long */
  rampMs: number;
  /** a step not answered within this long is a problem (and ends that customer's conversation) */
  stepTimeoutMs: number;
  /** how long the service may take to be quiet once every customer is done */
  quietTimeoutMs: number;
  /** progress lines (none: silent) */
  progress?: (line: string) => void;
  /** keep the temp dir (store, service log) for a post-mortem */
  keepDir?: boolean;
  /** service processes behind a round-robin balancer (default 1); more than one needs a PostgreSQL databaseUrl */
  instances?: number;
  /** the store (default: a SQLite file in the temp dir) */
  databaseUrl?: string;
}

export interface StepRecord {
  conversation: Conversation;
  index: number;
  sentAt: number;
  /** when the reply that answers it was seen (undefined: never) */
  answeredAt?: number;
  /** Telegram: the update's id; WeChat: the MsgId; web: the message id */
  eventRef: string;
}

export interface Kill {
  at: number;
  /** 'turn': right after a customer's message went out; 'send': while the fake held a delivered send's answer */
  mode: 'turn' | 'send';
  /** how long until the service was up again */
  restartMs: number;
}

export interface FaultCounts {
  tooManyRequests: number;
  badGateway: number;
  held: number;
  blocked: number;
}

export interface ChaosReport {
  messages: { telegram: number; wechat: number; web: number; total: number };
  kills: Kill[];
  faults: FaultCounts;
  platform: { telegramPosts: number; telegramRefusals: Record<string, number>; wechatRetries: number; webResends: number };
  /** from the first message to quiet */
  timeToQuietMs: number;
  /** the longest a message in flight at a kill waited for its answer, from the kill */
  maxAnswerAfterKillMs: number;
  /** how long customers waited for each answer, from sending their message */
  answerMs: { p50: number; p95: number; max: number };
  /** the five longest waits, for a post-mortem (times from the first message) */
  slowest: { who: string; step: number; sentAtMs: number; waitMs: number }[];
  outcome: Outcome;
  /** everything that went wrong; empty in a good run */
  problems: string[];
  dir: string;
}

const SECRET = 'chaos_hook_secret';
const WECHAT = { token: 'chaosWechatToken', appId: 'wx0123456789abcdef' };
const TIME_ZONE = 'Asia/Shanghai';

export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const say = o.progress ?? (() => undefined);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealerbot-chaos-'));
  const logFile = path.join(dir, 'service.log');
  const problems: string[] = [];
  const random = createPrng(o.seed);
  const conversations = planConversations({ seed: o.seed, ...o.customers, now: new Date(), timeZone: TIME_ZONE });
  const total = conversations.reduce((n, c) => n + c.steps.length, 0);

  // --- the platforms' fakes, and what each customer has been shown
  const inboxes = new Map<string, Inbox>();
  const inboxOf = (channel: string, who: string) => {
    const key = `${channel}:${who}`;
    if (!inboxes.has(key)) inboxes.set(key, new Inbox());
    return inboxes.get(key)!;
  };
  const faults: FaultCounts = { tooManyRequests: 0, badGateway: 0, held: 0, blocked: 0 };
  const blocked = new Set<string>();
  const seenSends = new Map<string, number>();
  /** Telegram deliveries, for the repeat count */
  const telegramDeliveries: { at: number; chat: string; text: string }[] = [];
  let killer: Killer | undefined;
  const telegram = await startFakeTelegram('123456:CHAOS-token', {
    fault: (call: FakeCall): SendOutcome => {
      const chat = String(call.params.chat_id);
      const text = String(call.params.text ?? call.params.caption ?? '');
      const attempt = (seenSends.get(`${chat}\u0000${text}`) ?? 0) + 1;
      seenSends.set(`${chat}\u0000${text}`, attempt);
      if (blocked.has(chat)) {
        faults.blocked++;
        return { error_code: 403, description: 'Forbidden: bot was blocked by the user' } satisfies Failure;
      }
      // a fault only on a message's first two attempts, so a reply waits seconds, not the outage backoff
      const u = o.faults && attempt <= 2 ? hashToUnit(o.seed, chat, text, attempt) : 1;
      if (u < 0.06) {
        faults.tooManyRequests++;
        return tooManyRequests(1 + (Math.floor(u * 100) % 2));
      }
      if (u < 0.12) {
        faults.badGateway++;
        return { error_code: 502, description: 'Bad Gateway' };
      }
      if (u < 0.16) {
        faults.held++;
        // half never answered, half answered (refused) long after the client gave up
        return { holdMs: u < 0.14 ? Infinity : 120_000 };
      }
      const buttons = ((call.params.reply_markup?.inline_keyboard ?? []) as { callback_data?: string }[][]).flat().map((b) => b.callback_data ?? '');
      const at = Date.now();
      telegramDeliveries.push({ at, chat, text });
      inboxOf('telegram', chat).push({ at, text, buttons, how: 'api' });
      const killing = killer?.killOnSend();
      return killing ? { deliver: true, answerAfter: killing } : null;
    },
  });
  const wechat = await startFakeWechat();
  // WeChat shows a turn's replies as one text, blank lines between them: each is a reply to match
  const pushWechat = (openid: string, at: number, text: string, how: 'api' | 'passive') => {
    for (const part of text.split('\n\n')) inboxOf('wechat', openid).push({ at, text: part, buttons: [], how });
  };
  const wechatDelivered = watchWechat(wechat.sent, (m) => pushWechat(m.touser, m.at, m.content, 'api'));

  // --- the service: one process, or several on one PostgreSQL behind a balancer
  const instances = o.instances ?? 1;
  const ports = await Promise.all(Array.from({ length: instances }, findFreePort));
  const balancer = instances > 1 ? await startBalancer(ports) : undefined;
  const baseUrl = `http://127.0.0.1:${balancer?.port ?? ports[0]}`;
  const env: Record<string, string> = {
    DATABASE_URL: o.databaseUrl ?? `file:${path.join(dir, 'chaos.db')}`,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    INBOUND_LEASE_MS: String(o.leaseMs),
    OUTBOX_LEASE_MS: String(o.leaseMs),
    WEB_CHAT_RATE_LIMIT: '1000000',
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: telegram.url,
    WECHAT_TOKEN: WECHAT.token,
    WECHAT_APP_ID: WECHAT.appId,
    WECHAT_APP_SECRET: 'chaos-app-secret',
    WECHAT_API_BASE: wechat.url,
  };
  // behind the balancer the requests name its address: that is the service's public URL
  // (the Host check answers 421 to any other name)
  const envOf = (i: number) => ({ ...env, PORT: String(ports[i]), ...(balancer ? { PUBLIC_URL: baseUrl } : {}) });
  const logOf = (i: number) => (instances > 1 ? logFile.replace(/\.log$/, `-${i + 1}.log`) : logFile);
  const firstStart = Date.now();
  // several instances start together on an empty store: one migrates and seeds, the others wait for it
  const services: ServiceProcess[] = await Promise.all(ports.map((_, i) => startServiceProcess(envOf(i), logOf(i))));
  say(
    `${instances} service process(es) up in ${Date.now() - firstStart} ms (first start: migrations and the demo store's seed); ${conversations.length} customers, ${total} messages`,
  );

  let killed = 0;
  // --- the kills: at message counts drawn from the seed, between 15% and 85% of the run
  killer = new Killer({
    thresholds: Array.from({ length: o.kills }, (_, i) => Math.floor(total * (0.15 + (0.7 * (i + random())) / Math.max(1, o.kills)))),
    turnDelayMs: () => 5 + random() * 60,
    kill: async (mode) => {
      const at = Date.now();
      // with several instances, each kill takes the next one down while the others serve
      const victim = killed++ % instances;
      await services[victim].kill();
      say(`killed instance ${victim + 1} (${mode}) at message ${messagesSent}/${total}`);
      return async () => {
        services[victim] = await startServiceProcess(envOf(victim), logOf(victim));
        return { at, mode, restartMs: Date.now() - at };
      };
    },
    onError: (err) => problems.push(`restart failed: ${(err as Error).message}`),
  });

  // --- the customers
  let stopped = false;
  const tgPoster = createTelegramPoster({ url: `${baseUrl}/telegram/webhook`, secret: SECRET });
  const wxPoster = createWechatPoster({ baseUrl, endpoint: WECHAT });
  const webStats: WebStats = { posts: 0, resends: 0, transcriptReads: 0 };
  const acks: Promise<boolean>[] = [];
  const records: StepRecord[] = [];
  let messagesSent = 0;
  const started = Date.now();

  async function converse(c: Conversation): Promise<void> {
    const inbox = inboxOf(c.channel, c.who);
    const tg = c.channel === 'telegram' ? telegramUser(Number(c.who)) : undefined;
    const visitor = c.channel === 'web' ? createWebVisitor({ baseUrl, stats: webStats, isStopped: () => stopped }) : undefined;
    await sleep(random() * o.rampMs);
    for (const [index, step] of c.steps.entries()) {
      await sleep(100 + random() * 400);
      if (c.blocksBot && index === c.steps.length - 1) blocked.add(c.who);
      const press = 'press' in step.say ? step.say.press : 'pressLike' in step.say ? inbox.lastButton(step.say.pressLike) : undefined;
      if ('pressLike' in step.say && !press) {
        problems.push(`${c.channel} ${c.who} step ${index}: no button like ${step.say.pressLike} was offered`);
        return;
      }
      const text = 'text' in step.say ? step.say.text : undefined;
      const record: StepRecord = { conversation: c, index, sentAt: Date.now(), eventRef: '' };
      records.push(record);
      messagesSent++;
      if (c.channel === 'telegram') {
        const update = text !== undefined ? tg!.text(text) : tg!.press(press!);
        record.eventRef = String(update.update_id);
        acks.push(tgPoster.deliver(update));
      } else if (c.channel === 'wechat') {
        // WeChat's MsgId is a 64-bit number: the seed and the message's number
        const msgId = `73${String(o.seed % 100_000).padStart(5, '0')}${String(records.length).padStart(9, '0')}`;
        record.eventRef = msgId;
        void wxPoster.deliver(c.who, text ?? press!, msgId).then((answer) => {
          if (answer.text) pushWechat(c.who, Date.now(), answer.text, 'passive');
          else if (answer.status !== 200) problems.push(`wechat ${c.who} message ${msgId}: answered ${answer.status || 'never'}`);
        });
      } else {
        const messageId = `chaos${o.seed}m${records.length}`;
        record.eventRef = messageId;
        void visitor!.send(text !== undefined ? { text } : { action: press }, messageId).then(({ replies }) => {
          for (const r of replies) inbox.push({ at: Date.now(), text: r.text, buttons: r.buttons, how: 'response' });
        });
      }
      killer!.onMessage(messagesSent);
      if (!step.expect) continue;
      const answer = await inbox.waitFor(step.expect, o.stepTimeoutMs);
      if (!answer) {
        problems.push(`${c.channel} ${c.who} step ${index} (${text ?? press}): no reply matching ${step.expect} within ${o.stepTimeoutMs} ms`);
        return;
      }
      record.answeredAt = answer.at;
    }
  }

  let outcome: Outcome | undefined;
  let quietAt = Date.now();
  try {
    await Promise.all(conversations.map(converse));
    say(`customers done in ${Date.now() - started} ms; waiting for the platforms' redeliveries and quiet`);
    await killer.idle();
    await withDeadline(Promise.all(acks), o.quietTimeoutMs, () => problems.push(`${tgPoster.unacknowledged()} Telegram updates never acknowledged`));
    const db = createPrisma(env.DATABASE_URL);
    try {
      const quiet = await waitForQuiet(db, o.quietTimeoutMs);
      quietAt = Date.now();
      if (!quiet.ok) problems.push(`not quiet within ${o.quietTimeoutMs} ms: ${quiet.detail}`);
      // a moment for a send answered just now to be seen by the fake's bookkeeping
      await sleep(200);
      wechatDelivered.poll();
      outcome = await checkOutcome({
        db,
        conversations,
        records,
        kills: killer.kills,
        botId: FAKE_BOT.id,
        telegramDeliveries,
        wechatDeliveries: wechat.sent,
        blocked,
        problems,
      });
    } finally {
      await db.$disconnect();
    }
  } finally {
    stopped = true;
    tgPoster.stop();
    wxPoster.stop();
    wechatDelivered.stop();
    await killer.idle();
    for (const [i, service] of services.entries()) {
      if (!(await service.stop())) problems.push(`service ${i + 1} did not stop within 15 s of SIGTERM (killed)`);
    }
    await balancer?.close();
    await telegram.close();
    await wechat.close();
    if (!o.keepDir && !problems.length) fs.rmSync(dir, { recursive: true, force: true });
  }

  return {
    messages: {
      telegram: records.filter((r) => r.conversation.channel === 'telegram').length,
      wechat: records.filter((r) => r.conversation.channel === 'wechat').length,
      web: records.filter((r) => r.conversation.channel === 'web').length,
      total: records.length,
    },
    kills: killer.kills,
    faults,
    platform: {
      telegramPosts: tgPoster.stats.posts,
      telegramRefusals: tgPoster.stats.refusals,
      wechatRetries: wxPoster.stats.retries,
      webResends: webStats.resends,
    },
    timeToQuietMs: quietAt - started,
    maxAnswerAfterKillMs: maxAnswerAfterKill(records, killer.kills),
    answerMs: waits(records),
    slowest: records
      .filter((r) => r.answeredAt !== undefined)
      .sort((a, b) => b.answeredAt! - b.sentAt - (a.answeredAt! - a.sentAt))
      .slice(0, 5)
      .map((r) => ({ who: `${r.conversation.channel} ${r.conversation.who}`, step: r.index, sentAtMs: r.sentAt - started, waitMs: r.answeredAt! - r.sentAt })),
    outcome: outcome!,
    problems,
    dir,
  };
}

/**
 * Kills the service when the message count reaches a threshold: a 'turn' kill at once (the
 * message just sent is being handled), a 'send' kill at the next Telegram send the fake
 * delivers, whose answer the fake holds until the process is gone (so that send was in
 * flight). Modes alternate, starting with 'turn'. Then starts it again on the same store.
 */
class Killer {
  readonly kills: Kill[] = [];
  private next = 0;
  private armed = false;
  private running?: Promise<void>;

  constructor(
    private readonly o: {
      thresholds: number[];
      turnDelayMs: () => number;
      kill: (mode: Kill['mode']) => Promise<() => Promise<Kill>>;
      onError: (err: unknown) => void;
    },
  ) {}

  onMessage(count: number): void {
    if (this.running || this.armed || this.next >= this.o.thresholds.length || count < this.o.thresholds[this.next]) return;
    if (this.next % 2 === 0) {
      // a moment for the message to reach the service and its turn to start (a turn takes tens of ms)
      this.start('turn', sleep(this.o.turnDelayMs()));
    } else {
      this.armed = true;
    }
  }

  /** For the fake Bot API: a promise to hold a delivered send's answer on, when a 'send' kill is due. */
  killOnSend(): Promise<unknown> | undefined {
    if (!this.armed || this.running) return undefined;
    this.armed = false;
    let killed!: () => void;
    const gone = new Promise<void>((resolve) => (killed = resolve));
    this.start('send', Promise.resolve(), killed);
    return gone;
  }

  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private start(mode: Kill['mode'], after: Promise<void>, onKilled?: () => void): void {
    this.next++;
    this.running = (async () => {
      try {
        await after;
        const restart = await this.o.kill(mode);
        onKilled?.();
        this.kills.push(await restart());
      } catch (err) {
        onKilled?.();
        this.o.onError(err);
      } finally {
        this.running = undefined;
      }
    })();
  }
}

/** Feeds WeChat's customer-service sends to the customers' inboxes as they come. */
function watchWechat<T>(sent: T[], push: (m: T) => void) {
  let seen = 0;
  const poll = () => {
    while (seen < sent.length) push(sent[seen++]);
  };
  const timer = setInterval(poll, 50);
  return { poll, stop: () => clearInterval(timer) };
}

/** Quiet: no inbound event waiting or running, no send due or in flight, no job slot running; the same twice in a row. */
async function waitForQuiet(db: ReturnType<typeof createPrisma>, timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
  const deadline = Date.now() + timeoutMs;
  let calm = 0;
  let detail = '';
  while (Date.now() < deadline) {
    const now = new Date();
    const [inbound, sending, due, jobs] = await Promise.all([
      db.inboundEvent.count({ where: { status: { in: ['received', 'failed'] } } }),
      db.outboxMessage.count({ where: { status: 'sending' } }),
      db.outboxMessage.count({ where: { status: 'pending', nextAttemptAt: { lte: now } } }),
      db.jobRun.count({ where: { status: 'running' } }),
    ]);
    detail = `${inbound} inbound events waiting, ${sending} sends in flight, ${due} sends due, ${jobs} job slots running`;
    calm = inbound + sending + due + jobs === 0 ? calm + 1 : 0;
    if (calm >= 2) return { ok: true, detail };
    await sleep(250);
  }
  return { ok: false, detail };
}

async function withDeadline<T>(p: Promise<T>, ms: number, onLate: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  if ((await Promise.race([p, late])) === 'late') onLate();
  clearTimeout(timer);
}

function waits(records: StepRecord[]): ChaosReport['answerMs'] {
  const ms = records
    .filter((r) => r.answeredAt !== undefined)
    .map((r) => r.answeredAt! - r.sentAt)
    .sort((a, b) => a - b);
  const at = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), max: ms.at(-1) ?? 0 };
}

/** For each kill, the messages sent before it and answered after it: the longest wait from the kill. */
function maxAnswerAfterKill(records: StepRecord[], kills: Kill[]): number {
  let max = 0;
  for (const k of kills) {
    for (const r of records) {
      if (r.sentAt <= k.at && r.answeredAt !== undefined && r.answeredAt > k.at) max = Math.max(max, r.answeredAt - k.at);
    }
  }
  return max;
}
