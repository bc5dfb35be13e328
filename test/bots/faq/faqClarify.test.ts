// A question that fits two or three entries about equally gets a short "which of these?"
// with them as buttons, in the customer's language; a button answers that entry, and a
// "which?" is no unsure turn (two in a row do not hand the chat to a person).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchKnowledge } from '../../../src/bots/faq/searchKnowledge.js';
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
    const asked = await c.say('X5一百公里多少油');
    expect(textOf(asked)).toContain('您问的是下面哪一个');
    // (the web chat's first reply also carries the privacy notice's button)
    expect(buttonsOf(asked).filter((b) => b !== 'privacy:agree')).toEqual(['faq:fuel-economy', 'faq:compare-x5-petrol-hev', 'human']);
    const answered = await c.press('faq:fuel-economy');
    expect(textOf(answered)).toMatch(/6\.9|4\.8/); // the X5's litres per 100 km from the catalogue
  });

  it('asks in English when the customer wrote English', async () => {
    const asked = await h.customer('telegram', '7001').say('How soon can I take delivery?');
    expect(textOf(asked)).toContain('Which of these do you mean?');
    expect(buttonsOf(asked)).toContain('faq:delivery-wait');
  });

  it('does not count a "which?" as an unsure turn: two in a row still ask, no handoff', async () => {
    const c = h.customer('web', 'clarify-twice');
    await c.say('X5一百公里多少油');
    const second = await c.say('How soon can I take delivery?');
    expect(textOf(second)).toContain('Which of these do you mean?');
    expect(await h.db.conversation.count({ where: { handoffStatus: { not: 'none' } } })).toBe(0);
  });

  it('answers at once when the threshold is 0, and asks for the same question below it', () => {
    expect(searchKnowledge('X5一百公里多少油', h.kb, { clarifyBelow: 0 }).faqId).toBe('fuel-economy');
    expect(searchKnowledge('X5一百公里多少油', h.kb).clarify).toEqual(['fuel-economy', 'compare-x5-petrol-hev']);
  });
});
