// Deep-link lead origins: `/start <payload>` on Telegram credits a campaign, a referral or
// a source on a fresh lead, once, and the greeting still answers.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBots, createUnderstander } from '../../../src/app.js';
import { leadOriginBot } from '../../../src/bots/lead-origin/leadOriginBot.js';
import { buildKnowledgeIndex } from '../../../src/bots/faq/buildKnowledgeIndex.js';
import { createTelegramChannel, type TelegramChannel } from '../../../src/channels/telegram/createTelegramChannel.js';
import { createHttpServer } from '../../../src/infra/httpServer.js';
import { OutboxWorker } from '../../../src/core/outbox.js';
import { Pipeline } from '../../../src/core/pipeline.js';
import { demoData, insertDemoStore } from '../../helpers/demoStore.js';
import { FAKE_BOT, startFakeTelegram, telegramUser, type FakeTelegram } from '../../helpers/fakeTelegram.js';
import { silentLogger } from '../../helpers/silentLogger.js';
import { createTestApp, type TestApp } from '../../helpers/testApp.js';

const SECRET = 'tg-secret_0123456789';

describe('lead origin from a Telegram deep link', () => {
  let fake: FakeTelegram;
  let h: TestApp;
  let channel: TelegramChannel;
  let outbox: OutboxWorker;
  let http: FastifyInstance;

  beforeEach(async () => {
    fake = await startFakeTelegram();
    h = await createTestApp({
      env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: fake.url },
      prepare: async (t) => void (await insertDemoStore(t.db)),
    });
    // app.ts does not route to the lead-origin bot yet: a pipeline with it first, as it will be wired
    const data = demoData();
    const kb = buildKnowledgeIndex(data);
    const pipeline = new Pipeline({
      db: h.app.db,
      clock: h.clock,
      log: silentLogger,
      store: h.app.store,
      bots: [leadOriginBot, ...createBots({ data, kb })],
      understand: createUnderstander(data, kb),
    });
    channel = createTelegramChannel({
      config: h.app.config.telegram!,
      pipeline,
      log: silentLogger,
      clock: h.clock,
      botInfo: FAKE_BOT,
      limits: { perChatIntervalMs: 0, globalPerSecond: 0, maxWaitMs: 0 },
    });
    // its own server: the same routes whether or not app.ts also wires the channel
    http = createHttpServer(silentLogger);
    channel.registerRoutes(http);
    outbox = new OutboxWorker({ db: h.app.db, clock: h.clock, log: silentLogger, senders: { telegram: channel.sender } });
    await h.t.db.campaign.create({
      data: {
        id: 'winter-drive',
        storeId: h.app.store.id,
        nameZh: '冬季试驾',
        nameEn: 'Winter drive',
        source: 'online',
        startsOn: '2026-12-01',
        endsOn: '2026-12-31',
        costCny: 10000,
      },
    });
  });
  afterEach(async () => {
    await http.close();
    await h.close();
    await fake.close();
  });

  async function start(userId: number, text: string) {
    const res = await http.inject({
      method: 'POST',
      url: '/telegram/webhook',
      headers: { 'x-telegram-bot-api-secret-token': SECRET },
      payload: telegramUser(userId).text(text) as object,
    });
    expect(res.statusCode).toBe(200);
    await outbox.tick();
    const identity = await h.t.db.channelIdentity.findUniqueOrThrow({
      where: { channel_externalId: { channel: 'telegram', externalId: String(userId) } },
      include: { customer: true },
    });
    return identity.customer!;
  }

  it('records the campaign on a new customer, and the greeting still answers', async () => {
    const customer = await start(601, '/start c_winter-drive');
    expect(customer).toMatchObject({ campaignId: 'winter-drive', source: 'online' });
    expect(
      fake
        .sent()
        .map((c) => c.params.text)
        .join('\n'),
    ).toContain(h.app.store.nameZh);
  });

  it('registers a referral code on the new customer', async () => {
    const referrer = await h.t.db.customer.create({ data: { storeId: h.app.store.id, source: 'walk_in', name: '老客户' } });
    await h.t.db.referral.create({ data: { code: 'AB12cd', referrerId: referrer.id } });
    const customer = await start(602, '/start r_AB12cd');
    expect(customer).toMatchObject({ referredById: referrer.id, source: 'referral' });
    expect(await h.t.db.referral.findUniqueOrThrow({ where: { code: 'AB12cd' } })).toMatchObject({ refereeId: customer.id, status: 'registered' });
  });

  it('records a named source, once', async () => {
    expect((await start(603, '/start s_Douyin')).source).toBe('douyin');
    expect(await start(603, '/start c_winter-drive')).toMatchObject({ source: 'douyin', campaignId: null });
  });

  it('ignores unknown codes and malformed payloads', async () => {
    expect(await start(604, '/start c_no-such-campaign')).toMatchObject({ source: 'telegram', campaignId: null });
    expect(await start(605, '/start r_nobody')).toMatchObject({ source: 'telegram', referredById: null });
    expect(await start(606, '/start c_winter.drive')).toMatchObject({ source: 'telegram', campaignId: null });
    expect(await h.t.db.auditLog.count({ where: { action: 'lead.origin' } })).toBe(0);
  });

  it('leaves a customer who already has an owner as they are', async () => {
    const staff = await h.t.db.staff.findFirstOrThrow();
    const owned = await h.t.db.customer.create({ data: { storeId: h.app.store.id, source: 'walk_in', ownerId: staff.id } });
    await h.t.db.channelIdentity.create({ data: { channel: 'telegram', externalId: '607', customerId: owned.id } });
    expect(await start(607, '/start c_winter-drive')).toMatchObject({ source: 'walk_in', campaignId: null });
  });
});
