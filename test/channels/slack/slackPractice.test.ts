// Role-play practice in Slack, end to end: `/practice` posts the scenario in the trainee's
// DM, the customer's lines, the trainee's replies and the score all go in that message's
// thread; a reply outside the thread is answered in it; a finished thread says so; Stop
// on the root ends it. The real Bolt with signed requests, a fake Web API on 127.0.0.1.
import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTranscript } from '../../../src/sales/practice/practiceSessions.js';
import type { FakeSlack } from '../../helpers/fakeSlack.js';
import { GOOD_ZH } from '../../helpers/practiceApp.js';
import { dm } from '../../helpers/slackRequests.js';
import { startSlackDesk, type SlackDesk } from '../../helpers/slackDesk.js';
import type { TestApp } from '../../helpers/testApp.js';

const NOW = '2026-12-03T10:15:00+08:00';
const SECRET = 'practice-signing-secret-0123456789';
const LIN = 'U0LIN'; // st-03, consultant
const LIN_DM = 'D0LIN'; // the app's DM with her (the fake Slack's convention)

describe('Slack: role-play practice in a thread', () => {
  let desk: SlackDesk;
  let h: TestApp;
  let fake: FakeSlack;
  let req: SlackDesk['req'];
  let ts = 0;
  beforeEach(async () => {
    desk = await startSlackDesk({ now: NOW, secret: SECRET, users: { [LIN]: 'st-03' } });
    ({ h, fake, req } = desk);
  });
  afterEach(async () => desk.close());

  async function post(r: InjectOptions) {
    const res = await desk.inject(r);
    expect(res.statusCode).toBe(200);
    // a thread reply waits for its root: two rounds deliver both
    await h.app.outbox.tick();
    await h.app.outbox.tick();
    return res;
  }
  const posted = () => fake.callsOf('chat.postMessage').map((c) => c.params as { channel: string; text: string; thread_ts?: string; blocks?: unknown[] });
  const since = (n: number) => posted().slice(n);
  const all = (ps: { text: string; blocks?: unknown[] }[]) => ps.map((p) => `${p.text}\n${JSON.stringify(p.blocks ?? [])}`).join('\n');
  /** The trainee writes in the DM, in the thread under `threadTs` when given. */
  const say = (text: string, threadTs?: string) => {
    ts += 1;
    const at = `1700000500.${String(ts).padStart(6, '0')}`;
    return post(req.event({ ...dm(LIN, text, at), ...(threadTs ? { thread_ts: threadTs } : {}) }).request);
  };
  /** The ts of our message whose text contains `needle`. */
  const tsOf = async (needle: string) => {
    const rows = await h.t.db.outboxMessage.findMany({ where: { channel: 'slack', sentRef: { not: null } } });
    const row = rows.find((r) => JSON.stringify(r.payload).includes(needle));
    return row?.sentRef?.split('/')[1];
  };

  it('plays the whole session in the thread under the scenario, scores it there and stores it', async () => {
    await post(req.command(LIN, '/practice', 'price-too-high E6').request);
    const start = posted();
    expect(start).toHaveLength(2);
    const [intro, opening] = start;
    // the scenario is a DM of its own, with the hint and Stop; the customer speaks in its thread
    expect(intro).toMatchObject({ channel: LIN });
    expect(intro.thread_ts).toBeUndefined();
    expect(all([intro])).toContain('角色扮演练习：价格太贵');
    expect(all([intro])).toContain('话题（thread）里回复顾客');
    const root = await tsOf('角色扮演练习');
    expect(root).toBeDefined();
    expect(opening).toMatchObject({ channel: LIN_DM, thread_ts: root });
    expect(opening.text).toMatch(/🧑 顾客：.+/);

    const session = await h.t.db.coachingSession.findFirstOrThrow();
    expect(session.threadKey).toBeTruthy();
    expect(all([intro])).toContain(`practice:stop:${session.id}`);

    // three replies in the thread: each answer stays in the thread
    let seen = posted().length;
    await say(GOOD_ZH[0], root);
    expect(since(seen)).toEqual([expect.objectContaining({ channel: LIN_DM, thread_ts: root, text: expect.stringMatching(/🧑 顾客：[\s\S]*第 2\/3 轮/) })]);
    seen = posted().length;
    await say(GOOD_ZH[1], root);
    expect(since(seen)).toHaveLength(1);
    seen = posted().length;
    await say(GOOD_ZH[2], root);
    const end = since(seen);
    expect(end.every((p) => p.channel === LIN_DM && p.thread_ts === root)).toBe(true);
    expect(all(end)).toContain('✅ 练习完成：100 分，通过');

    const done = await h.t.db.coachingSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(done).toMatchObject({ status: 'completed', score: 100, passed: true });
    expect(readTranscript(done).turns.map((t) => t.role)).toEqual(['customer', 'trainee', 'customer', 'trainee', 'customer', 'trainee', 'customer']);

    // more words in a finished thread: it says so and offers another, in the thread
    seen = posted().length;
    await say('还有吗？', root);
    expect(since(seen)).toEqual([expect.objectContaining({ thread_ts: root, text: expect.stringContaining('这场练习已结束（100 分）') })]);
    // the DM itself is free again: a top-level text is not taken for the practice
    seen = posted().length;
    await say('客户说别家便宜五千');
    expect(all(since(seen))).not.toContain('🧑 顾客');
  });

  it('answers a reply written outside the thread in the thread, with a pointer where it was written', async () => {
    await post(req.command(LIN, '/practice', 'price-too-high').request);
    const root = await tsOf('角色扮演练习');
    const seen = posted().length;
    await say(GOOD_ZH[0]);
    const out = since(seen);
    expect(out).toHaveLength(2);
    expect(out.find((p) => p.thread_ts === undefined)?.text).toContain('已在练习的话题中回复');
    expect(out.find((p) => p.thread_ts === root)?.text).toMatch(/🧑 顾客：[\s\S]*第 2\/3 轮/);
    const s = await h.t.db.coachingSession.findFirstOrThrow();
    expect(readTranscript(s).turns.filter((t) => t.role === 'trainee')).toHaveLength(1);
  });

  it('Stop on the scenario ends it as incomplete; a later reply in its thread hears it ended', async () => {
    await post(req.command(LIN, '/practice').request);
    const root = await tsOf('角色扮演练习');
    const s = await h.t.db.coachingSession.findFirstOrThrow();
    await post(
      req.interaction({
        type: 'block_actions',
        trigger_id: req.triggerId(),
        user: { id: LIN },
        container: { type: 'message', channel_id: LIN_DM, message_ts: root },
        channel: { id: LIN_DM },
        message: { ts: root },
        actions: [{ type: 'button', action_id: 'b0', block_id: 'x', value: `practice:stop:${s.id}` }],
      }),
    );
    expect(await h.t.db.coachingSession.findFirstOrThrow()).toMatchObject({ status: 'abandoned', score: null });
    const seen = posted().length;
    await say('您好，请问预算多少？', root);
    expect(since(seen)).toEqual([expect.objectContaining({ thread_ts: root, text: expect.stringContaining('记为未完成') })]);
  });

  it("a thread that is not a role-play's goes to the other bots, answered in that thread", async () => {
    await post(req.command(LIN, '/coach', '别家便宜五千').request);
    const root = await tsOf('竞品');
    expect(root).toBeDefined();
    const seen = posted().length;
    await say('客户说要回去跟老婆商量', root);
    const out = since(seen);
    expect(out.length).toBeGreaterThan(0);
    expect(out.every((p) => p.channel === LIN_DM && p.thread_ts === root)).toBe(true);
    expect(all(out)).toContain('要和家人商量');
  });
});
