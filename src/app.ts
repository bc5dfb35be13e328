// The composition root: the one place that wires config, store, core, channels and bots.
// `dealerbot start` and the tests build the service through createDealerbot().
import type { FastifyInstance } from 'fastify';
import { complaintBot } from './bots/complaint/complaintBot.js';
import { createCrmBot } from './bots/crm/crmBot.js';
import { createDigestBot } from './bots/digest/digestBot.js';
import { createFollowUpBot } from './bots/follow-up/followUpBot.js';
import { createTargetBot } from './bots/targets/targetBot.js';
import { createPracticeBot } from './bots/coach/practiceBot.js';
import { createCoachBot } from './bots/coach/coachBot.js';
import { buildObjectionIndex } from './bots/coach/buildObjectionIndex.js';
import { classifyObjection } from './bots/coach/classifyObjection.js';
import { fallbackBot } from './bots/fallback/fallbackBot.js';
import { buildKnowledgeIndex, type KnowledgeBase } from './bots/faq/buildKnowledgeIndex.js';
import { createFaqBot } from './bots/faq/faqBot.js';
import { searchKnowledge } from './bots/faq/searchKnowledge.js';
import { customerHandoffBot } from './bots/handoff/customerHandoffBot.js';
import { staffHandoffBot } from './bots/handoff/staffHandoffBot.js';
import { createPrivacyBot } from './bots/privacy/privacyBot.js';
import { createTestDriveBot } from './bots/test-drive/testDriveBot.js';
import { createStaffInviteBot } from './bots/staff-admin/staffInviteBot.js';
import { customerWelcome, greetingBot } from './bots/greeting/greetingBot.js';
import { createWebChannel } from './channels/web/createWebChannel.js';
import { createTelegramChannel, type TelegramChannel } from './channels/telegram/createTelegramChannel.js';
import { createWechatChannel } from './channels/wechat/createWechatChannel.js';
import { createSlackChannel, type SlackChannel } from './channels/slack/createSlackChannel.js';
import { leadOriginBot } from './bots/lead-origin/leadOriginBot.js';
import { computeBoard } from './sales/board/computeBoard.js';
import { exportCustomers } from './sales/privacy/exportCustomers.js';
import { computeFunnel } from './sales/board/funnel.js';
import type { Bot, StoreInfo } from './core/bot.js';
import { systemClock, type Clock } from './infra/clock.js';
import type { Config, DigestChannels } from './infra/config.js';
import { createHttpServer } from './infra/httpServer.js';
import { createLogger, type Logger } from './infra/logger.js';
import { createLlmClient, type LlmClient } from './llm/llmClient.js';
import { createMetrics, type Metrics } from './infra/metrics.js';
import { intentVocabulary, trainIntentClassifier } from './understanding/classify/trainIntentClassifier.js';
import { understand } from './understanding/nlu/understand.js';
import { registerOpsRoutes } from './infra/opsRoutes.js';
import { reachabilityOf, type Channel } from './core/channel.js';
import { collectJobs } from './core/jobRegistry.js';
import type { ChannelName } from './core/message.js';
import { OutboxWorker, type Sender } from './core/outbox.js';
import { Pipeline } from './core/pipeline.js';
import { InboundSweeper } from './core/inboundSweeper.js';
import { createTurnSlots } from './core/turnSlots.js';
import { createPostgresChatLock, createProcessChatLock } from './core/chatLock.js';
import { databaseEngine } from './store/databaseEngine.js';
import { Scheduler, type JobDef } from './core/scheduler.js';
import type { Db } from './store/createPrisma.js';
import { openStore } from './store/openStore.js';
import { loadStoreData } from './storeData/loadStoreData.js';
import type { StoreData } from './storeData/storeDataSchema.js';
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

interface DealerbotOptions {
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

interface BotDeps {
  data: StoreData;
  kb: KnowledgeBase;
  llm?: LlmClient;
  /** where staff open links the bots send (an invite): PUBLIC_URL */
  publicUrl?: string;
  /** SLACK_DIGEST_CHANNELS: where each team's morning board is posted */
  digestChannels?: DigestChannels;
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
    createFollowUpBot({ rules: data.salesRules, salesPhone: (data.store.phones as { sales?: string } | undefined)?.sales }),
    testDrive,
    // staff
    staffHandoffBot,
    createStaffInviteBot({ publicUrl: deps.publicUrl }),
    createCrmBot({ data, rules }),
    createTargetBot({ data }),
    createDigestBot({ channels: deps.digestChannels }),
    // before any bot that reads free staff text: a trainee's replies belong to the practice
    createPracticeBot({ data, llm: deps.llm, classify: (text) => classifyObjection(text, objections).ids[0] ?? null }),
    createCoachBot({ data, llm: deps.llm, objectionIndex: objections }),
    // both
    greetingBot,
    createFaqBot(deps),
    fallbackBot,
  ];
}

/** The store's reading of a customer text: intent and slots, in the store's timezone. */
export function createUnderstander(data: StoreData, kb: KnowledgeBase) {
  const intents = trainIntentClassifier(intentVocabulary(data));
  return (text: string, now: Date) =>
    understand(text, {
      now,
      timeZone: data.store.timezone,
      models: data.catalog.models,
      intents,
      // search only: composing the answer text is the FAQ bot's job, once, if it answers
      faqScore: (t) => searchKnowledge(t, kb).confidence,
    });
}

export async function openSeededStore(config: Config, clock: Clock, log: Logger): Promise<Db> {
  return openStore({
    databaseUrl: config.databaseUrl,
    busyTimeoutMs: config.databaseBusyTimeoutMs,
    poolSize: config.databasePoolSize,
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
  const bots = createBots({ data, kb, llm, publicUrl: config.publicUrl, digestChannels: config.slack?.digestChannels });
  const chatLock =
    databaseEngine(config.databaseUrl) === 'postgres'
      ? createPostgresChatLock({
          databaseUrl: config.databaseUrl,
          connections: config.databasePoolSize,
          waitMs: config.leases.inboundMs,
          onError: (err) => log.warn({ err: err.message }, 'chat lock connection lost: it is replaced on the next turn'),
        })
      : createProcessChatLock();
  const pipeline = new Pipeline({
    db,
    clock,
    log,
    store,
    bots,
    metrics,
    slots,
    chatLock,
    inboundLeaseMs: config.leases.inboundMs,
    understand: createUnderstander(data, kb),
  });
  // the channels: the web chat always, the others when their keys are set (a new channel is one line here)
  const telegram = config.telegram ? createTelegramChannel({ config: config.telegram, pipeline, log, clock }) : undefined;
  const slack = config.slack ? createSlackChannel({ config: config.slack, pipeline, db, log, clock }) : undefined;
  const channels: Channel[] = [
    createWebChannel({
      db,
      pipeline,
      config,
      store,
      clock,
      welcome: (lang) => customerWelcome(lang, store),
      dashboard: { computeBoard, computeFunnel, exportCustomers },
    }),
    ...(telegram ? [telegram] : []),
    ...(config.wechat ? [createWechatChannel({ config: config.wechat, pipeline, db, log, clock })] : []),
    ...(slack ? [slack] : []),
  ];
  const outbox = new OutboxWorker({
    db,
    clock,
    log,
    metrics,
    leaseMs: config.leases.outboxMs,
    senders: { ...Object.fromEntries(channels.map((c) => [c.name, c.sender])), ...opts.senders },
  });
  // runs again what a dead process left half-done (and failed turns whose retry is due)
  const redrivers = Object.assign({}, ...channels.map((c) => c.redrivers ?? {}));
  const sweeper = new InboundSweeper({ db, clock, log, metrics, pipeline, leaseMs: config.leases.inboundMs, redrivers });
  const jobs = collectJobs(bots, { db, store, data, reach: reachabilityOf(channels) }, opts.jobs);
  const scheduler = new Scheduler({ db, clock, log, timezone: store.timezone, jobs, metrics });

  const http = createHttpServer(log, { trustProxy: config.trustProxy, host: config.host, publicUrl: config.publicUrl, embedOrigins: config.embedOrigins });
  registerOpsRoutes(http, { db, metrics, metricsToken: config.metricsToken });
  for (const channel of channels) await channel.registerRoutes(http);

  let started = false;
  return {
    config,
    db,
    store,
    http,
    pipeline,
    sweeper,
    telegram,
    slack,
    outbox,
    scheduler,
    metrics,
    log,
    async start() {
      for (const channel of channels) await channel.start?.();
      const url = await http.listen({ port: config.port, host: config.host });
      outbox.start(opts.outboxIntervalMs ?? 1000);
      sweeper.start();
      await scheduler.start();
      started = true;
      return url;
    },
    async stop() {
      await http.close();
      // after the server: polling ends, work acknowledged but still running (Slack) finishes
      for (const channel of channels) await channel.stop?.();
      if (started) {
        await sweeper.drain();
        await scheduler.stop();
        await outbox.drain();
      }
      await chatLock.close();
      await db.$disconnect();
    },
  };
}
