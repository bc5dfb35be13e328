// Role-play practice without an LLM, end to end through the pipeline on the web chat's
// staff side: scripted customer turns, rule-based scoring (a good trainee passes, a poor
// one fails with better lines), the stored CoachingSession, abandonment and the expiry
// job, who may read whose sessions, and the board's weekly practice numbers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createPracticeExpiryJob, PRACTICE_TURNS } from '../../../src/bots/coach/practiceBot.js';
import { computeBoard } from '../../../src/sales/board/computeBoard.js';
import { activePromotions, allowedAmounts, findPolicyBreach, parseAmount, PASS_MARK, scoreByRules } from '../../../src/sales/practice/practiceRubric.js';
import { matchObjection, pickScenario } from '../../../src/sales/practice/practiceScenario.js';
import { buildModelMatcher } from '../../../src/understanding/nlu/buildModelMatcher.js';
import { readTranscript } from '../../../src/sales/practice/practiceSessions.js';
import { readJsonLines } from '../../../src/eval/readJsonLines.js';
import { DEMO_DIR, demoData } from '../../helpers/demoStore.js';
import { silentLogger } from '../../helpers/silentLogger.js';
import { createPracticeApp, GOOD_ZH } from '../../helpers/practiceApp.js';
import { allText, buttonValues } from '../../helpers/webChat.js';

const POOR_ZH = ['这车就这个价，不贵了。', '我给你内部价，再便宜两万。', '今天不定明天就没了。'];

describe('role-play practice without an LLM', () => {
  let app: Awaited<ReturnType<typeof createPracticeApp>>;
  beforeEach(async () => {
    app = await createPracticeApp();
  });
  afterEach(async () => app.close());

  async function runSession(staffId: string, command: string, lines: string[]) {
    const chat = app.chat(staffId);
    const opening = await chat.say(command);
    const turns = [];
    for (const line of lines) turns.push(await chat.say(line));
    return { opening, turns };
  }

  it('plays a scripted customer over three replies, scores a good trainee as passed and stores the session', async () => {
    const { opening, turns } = await runSession('st-03', '/practice price-too-high', GOOD_ZH);
    const intro = allText(opening);
    expect(intro).toContain('角色扮演练习：价格太贵');
    expect(intro).toContain('未配置大模型');
    expect(intro).toMatch(/🧑 顾客：我在看 .+。太贵了，超出我的预算了/);
    const id = (await app.t.db.coachingSession.findFirstOrThrow()).id;
    expect(buttonValues(opening)).toContain(`practice:stop:${id}`);

    // the customer reacts: answers the clarifying question, then another phrasing each turn
    const t1 = allText(turns[0]);
    const t2 = allText(turns[1]);
    expect(t1).toMatch(/预算|上班|数据|通勤/);
    expect(t1).toContain('（第 2/3 轮');
    expect(t2).toContain('这点倒是有道理');
    expect(t1).not.toBe(t2);

    const result = allText(turns[2]);
    expect(result).toContain('✅ 练习完成：100 分，通过（及格线 80）');
    expect(result).toContain('（按规则评分）');
    expect(result).toContain('✅ 认同顾虑：「理解，二十多万确实要好好算。」');
    expect(result).toContain('✅ 提出下一步：「我给您做一份两个版本的落地价对比，周六来店试驾一下好吗？」');
    expect(buttonValues(turns[2])).toEqual(['practice:start:price-too-high', 'practice', 'practice:history']);

    const s = await app.t.db.coachingSession.findFirstOrThrow();
    expect(s).toMatchObject({ staffId: 'st-03', kind: 'practice', score: 100, passed: true, status: 'completed' });
    expect(s.startedAt.toISOString()).toBe('2026-12-03T02:15:00.000Z');
    expect(s.endedAt).not.toBeNull();
    expect(s.scenario).toMatchObject({ objectionId: 'price-too-high', difficulty: 'normal', lang: 'zh' });
    const tr = readTranscript(s);
    expect(tr.turns.map((x) => x.role)).toEqual(['customer', 'trainee', 'customer', 'trainee', 'customer', 'trainee', 'customer']);
    expect(tr.turns.filter((x) => x.role === 'customer').every((x) => x.by === 'script')).toBe(true);
    expect(tr.review?.checks.map((c) => [c.id, c.passed])).toEqual([
      ['acknowledge', true],
      ['clarify', true],
      ['value', true],
      ['policy', true],
      ['next_step', true],
    ]);
    // the conversation is free again
    expect(allText(await app.chat('st-03').say('你好'))).toBe('(other bots)');
  });

  it('fails a poor trainee, quoting the breach and giving better lines from the playbook', async () => {
    const { turns } = await runSession('st-03', '/practice 客户嫌太贵', POOR_ZH);
    expect(allText(turns[1])).toContain('这个优惠你能写进合同吗');
    const result = allText(turns[2]);
    expect(result).toContain('❌ 练习完成：0 分，未通过');
    expect(result).toContain('❌ 守住政策（不乱许优惠、不贬低竞品、不施压）：「我给你内部价，再便宜两万。」');
    expect(result).toContain('更好的说法：方便说下您的预算大概多少吗？');
    expect(result).toContain('不得承诺超出当前有效优惠的折扣');
    const s = await app.t.db.coachingSession.findFirstOrThrow();
    expect(s).toMatchObject({ score: 0, passed: false, status: 'completed' });
  });

  it('a policy breach fails the session even when the other four checks pass', async () => {
    const lines = [GOOD_ZH[0], '现在下单我再给您便宜一万，比 8,000 元的活动还多。', GOOD_ZH[2]];
    const { turns } = await runSession('st-03', '/practice price-too-high', lines);
    const result = allText(turns[2]);
    expect(result).toContain('❌ 练习完成：80 分，未通过');
    expect(result).toContain('有违反政策的说法');
    expect((await app.t.db.coachingSession.findFirstOrThrow()).passed).toBe(false);
  });

  it("uses the store's pass mark and number of turns from sales-rules.yaml", async () => {
    await app.close();
    const data = demoData();
    app = await createPracticeApp({ data: { ...data, salesRules: { ...data.salesRules, practice: { passMark: 90, turns: 2 } } } });
    const chat = app.chat('st-03');
    const intro = allText(await chat.say('/practice price-too-high'));
    expect(intro).toContain('你回复 2 次后');
    expect(intro).toContain('90 分及格');
    // acknowledged and asked, then offered a next step, but no value or evidence: 80 of 100
    await chat.say(GOOD_ZH[0]);
    const result = allText(await chat.say('周六来店试驾一下好吗？'));
    expect(result).toMatch(/❌ 练习完成：\d+ 分，未通过（及格线 90）/);
    const s = await app.t.db.coachingSession.findFirstOrThrow();
    expect(s).toMatchObject({ status: 'completed', passed: false });
    expect(s.score).toBeGreaterThanOrEqual(80);
    expect(s.score).toBeLessThan(90);
  });

  it('runs in English, picks the objection from words and the difficulty, and can be stopped', async () => {
    const chat = app.chat('st-07');
    const r = allText(await chat.say('/practice competitor is cheaper, hard'));
    expect(r).toContain('Role-play practice: Competitor is cheaper');
    expect(r).toContain('Difficulty: hard');
    expect(r).toContain('Richer practice needs an LLM');
    expect(r).toContain("🧑 Customer: I'm looking at the");
    const s1 = await app.t.db.coachingSession.findFirstOrThrow();
    expect(s1.scenario).toMatchObject({ objectionId: 'competitor-cheaper', difficulty: 'hard', lang: 'en' });
    expect(allText(await chat.say('Thanks for doing your homework. Which model did you compare, and at what price?'))).toMatch(/Still\.\.\./);
    expect(allText(await chat.press('practice:stop'))).toContain('recorded as incomplete');
    expect(await app.t.db.coachingSession.findFirstOrThrow()).toMatchObject({ status: 'abandoned', score: null, passed: null });
    expect(allText(await chat.say('hello'))).toBe('(other bots)');
  });

  it('starts from the practice button, and a new start abandons the unfinished one', async () => {
    const chat = app.chat('st-03');
    expect(allText(await chat.press('practice'))).toContain('角色扮演练习');
    const r = allText(await chat.say('/practice ev-range-anxiety'));
    expect(r).toContain('上一次未完成的练习已记为放弃');
    const rows = await app.t.db.coachingSession.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((x) => x.status).sort()).toEqual(['abandoned', 'active']);
  });

  it('expires an abandoned practice: the state lapses and the job records it as incomplete', async () => {
    const chat = app.chat('st-03');
    await chat.say('/practice price-too-high');
    await chat.say(GOOD_ZH[0]);
    const job = createPracticeExpiryJob(app.t.db);
    expect(job).toMatchObject({ name: 'practice-expiry', cron: '*/10 * * * *' });
    // 20 minutes on: still active
    app.clock.advance(20 * 60_000);
    await job.run({ now: app.clock.now(), slot: app.clock.now(), log: silentLogger });
    expect((await app.t.db.coachingSession.findFirstOrThrow()).status).toBe('active');
    // 31 minutes after the last reply: the state is gone, the reply goes elsewhere
    app.clock.advance(11 * 60_000);
    expect(allText(await chat.say(GOOD_ZH[1]))).toBe('(other bots)');
    await job.run({ now: app.clock.now(), slot: app.clock.now(), log: silentLogger });
    const s = await app.t.db.coachingSession.findFirstOrThrow();
    expect(s).toMatchObject({ status: 'abandoned', score: null, passed: null });
    expect(s.endedAt?.toISOString()).toBe(app.clock.now().toISOString());
    expect(readTranscript(s).turns).toHaveLength(3);
  });

  it("a manager reads a consultant's sessions; a colleague or another team's manager cannot", async () => {
    await runSession('st-03', '/practice price-too-high', GOOD_ZH);
    const id = (await app.t.db.coachingSession.findFirstOrThrow()).id;

    const own = await app.chat('st-03').say('/practice history');
    expect(allText(own)).toContain('练习记录（林晓雯）');
    expect(allText(own)).toContain('价格太贵：100 分 ✅');

    const manager = app.chat('st-02');
    const list = await manager.say('/practice history 林晓雯');
    expect(allText(list)).toContain('1. 12-03 10:15 林晓雯 价格太贵：100 分 ✅');
    expect(buttonValues(list)).toEqual([`practice:show:${id}`]);
    const one = allText(await manager.press(`practice:show:${id}`));
    expect(one).toContain('场景：价格太贵');
    expect(one).toContain(`👤 学员：${GOOD_ZH[0]}`);
    expect(one).toContain('✅ 提问澄清：「方便说下您的预算大概多少吗？」');
    expect(allText(await app.chat('st-01').say(`/practice show ${id}`))).toContain('结果：100 分 ✅');

    expect(allText(await app.chat('st-04').say('/practice history 林晓雯'))).toContain('你没有权限查看');
    expect(allText(await app.chat('st-04').press(`practice:show:${id}`))).toContain('你没有权限查看');
    expect(allText(await app.chat('st-06').say(`/practice show ${id}`))).toContain('你没有权限查看');
    const history = allText(await app.chat('st-04').say('/practice history'));
    expect(history).toContain('还没有练习记录');
    const denied = await app.t.db.auditLog.findMany({ where: { action: 'access_denied', subjectId: 'st-03' } });
    expect(denied.map((d) => d.actorId).sort()).toEqual(['st-04', 'st-04', 'st-06']);
  });

  it("shows the week's practice count and average in the board's ranking", async () => {
    await runSession('st-03', '/practice price-too-high', GOOD_ZH);
    await runSession('st-03', '/practice price-too-high', POOR_ZH);
    const board = await computeBoard(app.t.db, { storeId: app.store.id, date: '2026-12-03', timeZone: 'Asia/Shanghai', now: app.clock.now() });
    const row = (id: string) => board.ranking.find((r) => r.id === id)!;
    expect(row('st-03').practice).toEqual({ sessions: 2, avgScore: 50 });
    expect(row('st-04').practice).toEqual({ sessions: 0, avgScore: null });
  });

  it('takes the Slack-style command message too (kind command, name practice)', async () => {
    const msg = (eventId: string, args: string) => ({
      channel: 'web' as const,
      eventId,
      chatId: 'cmd-st-03',
      userId: 'staff:st-03',
      side: 'staff' as const,
      staffId: 'st-03',
      kind: 'command' as const,
      command: { name: '/practice', args },
      at: app.clock.now(),
    });
    const r = await app.pipeline.handle(msg('c1', 'think it over'));
    expect(r.replies.map((x) => x.text).join('\n')).toContain('Role-play practice: Needs to think it over');
    expect((await app.t.db.coachingSession.findFirstOrThrow()).scenario).toMatchObject({ objectionId: 'think-it-over' });
    const h = await app.pipeline.handle(msg('c2', 'history'));
    expect(h.replies[0].text).toMatch(/进行中|in progress/);
  });

  it('runs the default number of turns', () => {
    expect(PRACTICE_TURNS).toBe(3);
    expect(PASS_MARK).toBe(80);
  });
});

describe('practice rules', () => {
  const data = demoData();
  const allowed = allowedAmounts(activePromotions(data.promotions, '2026-12-03'));

  it('reads amounts in figures and words', () => {
    expect(parseAmount('8,000')).toBe(8000);
    expect(parseAmount('1.5万')).toBe(15000);
    expect(parseAmount('两万')).toBe(20000);
    expect(parseAmount('十万')).toBe(100000);
    expect(parseAmount('5k')).toBe(5000);
    expect(parseAmount('两万八')).toBe(28000);
    expect(parseAmount('二十五万')).toBe(250000);
    expect(parseAmount('1.5w')).toBe(15000);
    expect(parseAmount('万')).toBeNull();
  });

  it('reads a discount in words whole: 两万八 is 28,000, not 20,000', () => {
    expect(findPolicyBreach(['给您优惠两万八'], new Set([28000]))).toBeNull();
    expect(findPolicyBreach(['给您优惠三万五千'], new Set([35000]))).toBeNull();
    expect(findPolicyBreach(['给您优惠两万八'], new Set([20000]))?.reason).toBe('discount');
    expect(findPolicyBreach(['便宜两万千万别说出去'], new Set([20000]))).toBeNull();
  });

  it("allows the active promotions' amounts and flags invented discounts, disparaging and pressure", () => {
    expect(allowed.has(8000) && allowed.has(3000)).toBe(true);
    expect(findPolicyBreach(['12 月 31 日前下单 E6 还有 8,000 元现金优惠'], allowed)).toBeNull();
    expect(findPolicyBreach(['E6 orders placed by 31 December also get CNY 8,000 cash off.'], allowed)).toBeNull();
    expect(findPolicyBreach(['I can do CNY 12,000 off for you.'], allowed)?.reason).toBe('discount');
    expect(findPolicyBreach(['给您打九折'], allowed)?.reason).toBe('discount');
    expect(findPolicyBreach(['直降 15000'], allowed)?.reason).toBe('discount');
    expect(findPolicyBreach(['可以申请内部价'], allowed)?.reason).toBe('forbidden_promise');
    expect(findPolicyBreach(['那个牌子就是垃圾'], allowed)?.reason).toBe('disparaging');
    expect(findPolicyBreach(['This price is today only, decide now or lose it.'], allowed)?.reason).toBe('pressure');
  });

  it('scores an English good answer as passed', () => {
    const o = data.objections.find((x) => x.id === 'price-too-high')!;
    const r = scoreByRules({ lines: [o.sample_responses[0].en], objection: o, lang: 'en', allowed });
    expect(r.score).toBe(100);
    expect(r.passed).toBe(true);
  });

  it('matches objections from words by overlap with the playbook phrasings', async () => {
    const dev = readJsonLines(`${DEMO_DIR}/objections-dev.jsonl`, z.object({ text: z.string(), expect: z.string() }));
    const matchModels = buildModelMatcher(data.catalog.models);
    const hits = dev.filter((d) => matchObjection(d.text, data.objections, matchModels)?.id === d.expect).length;
    // the fallback when the coach's classifier says "none": measured here, not assumed (18/20
    // with the search terms; 13/20 with the character bigrams it had of its own)
    expect(hits / dev.length).toBeGreaterThanOrEqual(0.85);
    expect(matchObjection('price-too-high', data.objections, matchModels)?.id).toBe('price-too-high');
    expect(matchObjection('', data.objections, matchModels)).toBeNull();
    const s = pickScenario({ words: 'X5 太贵 easy', seed: 'a' }, { objections: data.objections, models: data.catalog.models });
    expect(s).toMatchObject({ objectionId: 'price-too-high', modelId: 'x5', difficulty: 'easy' });
    // the model as the NLU and the FAQ read it: spaced codes, and the one model the words describe
    expect(pickScenario({ words: 'X 7 太贵', seed: 'a' }, { objections: data.objections, models: data.catalog.models }).modelId).toBe('x7');
    expect(pickScenario({ words: '纯电的续航不放心', seed: 'a' }, { objections: data.objections, models: data.catalog.models }).modelId).toBe('e6');
    // an injected classifier (the coach's) wins over the local matcher
    const c = pickScenario({ words: '太贵', seed: 'a' }, { objections: data.objections, models: data.catalog.models, classify: () => 'brand-trust' });
    expect(c.objectionId).toBe('brand-trust');
    // the same seed, the same scenario (tests control the clock, hence the seed)
    const d = { objections: data.objections, models: data.catalog.models };
    expect(pickScenario({ words: '', seed: 'z' }, d)).toEqual(pickScenario({ words: '', seed: 'z' }, d));
  });
});
