// The composition root: the one place that wires config, store, core, channels and bots.
// `dealerbot start` and the tests build the service through createDealerbot().
import type { FastifyInstance } from 'fastify';
import { complaintBot } from './bots/complaint/complaintBot.js';
import { createCrmBot } from './bots/crm/crmBot.js';
import { createDigestJob } from './bots/digest/createDigestJob.js';
import { createFollowUpJobs } from './bots/follow-up/createFollowUpJobs.js';
import { createFollowUpBot } from './bots/follow-up/followUpBot.js';
import { createTargetBot } from './bots/targets/targetBot.js';
import { createPracticeBot } from './bots/coach/practiceBot.js';
import { createCoachBot } from './bots/coach/coachBot.js';
import { buildObjectionIndex } from './bots/coach/buildObjectionIndex.js';
import { classifyObjection } from './bots/coach/classifyObjection.js';
import { createPracticeExpiryJob } from './bots/coach/practiceExpiryJob.js';
import { fallbackBot } from './bots/fallback/fallbackBot.js';
import { buildKnowledgeIndex, type KnowledgeBase } from './bots/faq/buildKnowledgeIndex.js';
import { createFaqBot } from './bots/faq/faqBot.js';
import { searchKnowledge } from './bots/faq/searchKnowledge.js';
import { customerHandoffBot } from './bots/handoff/customerHandoffBot.js';
import { createHandoffReminderJob, createHandoffTimeoutJob } from './bots/handoff/handoffTimeoutJob.js';
import { staffHandoffBot } from './bots/handoff/staffHandoffBot.js';
import { createPrivacyBot } from './bots/privacy/privacyBot.js';
import { createRetentionJob } from './bots/privacy/retentionJob.js';
import { createTestDriveBot } from './bots/test-drive/testDriveBot.js';
import { createStaffInviteBot } from './bots/staff-admin/staffInviteBot.js';
import { customerWelcome, greetingBot } from './bots/greeting/greetingBot.js';
import { createWebSender } from './channels/web/webSender.js';
import { createTelegramChannel, type TelegramChannel } from './channels/telegram/createTelegramChannel.js';
import { createWechatChannel } from './channels/wechat/createWechatChannel.js';
import { createSlackChannel, SLACK_RAW_CHANNEL, type SlackChannel } from './channels/slack/createSlackChannel.js';
import { leadOriginBot } from './bots/lead-origin/leadOriginBot.js';
import { registerWebChannel } from './channels/web/registerWebChannel.js';
import { computeBoard } from './sales/board/computeBoard.js';
import { exportCustomers } from './sales/privacy/exportCustomers.js';
import { computeFunnel } from './sales/board/funnel.js';
import type { Bot, StoreInfo } from './core/bot.js';
import { systemClock, type Clock } from './infra/clock.js';
import type { Config } from './infra/config.js';
import { createHttpServer } from './infra/httpServer.js';
import { createLogger, type Logger } from './infra/logger.js';
import { createLlmClient, type LlmClient } from './llm/llmClient.js';
import { createMetrics, type Metrics } from './infra/metrics.js';
import { understand } from './understanding/nlu/understand.js';
import { registerOpsRoutes } from './infra/opsRoutes.js';
import type { ChannelName } from './core/message.js';
import { OutboxWorker, type Sender } from './core/outbox.js';
import { Pipeline } from './core/pipeline.js';
import { InboundSweeper } from './core/inboundSweeper.js';
import { createTurnSlots } from './core/turnSlots.js';
import { Scheduler, type JobDef } from './core/scheduler.js';
import type { Db } from './store/createPrisma.js';
import { openStore } from './store/openStore.js';
import { loadStoreData } from './storeData/loadStoreData.js';
import { type StoreData } from './storeData/storeDataSchema.js';
import { seedDemo } from './store/seed/seedDemo.js';
import { seedStore } from './store/seed/seedStore.js';
import { rulesFromProfile } from './sales/testDrives/testDriveRules.js';

export interface Dealerbot {
  config: Config;
  db: Db;
  store: StoreInfo;
  http: FastifyInstance;
  pipeline: Pipeline;
  sweeper: InboundSweeper;
  telegram?: TelegramChannel;
  slack?: SlackChannel;
  outbox: OutboxWorker;
  scheduler: Scheduler;
  metrics: Metrics;
  log: Logger;
  /** Starts the HTTP server, the outbox worker and the scheduler; returns the base URL. */
  start(): Promise<string>;
  /** Graceful shutdown: stop accepting, finish what is in flight, then close the store. */
  stop(): Promise<void>;
}

export interface DealerbotOptions {
  config: Config;
  clock?: Clock;
  log?: Logger;
  /** Extra scheduled jobs (tests); bots bring their own. */
  jobs?: JobDef[];
  outboxIntervalMs?: number;
  /** Senders that replace or add to the built-in ones, by channel. */
  senders?: Partial<Record<ChannelName, Sender>>;
}

// the notice's text changed (it states how long transcripts are kept): a new version
export const CONSENT_VERSION = 'privacy-notice-2026-12';

export interface BotDeps {
  data: StoreData;
  kb: KnowledgeBase;
  llm?: LlmClient;
  /** where staff open links the bots send (an invite): PUBLIC_URL */
  publicUrl?: string;
}

/** The bots in routing order: the first that handles a turn wins; the fallback is last. */
export function createBots(deps: BotDeps): Bot[] {
  const { data } = deps;
  const rules = rulesFromProfile(data.testDrive, data.store.timezone);
  const objections = buildObjectionIndex(data);
  const testDrive = createTestDriveBot({
    rules,
    models: data.catalog.models,
    address: data.store.address,
    consentVersion: CONSENT_VERSION,
  });
  return [
    // customers
    leadOriginBot,
    createPrivacyBot(CONSENT_VERSION, data.salesRules.retention),
    customerHandoffBot,
    complaintBot,
    createFollowUpBot({ rules: data.salesRules }),
    testDrive,
    // staff
    staffHandoffBot,
    createStaffInviteBot({ publicUrl: deps.publicUrl }),
    createCrmBot({ data, rules }),
    createTargetBot({ data }),
    // before any bot that reads free staff text: a trainee's replies belong to the practice
    createPracticeBot({ data, llm: deps.llm, classify: (text) => classifyObjection(text, objections).ids[0] ?? null }),
    createCoachBot({ data, llm: deps.llm, objectionIndex: objections }),
    // both
    greetingBot,
    createFaqBot(deps),
    fallbackBot,
  ];
}

/** Scheduled jobs: the core's own, the sales rhythm's (sweeps, nudges, the morning digest) and the bots'. */
export function createJobs(db: Db, bots: Bot[], store?: StoreInfo, data?: StoreData, config?: Config): JobDef[] {
  const hours = (data?.store.hours as { sales?: { open?: string; close?: string } } | undefined)?.sales;
  const salesPhone = (data?.store.phones as { sales?: string } | undefined)?.sales;
  return [
    createHandoffTimeoutJob(db, store),
    ...(store ? [createHandoffReminderJob(db, store, { timeZone: store.timezone, open: hours?.open ?? '09:00', close: hours?.close ?? '18:00' })] : []),
    ...(store && data ? createFollowUpJobs(db, store, data.salesRules, { salesPhone }) : []),
    createPracticeExpiryJob(db),
    createRetentionJob(db, data?.salesRules.retention),
    ...(store && data ? [createDigestJob({ db, store, data, channels: config?.slack?.digestChannels })] : []),
    ...bots.flatMap((b) => b.jobs ?? []),
  ];
}

/** The store's reading of a customer text: intent and slots, in the store's timezone. */
export function createUnderstander(data: StoreData, kb: KnowledgeBase) {
  return (text: string, now: Date) =>
    understand(text, {
      now,
      timeZone: data.store.timezone,
      models: data.catalog.models,
      // search only: composing the answer text is the FAQ bot's job, once, if it answers
      faqScore: (t) => searchKnowledge(t, kb).confidence,
    });
}

export async function openSeededStore(config: Config, clock: Clock, log: Logger): Promise<Db> {
  return openStore({
    databaseUrl: config.databaseUrl,
    busyTimeoutMs: config.databaseBusyTimeoutMs,
    seedIfEmpty: async (db) => {
      log.info({ dataDir: config.storeDataDir }, 'empty store: loading the store data and a demo history');
      const summary = await seedDemo(db, { dataDir: config.storeDataDir, now: clock.now() });
      log.info({ summary }, 'store seeded');
    },
  });
}

export async function loadStoreInfo(db: Db): Promise<StoreInfo> {
  const store = await db.store.findFirst({ orderBy: { createdAt: 'asc' } });
  if (!store) throw new Error('the store has no dealership: run `dealerbot db seed`');
  return { id: store.id, nameZh: store.nameZh, nameEn: store.nameEn, timezone: store.timezone };
}

export async function createDealerbot(opts: DealerbotOptions): Promise<Dealerbot> {
  const { config } = opts;
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? createLogger(config.logLevel, undefined, config.logFormat);
  const db = await openSeededStore(config, clock, log);
  // The data files are the source of truth: the store's rows follow them at every start.
  const data = loadStoreData(config.storeDataDir);
  await seedStore(db, data);
  const store: StoreInfo = {
    ...(await loadStoreInfo(db)),
    staffRoom: config.slack?.handoffChannel ? { channel: 'slack', chatId: config.slack.handoffChannel } : undefined,
  };
  const metrics = createMetrics(db, { defaultMetrics: true });
  const kb = buildKnowledgeIndex(data);
  const slots = createTurnSlots();
  const llm = config.llm ? createLlmClient(config.llm, { db, log, clock, slots }) : undefined;
  const bots = createBots({ data, kb, llm, publicUrl: config.publicUrl });
  const pipeline = new Pipeline({ db, clock, log, store, bots, metrics, slots, inboundLeaseMs: config.leases.inboundMs, understand: createUnderstander(data, kb) });
  const telegram = config.telegram ? createTelegramChannel({ config: config.telegram, pipeline, log, clock }) : undefined;
  const slack = config.slack ? createSlackChannel({ config: config.slack, pipeline, db, log, clock }) : undefined;
  const wechat = config.wechat ? createWechatChannel({ config: config.wechat, pipeline, db, log, clock }) : undefined;
  const outbox = new OutboxWorker({
    db, clock, log, metrics, leaseMs: config.leases.outboxMs,
    senders: {
      web: createWebSender(db, clock),
      ...(telegram ? { telegram: telegram.sender } : {}),
      ...(wechat ? { wechat: wechat.sender } : {}),
      ...(slack ? { slack: slack.sender } : {}),
      ...opts.senders,
    },
  });
  // runs again what a dead process left half-done (and failed turns whose retry is due)
  const sweeper = new InboundSweeper({ db, clock, log, metrics, pipeline, leaseMs: config.leases.inboundMs, redrivers: slack ? { [SLACK_RAW_CHANNEL]: slack.redrive } : {} });
  const jobs = [...createJobs(db, bots, store, data, config), ...(opts.jobs ?? [])];
  const scheduler = new Scheduler({ db, clock, log, timezone: store.timezone, jobs, metrics });

  const http = createHttpServer(log, { trustProxy: config.trustProxy, host: config.host, publicUrl: config.publicUrl, embedOrigins: config.embedOrigins });
  registerOpsRoutes(http, { db, metrics, metricsToken: config.metricsToken });
  await registerWebChannel(http, {
    db, pipeline, config, store, clock,
    welcome: (lang) => customerWelcome(lang, store),
    dashboard: { computeBoard, computeFunnel, exportCustomers },
  });
  telegram?.registerRoutes(http);
  wechat?.registerRoutes(http);
  slack?.registerRoutes(http);

  let started = false;
  return {
    config, db, store, http, pipeline, sweeper, telegram, slack, outbox, scheduler, metrics, log,
    async start() {
      await telegram?.start();
      await slack?.start();
      const url = await http.listen({ port: config.port, host: config.host });
      outbox.start(opts.outboxIntervalMs ?? 1000);
      sweeper.start();
      await scheduler.start();
      started = true;
      return url;
    },
    async stop() {
      await telegram?.stop();
      await http.close();
      // after the server: Slack work acknowledged but still running finishes first
      await slack?.stop();
      if (started) {
        await sweeper.drain();
        await scheduler.stop();
        await outbox.drain();
      }
      await db.$disconnect();
    },
  };
}
