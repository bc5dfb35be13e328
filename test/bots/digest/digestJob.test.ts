// The morning digest end to end: the job on the scheduler, the outbox, the real Slack sender
// (WebClient) against a fake Web API on 127.0.0.1 — blocks to the team channel, the chart
// uploaded with files.uploadV2's three calls in the post's thread, a DM per consultant.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDigestJob, digestRulesOf, runDigest, type DigestJobDeps } from '../../../src/bots/digest/createDigestJob.js';
import { createSlackChannel, type SlackChannel } from '../../../src/channels/slack/createSlackChannel.js';
import { ManualClock } from '../../../src/infra/clock.js';
import type { OutboundMessage } from '../../../src/core/message.js';
import { OutboxWorker } from '../../../src/core/outbox.js';
import { Scheduler } from '../../../src/core/scheduler.js';
import type { Board } from '../../../src/sales/board/boardTypes.js';
import { createPrisma, type Db } from '../../../src/store/createPrisma.js';
import { startFakeSlack, type FakeSlack } from '../../helpers/fakeSlack.js';
import { insertMinimalStore } from '../../helpers/fixtures.js';
import { silentLogger } from '../../helpers/silentLogger.js';
import { createTestDb, type TestDb } from '../../helpers/testDb.js';
import { fixtureBoard, fixtureCalls, pngSize } from './digestFixtures.js';

const TZ = 'Asia/Shanghai';
const SLOT = '2026-12-03T00:30:00.000Z'; // 08:30 in Shanghai
const LIN = 'U0LIN0001';
const TEAM_CHANNEL = 'C0SALES1';
const STORE_CHANNEL = 'C0STORE1';

describe('digest job', () => {
  let t: TestDb;
  let fake: FakeSlack;
  let slack: SlackChannel;
  let clock: ManualClock;
  let boards: string[];
  let deps: DigestJobDeps;

  beforeEach(async () => {
    t = await createTestDb();
    const store = await insertMinimalStore(t.db);
    await t.db.channelIdentity.create({ data: { channel: 'slack', externalId: LIN, staffId: 'st-c' } });
    clock = new ManualClock(SLOT);
    fake = await startFakeSlack();
    slack = createSlackChannel({
      config: { botToken: fake.token, signingSecret: 'x'.repeat(32), apiUrl: fake.apiUrl },
      pipeline: undefined as never,
      db: t.db,
      log: silentLogger,
      clock,
    });
    boards = [];
    deps = {
      db: t.db,
      store,
      channels: { 'team-t': { channel: TEAM_CHANNEL }, store: { channel: STORE_CHANNEL, lang: 'en' } },
      async computeBoard(_db, args) {
        boards.push(`${args.teamId ?? 'store'}@${args.date}`);
        const b = fixtureBoard({ date: args.date });
        return {
          ...b,
          scope: args.teamId ? { kind: 'team', id: args.teamId, nameZh: '一组', nameEn: 'Team 1' } : { kind: 'store' },
          ranking: [{ ...b.ranking[0], id: 'st-c', teamId: 'team-t' }],
        } satisfies Board;
      },
      buildCallList: async () => fixtureCalls(),
    };
  });
  afterEach(async () => {
    await slack.stop();
    await fake.close();
    await t.close();
  });

  const scheduler = (db: Db = t.db, instanceId = 'a') =>
    new Scheduler({ db, clock, log: silentLogger, timezone: TZ, jobs: [createDigestJob(deps)], instanceId });
  const worker = () => new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { slack: slack.sender } });

  /** Ticks the outbox, stepping the clock, until nothing is pending. */
  async function deliverAll(w = worker(), steps = 10) {
    for (let i = 0; i < steps; i++) {
      await w.tick();
      if ((await t.db.outboxMessage.count({ where: { status: { in: ['pending', 'sending'] } } })) === 0) return;
      clock.advance(10 * 60_000);
    }
  }

  it('posts the board to the team channel, uploads the chart in its thread and DMs each consultant', async () => {
    expect(await scheduler().runDue()).toEqual({ digest: 'done' });
    expect(boards.sort()).toEqual(['store@2026-12-03', 'team-t@2026-12-03']);
    const keys = (await t.db.outboxMessage.findMany({ orderBy: { idempotencyKey: 'asc' } })).map((r) => r.idempotencyKey);
    expect(keys).toEqual([
      'digest:2026-12-03:store',
      'digest:2026-12-03:store:chart',
      'digest:2026-12-03:team-t',
      'digest:2026-12-03:team-t:chart',
      'notify:digest:2026-12-03:dm:st-c',
    ]);
    await deliverAll();

    const posts = fake.callsOf('chat.postMessage');
    const team = posts.find((c) => c.params.channel === TEAM_CHANNEL)!;
    expect(team.params.text).toContain('每日看板 · 一组 · 2026-12-03');
    const blocks = team.params.blocks as { type: string; fields?: unknown[] }[];
    expect(blocks.some((b) => b.type === 'divider')).toBe(true);
    expect(blocks.filter((b) => b.fields).length).toBeGreaterThanOrEqual(4);
    expect(posts.find((c) => c.params.channel === STORE_CHANNEL)!.params.text).toContain('Daily board · Whole store · 2026-12-03');

    // the chart: the three calls of files.uploadV2, in the thread of the team's post
    expect(fake.callsOf('files.getUploadURLExternal')).toHaveLength(2);
    expect(fake.callsOf('upload')).toHaveLength(2);
    expect(fake.callsOf('files.completeUploadExternal')).toHaveLength(2);
    const teamRoot = await t.db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: 'digest:2026-12-03:team-t' } });
    const upload = fake.uploads.find((u) => u.completed?.channelId === TEAM_CHANNEL)!;
    expect(upload.completed!.threadTs).toBe(teamRoot.sentRef!.split('/')[1]);
    expect(upload.filename).toBe('board-team-t-2026-12-03.png');
    expect(pngSize(upload.bytes!).width).toBe(960);
    const chartRow = await t.db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: 'digest:2026-12-03:team-t:chart' } });
    expect(upload.bytes!.equals(Buffer.from((chartRow.payload as unknown as OutboundMessage).attachment!.data, 'base64'))).toBe(true);

    // the consultant's DM, in their language (zh first), with CRM buttons
    const dm = posts.find((c) => c.params.channel === LIN)!;
    expect(dm.params.text).toContain('早上好，林晓雯！2026-12-03 的工作');
    expect(dm.params.text).toContain('1. 周** · H级 · xingyao-s7 · 3天未联系');
    const actions = (dm.params.blocks as { type: string; elements?: { value: string }[] }[]).find((b) => b.type === 'actions')!;
    expect(actions.elements!.map((e) => e.value)).toEqual(['crm:open:cust-1', 'crm:open:cust-2', 'crm:open:cust-3']);
    expect(await t.db.outboxMessage.count({ where: { status: 'sent' } })).toBe(5);
  });

  it('runs a slot once with two schedulers on one store, and a re-run queues nothing new', async () => {
    const otherDb = createPrisma(t.url);
    const outcomes = await Promise.all([scheduler(t.db, 'a').runDue(), scheduler(otherDb, 'b').runDue(), scheduler(t.db, 'a').runDue()]);
    await otherDb.$disconnect();
    expect(outcomes.map((o) => o.digest).sort()).toEqual(['done', 'taken', 'taken']);
    expect(boards).toHaveLength(2);
    expect(await t.db.outboxMessage.count()).toBe(5);
    // the same day run again by hand (or by a second process without the claim): same keys, no new rows
    await runDigest(deps, { date: '2026-12-03', now: clock.now() });
    expect(await t.db.outboxMessage.count()).toBe(5);
    await deliverAll();
    expect(fake.callsOf('chat.postMessage')).toHaveLength(3);
    expect(fake.callsOf('files.completeUploadExternal')).toHaveLength(2);
  });

  it('retries a failed post and a failed upload from the outbox with the same payload, posting the blocks once', async () => {
    deps.channels = { 'team-t': { channel: TEAM_CHANNEL } };
    fake.failNext('chat.postMessage', { status: 500 });
    fake.failNext('files.getUploadURLExternal', { status: 429, retryAfter: 30 });
    fake.failNext('upload', { status: 500 });
    await scheduler().runDue();
    const before = await t.db.outboxMessage.findMany({ orderBy: { idempotencyKey: 'asc' } });
    await deliverAll();
    const after = await t.db.outboxMessage.findMany({ orderBy: { idempotencyKey: 'asc' } });
    expect(after.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(after.map((r) => r.payload)).toEqual(before.map((r) => r.payload));
    expect(boards).toEqual(['team-t@2026-12-03']); // rendered once, never recomputed

    const teamPosts = fake.callsOf('chat.postMessage').filter((c) => c.params.channel === TEAM_CHANNEL);
    expect(teamPosts).toHaveLength(2); // the 500, then the one that went through
    expect(teamPosts[1].params.blocks).toEqual(teamPosts[0].params.blocks);
    const chart = after.find((r) => r.idempotencyKey.endsWith(':chart'))!;
    expect(chart.attempts).toBeGreaterThanOrEqual(3); // 429 at the URL, 500 at the bytes, then done
    expect(fake.callsOf('files.getUploadURLExternal').length).toBe(3);
    expect(fake.callsOf('files.completeUploadExternal')).toHaveLength(1);
    const done = fake.uploads.filter((u) => u.completed);
    expect(done).toHaveLength(1);
    expect(done[0].bytes!.equals(Buffer.from((chart.payload as unknown as OutboundMessage).attachment!.data, 'base64'))).toBe(true);
  });

  it('catches a missed slot up within two hours, and not after', async () => {
    clock.set(new Date('2026-12-03T02:25:00Z')); // 10:25: 1 h 55 min late
    const s = scheduler();
    await s.start();
    await s.stop();
    expect(boards.sort()).toEqual(['store@2026-12-03', 'team-t@2026-12-03']);

    await t.db.jobRun.deleteMany();
    await t.db.outboxMessage.deleteMany();
    boards = [];
    clock.set(new Date('2026-12-03T02:31:00Z')); // 10:31: 2 h 1 min late
    expect(await scheduler().runDue()).toEqual({ digest: 'outside_grace' });
    expect(boards).toEqual([]);
    expect(await t.db.outboxMessage.count()).toBe(0);
  });

  it('takes its time and catch-up window from the store data, with defaults', () => {
    expect(createDigestJob({ ...deps, data: undefined })).toMatchObject({ cron: '30 8 * * *', graceMs: 2 * 3_600_000 });
    expect(createDigestJob({ ...deps, data: { salesRules: { digest: { time: '09:05', catchUpHours: 1 } } } })).toMatchObject({
      cron: '5 9 * * *',
      graceMs: 3_600_000,
    });
    expect(digestRulesOf({ salesRules: { digest: { time: '25:00', catchUpHours: -1 } } })).toEqual({ time: '08:30', catchUpHours: 2 });
  });

  it('records a failing team as a failed run and still sends the others', async () => {
    const real = deps.computeBoard!;
    deps.computeBoard = async (db, args) => {
      if (args.teamId) throw new Error('board broke');
      return real(db, args);
    };
    expect(await scheduler().runDue()).toEqual({ digest: 'failed' });
    expect((await t.db.outboxMessage.findMany()).map((r) => r.idempotencyKey).sort()).toEqual(['digest:2026-12-03:store', 'digest:2026-12-03:store:chart']);
    expect((await t.db.jobRun.findFirstOrThrow()).error).toContain('team-t');
  });
});
