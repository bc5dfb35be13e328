// A question that fits two or three entries about equally gets a short "which of these?"
// with them as buttons, in the customer's language; a button answers that entry, and a
// "which?" is no unsure turn (two in a row do not hand the chat to a person).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildKnowledgeIndex } from '../../../src/bots/faq/buildKnowledgeIndex.js';
import { searchKnowledge } from '../../../src/bots/faq/searchKnowledge.js';
import { demoData } from '../../helpers/demoStore.js';
import { buttonsOf, startStoreChat, textOf, type StoreChat } from '../../helpers/storeChat.js';

const NOW = '2026-12-05T10:00:00+08:00';
let h: StoreChat;

beforeEach(async () => {
  h = await startStoreChat({ now: NOW });
});
afterEach(() => h.close());

describe('asking which entry is meant', () => {
  it('offers the likely entries as buttons and answers the one pressed', async () => {
    const c = h.customer('web', 'clarify-zh');
    // a price without a car: which car's price is asked back
    const asked = await c.say('多少钱');
    expect(textOf(asked)).toContain('您问的是下面哪一个');
    // (the web chat's first reply also carries the privacy notice's button)
    const offered = buttonsOf(asked).filter((b) => b !== 'privacy:agree');
    expect(offered.length).toBeGreaterThanOrEqual(3);
    expect(offered.at(-1)).toBe('human');
    for (const b of offered.slice(0, -1)) expect(b).toMatch(/^faq:price-/);
    expect(offered).toContain('faq:price-x5');
    const answered = await c.press('faq:price-x5');
    expect(textOf(answered)).toContain('139,800'); // the X5's prices from the catalogue
  });

  it('asks in English when the customer wrote English', async () => {
    const asked = await h.customer('telegram', '7001').say('how much is it?');
    expect(textOf(asked)).toContain('Which of these do you mean?');
    expect(buttonsOf(asked).filter((b) => b.startsWith('faq:price-')).length).toBeGreaterThanOrEqual(2);
  });

  it('does not count a "which?" as an unsure turn: two in a row still ask, no handoff', async () => {
    const c = h.customer('web', 'clarify-twice');
    await c.say('多少钱');
    const second = await c.say('how much is it?');
    expect(textOf(second)).toContain('Which of these do you mean?');
    expect(await h.db.conversation.count({ where: { handoffStatus: { not: 'none' } } })).toBe(0);
  });

  it('asks between two entries the ranker cannot tell apart below the threshold, and answers at once at 0', () => {
    // a store whose FAQ has the test-drive duration twice, under two ids: no wording tells them apart
    const data = demoData();
    const original = data.faqs.find((f) => f.id === 'testdrive-duration')!;
    const twin = { ...original, id: 'testdrive-length' };
    const kb = buildKnowledgeIndex({
      ...data,
      faqs: [...data.faqs, twin],
      faqExamples: { ...data.faqExamples, [twin.id]: data.faqExamples[original.id]! },
    });
    const q = 'how long is a test drive';
    const unsure = searchKnowledge(q, kb, { clarifyBelow: 0.99 });
    expect(unsure.faqId).toBeNull();
    expect([...(unsure.clarify ?? [])].sort()).toEqual(['testdrive-duration', 'testdrive-length']);
    expect(searchKnowledge(q, kb, { clarifyBelow: 0 }).faqId).toMatch(/^testdrive-(duration|length)$/);
    // the demo store itself has one such entry, and answers it
    expect(searchKnowledge(q, h.kb, { clarifyBelow: 0.99 }).faqId).toBe('testdrive-duration');
  });
});
