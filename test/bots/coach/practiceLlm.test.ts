// Role-play practice with an LLM (the LangChain client against a fake OpenAI-compatible
// server on 127.0.0.1): the customer's turns from the practice-customer prompt and the
// score from practice-score, both structured output, the rules as the policy floor, and the
// scripted turns / rule-based score when the model fails (HTTP 500, timeout, empty or
// malformed output), without a hang or a stack trace.
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { readTranscript } from '../../../src/sales/practice/practiceSessions.js';
import { asks, startFakeOpenAi, type FakeOpenAi } from '../../helpers/fakeOpenAi.js';
import { createPracticeApp, GOOD_ZH } from '../../helpers/practiceApp.js';
import { allText } from '../../helpers/webChat.js';

const check = (id: string, passed: boolean, evidence = '', better = '') => ({ id, passed, evidence, better });
/** The simulated customer's answer as the practice-customer prompt asks for it. */
const customerSays = (text: string) => JSON.stringify({ line: text });
const isCustomerTurn = asks('You play a customer');
const isScoring = asks('strict sales trainer');

describe('role-play practice with an LLM', () => {
  let llm: FakeOpenAi;
  let app: Awaited<ReturnType<typeof createPracticeApp>>;
  beforeAll(async () => {
    llm = await startFakeOpenAi();
  });
  afterAll(async () => llm.close());
  afterEach(async () => app.close());

  const start = async (timeoutMs = 2000, fake = llm) => {
    fake.requests.length = 0;
    app = await createPracticeApp({
      env: { OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-test', LLM_MODEL: 'fake-model', LLM_TIMEOUT_MS: String(timeoutMs) },
    });
    return app.chat('st-03');
  };
  const calls = () => app.t.db.llmCall.findMany({ orderBy: { createdAt: 'asc' } });

  it('plays the customer with the model and scores with its structured review', async () => {
    const chat = await start();
    llm.enqueue({ content: customerSays('我们看中了 E6，可这价格真是太贵了，超出预算。') });
    const opening = allText(await chat.say('/practice price-too-high E6'));
    expect(opening).toContain('🧑 顾客：我们看中了 E6，可这价格真是太贵了，超出预算。');
    expect(opening).not.toContain('未配置大模型');
    const customerPrompt = JSON.stringify(llm.requests.at(-1)!.body.messages);
    expect(customerPrompt).toContain('太贵了，超出我的预算了');

    llm.enqueue({ content: customerSays('预算 20 万以内吧，主要上下班。') });
    expect(allText(await chat.say(GOOD_ZH[0]))).toContain('🧑 顾客：预算 20 万以内吧，主要上下班。');
    llm.enqueue({ content: customerSays('顾客：“8,000 的优惠还行，可还是有点贵。”') });
    expect(allText(await chat.say(GOOD_ZH[1]))).toContain('🧑 顾客：8,000 的优惠还行，可还是有点贵。');
    // the model's transcript reached it, the trainee's lines framed as data
    expect(JSON.stringify(llm.requests.at(-1)!.body.messages)).toContain('<salesperson>理解，二十多万确实要好好算');

    // the last customer line and the review are asked for at the same time
    llm.enqueue(
      { content: customerSays('行，周六我们两个一起来试驾。'), when: isCustomerTurn },
      {
        when: isScoring,
        content: JSON.stringify({
          checks: [
            check('acknowledge', true, '理解，二十多万确实要好好算'),
            check('clarify', false, '', '您是总价超预算，还是月供有压力？'),
            check('value', true, '电池质保 8 年'),
            check('policy', true),
            check('next_step', true, '周六来店试驾一下好吗'),
          ],
        }),
      },
    );
    const result = allText(await chat.say(GOOD_ZH[2]));
    expect(result).toContain('🧑 顾客：行，周六我们两个一起来试驾。');
    expect(result).toContain('✅ 练习完成：80 分，通过');
    expect(result).toContain('（大模型评分，政策项按规则兜底）');
    expect(result).toContain('更好的说法：您是总价超预算，还是月供有压力？');
    expect(result).toContain('✅ 用价值或事实回应：「电池质保 8 年」');

    const scoreRequest = llm.requests.find((r) => isScoring(r.body))!.body;
    expect(scoreRequest.response_format).toEqual({ type: 'json_object' });
    expect(JSON.stringify(scoreRequest.messages)).toContain('E6 全系直降 8,000 元现金');

    const s = await app.t.db.coachingSession.findFirstOrThrow();
    expect(s).toMatchObject({ kind: 'practice', score: 80, passed: true, status: 'completed' });
    const tr = readTranscript(s);
    expect(tr.review?.scoredBy).toBe('llm');
    expect(tr.turns.filter((x) => x.role === 'customer').map((x) => x.by)).toEqual(['llm', 'llm', 'llm', 'llm']);
    expect((await calls()).map((c) => [c.purpose, c.promptId, c.promptVersion, c.outcome]).sort()).toEqual([
      ['practice-customer', 'practice-customer', '2', 'ok'],
      ['practice-customer', 'practice-customer', '2', 'ok'],
      ['practice-customer', 'practice-customer', '2', 'ok'],
      ['practice-customer', 'practice-customer', '2', 'ok'],
      ['practice-score', 'practice-score', '1', 'ok'],
    ]);
  });

  it('keeps the rules as the floor for policy: an invented discount fails whatever the model says', async () => {
    const chat = await start();
    llm.enqueue({ content: customerSays('太贵了。') });
    await chat.say('/practice price-too-high');
    llm.enqueue({ content: customerSays('预算 15 万。') });
    await chat.say(GOOD_ZH[0]);
    llm.enqueue({ content: customerSays('真的？') });
    await chat.say('我再给您便宜一万，内部价。');
    llm.enqueue(
      { content: customerSays('好的。'), when: isCustomerTurn },
      {
        when: isScoring,
        content: JSON.stringify({
          checks: [
            check('acknowledge', true, '理解'),
            check('clarify', true, '方便说下您的预算大概多少吗？'),
            check('value', true, '便宜一万'),
            check('policy', true),
            check('next_step', true, '试驾'),
          ],
        }),
      },
    );
    const result = allText(await chat.say(GOOD_ZH[2]));
    expect(result).toContain('❌ 练习完成：80 分，未通过');
    expect(result).toContain('❌ 守住政策（不乱许优惠、不贬低竞品、不施压）：「我再给您便宜一万，内部价。」');
    expect(await app.t.db.coachingSession.findFirstOrThrow()).toMatchObject({ score: 80, passed: false });
  });

  it('falls back to scripted turns and rule-based scoring on a 500, an empty line and malformed JSON', async () => {
    const chat = await start();
    // within a 2 s budget the client does not retry a 500 (the retry's own wait, 1-2 s, would not fit)
    llm.enqueue({ status: 500 });
    const opening = allText(await chat.say('/practice price-too-high'));
    expect(opening).toMatch(/🧑 顾客：我在看 .+。太贵了，超出我的预算了/);

    llm.enqueue({ content: customerSays('   ') });
    expect(allText(await chat.say(GOOD_ZH[0]))).toContain('不过……');
    llm.enqueue({ content: customerSays('嗯，还是有点贵。') });
    expect(allText(await chat.say(GOOD_ZH[1]))).toContain('🧑 顾客：嗯，还是有点贵。');

    llm.enqueue(
      { content: customerSays('好吧，周六见。'), when: isCustomerTurn },
      { content: 'Sure! Here is the grading: acknowledge yes, clarify yes', when: isScoring },
    );
    const result = allText(await chat.say(GOOD_ZH[2]));
    expect(result).toContain('🧑 顾客：好吧，周六见。');
    expect(result).toContain('✅ 练习完成：100 分，通过');
    expect(result).toContain('（按规则评分）');
    expect(result).not.toMatch(/Error|at .+\.ts/);

    const outcomes = (await calls()).map((c) => `${c.purpose}:${c.outcome}`);
    expect(outcomes.slice(0, 3)).toEqual(['practice-customer:error', 'practice-customer:rejected', 'practice-customer:ok']);
    expect(outcomes.slice(3).sort()).toEqual(['practice-customer:ok', 'practice-score:rejected']);
    const s = await app.t.db.coachingSession.findFirstOrThrow();
    expect(
      readTranscript(s)
        .turns.filter((x) => x.role === 'customer')
        .map((x) => x.by),
    ).toEqual(['script', 'script', 'llm', 'llm']);
    expect(readTranscript(s).review?.scoredBy).toBe('rules');
  });

  it('waits for a slow model only as long as the budget, then plays the scripted customer', async () => {
    // a server of its own: the SDK may retry a timed-out attempt in the background
    const slow = await startFakeOpenAi();
    onTestFinished(() => slow.close());
    const chat = await start(500, slow);
    slow.enqueue({ content: 'slow', delayMs: 4000 }, { content: 'slow', delayMs: 4000 });
    const started = Date.now();
    const opening = allText(await chat.say('/practice price-too-high'));
    expect(Date.now() - started).toBeLessThan(2500);
    expect(opening).toMatch(/🧑 顾客：我在看 .+。太贵了，超出我的预算了/);
    expect((await calls()).map((c) => c.outcome)).toEqual(['timeout']);
    expect(await app.t.db.coachingSession.findFirstOrThrow()).toMatchObject({ status: 'active' });
  });

  it('asks for the last customer line and the review at once, so the last turn waits one timeout, not two', async () => {
    const slow = await startFakeOpenAi();
    onTestFinished(() => slow.close());
    const chat = await start(500, slow);
    slow.enqueue({ content: customerSays('太贵了。') });
    await chat.say('/practice price-too-high');
    for (const line of GOOD_ZH.slice(0, 2)) {
      slow.enqueue({ content: customerSays('嗯。') });
      await chat.say(line);
    }
    slow.requests.length = 0;
    slow.enqueue({ content: 'late', delayMs: 4000, when: isCustomerTurn }, { content: 'late', delayMs: 4000, when: isScoring });
    const result = allText(await chat.say(GOOD_ZH[2]));
    expect(result).toContain('（按规则评分）');
    expect(result).toContain('100 分');
    const chatAt = slow.requests.find((r) => isCustomerTurn(r.body))!.at;
    const scoreAt = slow.requests.find((r) => isScoring(r.body))!.at;
    // one after the other, the second would start only after the first's 500 ms budget
    expect(Math.abs(scoreAt - chatAt)).toBeLessThan(400);
    expect(
      (await calls())
        .filter((c) => c.outcome === 'timeout')
        .map((c) => c.purpose)
        .sort(),
    ).toEqual(['practice-customer', 'practice-score']);
  });

  it('scores by rules when the review does not match the schema', async () => {
    const chat = await start();
    llm.enqueue({ content: customerSays('太贵了。') });
    await chat.say('/practice price-too-high');
    for (const line of GOOD_ZH.slice(0, 2)) {
      llm.enqueue({ content: customerSays('嗯。') });
      await chat.say(line);
    }
    llm.enqueue(
      { content: customerSays('好。'), when: isCustomerTurn },
      { content: JSON.stringify({ checks: [{ id: 'acknowledge', passed: 'yes' }] }), when: isScoring },
    );
    const result = allText(await chat.say(GOOD_ZH[2]));
    expect(result).toContain('（按规则评分）');
    expect(result).toContain('100 分');
  });

  it('still finishes a whole session when the model answers nothing usable at all', async () => {
    const chat = await start();
    // no scripted replies: the fake answers every call with HTTP 400
    await chat.say('/practice 竞品更便宜');
    for (const line of ['感谢您做了功课。您对比的是哪款车、什么价格？', '我们 E6 电池质保 8 年，续航 650 公里。']) await chat.say(line);
    const result = allText(await chat.say('我把同口径对比表发给您，周末来试驾？'));
    expect(result).toMatch(/练习完成：\d+ 分/);
    expect(await app.t.db.coachingSession.findFirstOrThrow()).toMatchObject({ status: 'completed', score: 100 });
  });
});
