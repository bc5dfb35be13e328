// The coach bot through the whole pipeline, on the web chat's staff side: /coach and
// "客户说…" texts, the greeting's coach button, an ordinary staff text that clearly is an
// objection, and a named customer seen only within the staff member's scope.
import { afterEach, describe, expect, it } from 'vitest';
import { createCoachBot } from '../../../src/bots/coach/coachBot.js';
import type { Bot } from '../../../src/core/bot.js';
import { demoData, insertDemoStore } from '../../helpers/demoStore.js';
import { createTestApp, type TestApp } from '../../helpers/testApp.js';
import { allText, webChat } from '../../helpers/webChat.js';

describe('coach bot', () => {
  let h: TestApp;
  afterEach(async () => h.close());

  const start = async () => {
    h = await createTestApp({
      now: '2026-12-03T10:15:00+08:00',
      prepare: async (t) => {
        const store = await insertDemoStore(t.db);
        const customer = await t.db.customer.create({
          data: {
            storeId: store.id,
            name: '王伟',
            phone: '13800001234',
            gender: 'male',
            grade: 'A',
            ownerId: 'st-03',
            source: 'walk_in',
            intendedModelId: 'x5',
          },
        });
        await t.db.interaction.create({
          data: {
            storeId: store.id,
            customerId: customer.id,
            staffId: 'st-03',
            type: 'test_drive',
            modelId: 'x5',
            occurredAt: new Date('2026-11-30T06:00:00Z'),
          },
        });
      },
    });
    // Until createBots lists the coach (after the CRM and target bots, before greeting),
    // the test puts it there itself.
    const bots = (h.app.pipeline as unknown as { o: { bots: Bot[] } }).o.bots;
    if (!bots.some((b) => b.name === 'coach'))
      bots.splice(
        bots.findIndex((b) => b.name === 'greeting'),
        0,
        createCoachBot({ data: demoData() }),
      );
  };

  it('answers /coach and "客户说…" with the objection, steps, words to say, today\'s offers and don\'ts', async () => {
    await start();
    const chat = webChat(h, 'coach-session-1', 'staff', 'st-03');
    const r = allText(await chat.say('/coach 客户说 E6 太贵了'));
    expect(r).toContain('价格太贵');
    expect(r).toContain('应对步骤');
    expect(r).toContain('可以这样说');
    expect(r).toContain('E6 全系直降 8,000 元现金');
    expect(r).toContain('切忌');
    const again = allText(await chat.say('客户说要回家跟老婆商量'));
    expect(again).toContain('要和家人商量');
    const en = allText(await chat.say('customer says the interest rate is too high'));
    expect(en).toContain('Finance interest too high');
    expect(en).toContain("Don'ts");
  });

  it("shows a how-to for the greeting's coach button and for an empty /coach", async () => {
    await start();
    const chat = webChat(h, 'coach-session-2', 'staff', 'st-03');
    expect(allText(await chat.press('coach'))).toContain('销售教练');
    expect(allText(await chat.say('/coach'))).toContain('/coach');
    expect(allText(await chat.say('/coach 今天天气不错'))).toContain('没认出');
  });

  it('takes an ordinary staff text only when it clearly is an objection', async () => {
    await start();
    const chat = webChat(h, 'coach-session-3', 'staff', 'st-03');
    expect(allText(await chat.say('这个价格我有点下不去手'))).toContain('价格太贵');
    expect(allText(await chat.say('今天天气不错'))).not.toContain('异议类型');
    expect(allText(await chat.say('客户明天来提车'))).not.toContain('异议类型');
  });

  it("adapts the answer to a customer the staff member may see, and to nobody else's", async () => {
    await start();
    const own = allText(await webChat(h, 'coach-session-4', 'staff', 'st-03').say('/coach 客户王伟说太贵了'));
    expect(own).toContain('王*');
    expect(own).toContain('X5');
    expect(own).toContain('等级 A');
    expect(own).toContain('试驾');
    expect(own).toContain('王先生');
    expect(own).toMatch(/即将开始[\s\S]*X5 元旦焕新礼/);
    const other = allText(await webChat(h, 'coach-session-5', 'staff', 'st-04').say('/coach 客户王伟说太贵了'));
    expect(other).not.toContain('王先生');
    expect(other).toContain('没找到您可查看的客户');
    const byPhone = allText(await webChat(h, 'coach-session-6', 'staff', 'st-01').say('/coach 尾号1234 的客户说要跟老婆商量'));
    expect(byPhone).toContain('王先生');
  });
});
