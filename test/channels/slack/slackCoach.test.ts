// Asking the coach in Slack, end to end: `/coach <words>` answers by DM, "客户说…" in a
// DM answers there, a mention in a channel answers in the mention's thread, an empty
// `/coach` says what it can help with, and an ordinary DM that is no objection is left
// to the other bots. The real Bolt with signed requests, a fake Web API on 127.0.0.1.
import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_BOT_USER_ID, type FakeSlack } from '../../helpers/fakeSlack.js';
import { dm } from '../../helpers/slackRequests.js';
import { startSlackDesk, type SlackDesk } from '../../helpers/slackDesk.js';
import type { TestApp } from '../../helpers/testApp.js';

const NOW = '2026-12-03T10:15:00+08:00';
const SECRET = 'coach-signing-secret-0123456789';
const LIN = 'U0LIN'; // st-03, consultant

describe('Slack: asking the coach', () => {
  let desk: SlackDesk;
  let h: TestApp;
  let fake: FakeSlack;
  let req: SlackDesk['req'];

  beforeEach(async () => {
    desk = await startSlackDesk({ now: NOW, secret: SECRET, users: { [LIN]: 'st-03' } });
    ({ h, fake, req } = desk);
  });
  afterEach(async () => desk.close());

  async function post(r: InjectOptions) {
    const res = await desk.inject(r);
    expect(res.statusCode).toBe(200);
    await h.app.outbox.tick();
  }
  const posted = () => fake.callsOf('chat.postMessage').map((c) => c.params as { channel: string; text: string; thread_ts?: string });

  it("/coach answers by DM with the objection, the steps, words to say and today's offer for the model", async () => {
    await post(req.command(LIN, '/coach', '客户说别家同级别的车便宜两万，E6 太贵').request);
    const [answer] = posted();
    expect(answer).toMatchObject({ channel: LIN });
    expect(answer!.text).toContain('竞品更便宜');
    expect(answer!.text).toContain('E6 年终限时现金优惠');
    const calls = await h.t.db.llmCall.count();
    expect(calls).toBe(0); // no LLM configured: the playbook answers
  });

  it('answers "客户说…" in a DM and a mention in the thread of the mention', async () => {
    await post(req.event(dm(LIN, '客户说要回去跟老婆商量一下')).request);
    expect(posted().at(-1)!.text).toContain('要和家人商量');
    expect(posted().at(-1)!.text).toContain('应对步骤：');

    await post(
      req.event({
        type: 'app_mention',
        channel: 'C0SALES',
        user: LIN,
        text: `<@${FAKE_BOT_USER_ID}> customer says the interest rate is too high`,
        ts: '1700000600.000001',
      }).request,
    );
    const inChannel = posted().at(-1)!;
    expect(inChannel).toMatchObject({ channel: 'C0SALES', thread_ts: '1700000600.000001' });
    expect(inChannel.text).toContain('Objection: Finance interest too high');
    expect(inChannel.text).toContain('Approach:');
  });

  it('an empty /coach says what it helps with; a DM that is no objection goes to the other bots', async () => {
    await post(req.command(LIN, '/coach').request);
    const help = posted().at(-1)!.text;
    expect(help).toMatch(/客户说|customer says/);
    const before = posted().length;
    await post(req.event(dm(LIN, '下午三点的会议改到四点', '1700000700.000001')).request);
    const after = posted()
      .slice(before)
      .map((p) => p.text)
      .join('\n');
    expect(after).not.toContain('应对步骤');
  });
});
