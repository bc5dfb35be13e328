// Answers customers' questions from the store's own data. When a question fits two or three
// entries about equally it asks which one, with them as buttons. Below the confidence threshold
// it says it is not sure and offers a human or a rephrase (with "did you mean" buttons);
// two unsure turns in a row hand the chat to a human. With an LLM configured the model
// picks among the entries the search found (chooseFaqEntry), and the answer is worded by
// the model from the chosen entry only, and checked before it is sent.
import { stateSlot } from '../../core/stateSlot.js';
import type { Bot, TurnContext } from '../../core/bot.js';
import type { Bilingual } from '../../core/i18n.js';
import type { LlmClient } from '../../llm/llmClient.js';
import type { Button } from '../../core/message.js';
import type { StoreData } from '../../storeData/storeDataSchema.js';
import { startHandoff } from '../handoff/customerHandoffBot.js';
import { answerQuestion, type Answer } from './answerQuestion.js';
import { chooseFaqEntry } from './chooseFaqEntry.js';
import type { KnowledgeBase } from './buildKnowledgeIndex.js';
import { composeAnswer } from './composeAnswer.js';
import { groundAnswer } from './groundAnswer.js';

const F = {
  didYouMean: { zh: '您是想问：', en: 'Did you mean:' },
  human: { zh: '转人工', en: 'Talk to a person' },
  modelsTitle: { zh: '我们的车型（厂商指导价）：', en: 'Our models (list prices):' },
  modelLine: { zh: '· {name}：{body}，{min}–{max} 元', en: '· {name}: {body}, CNY {min}–{max}' },
  modelsHint: { zh: '想了解哪一款？直接问我，比如“E6 多少钱”，或预约试驾。', en: 'Ask me about any of them, e.g. "how much is the E6", or book a test drive.' },
} satisfies Record<string, Bilingual>;

interface FaqBotDeps {
  kb: KnowledgeBase;
  data: StoreData;
  llm?: LlmClient;
}

/** How many questions in a row the FAQ was unsure of: at two, a person takes over. */
const unsureStreak = stateSlot<number>('unsure');

export function createFaqBot(deps: FaqBotDeps): Bot {
  const questionLabel = (id: string, lang: 'zh' | 'en') => {
    const entry = deps.data.faqs.find((f) => f.id === id);
    return (entry?.questions[lang]?.[0] ?? entry?.questions.zh[0] ?? id).slice(0, 40);
  };

  /** `useLlm`: whether the model words the answer (not when it just timed out choosing the entry). */
  async function reply(ctx: TurnContext, question: string, answer: Answer, useLlm = true) {
    if (answer.clarify) {
      // "which of these?": neither an answer nor an unsure turn, so the streak stays as it is
      const buttons: Button[] = answer.clarify.map((id) => ({ label: questionLabel(id, ctx.lang), value: `faq:${id}` }));
      buttons.push({ label: ctx.say(F.human), value: 'human' });
      ctx.reply({ text: answer.answer, buttons });
      return;
    }
    const streak = unsureStreak.get(ctx) ?? 0;
    if (!answer.faqId) {
      if (streak + 1 >= 2) {
        unsureStreak.set(ctx, 0);
        await startHandoff(ctx, 'low_confidence');
        return;
      }
      unsureStreak.set(ctx, streak + 1, 30 * 60_000);
      const buttons: Button[] = answer.alternatives.slice(0, 3).map((id) => ({ label: questionLabel(id, ctx.lang), value: `faq:${id}` }));
      buttons.push({ label: ctx.say(F.human), value: 'human' });
      const text = answer.alternatives.length ? `${answer.answer}\n${ctx.say(F.didYouMean)}` : answer.answer;
      ctx.reply({ text, buttons });
      return;
    }
    if (streak) unsureStreak.set(ctx, 0);
    const grounded = await groundAnswer({
      llm: useLlm ? deps.llm : undefined,
      question,
      lang: ctx.lang,
      entries: [{ id: answer.faqId, text: answer.answer }],
      fallback: answer.answer,
      log: ctx.log,
    });
    ctx.reply({ text: grounded.text });
  }

  function listModels(ctx: TurnContext) {
    const lines = deps.data.catalog.models.map((m) =>
      ctx.say(F.modelLine, {
        name: m.name[ctx.lang],
        body: m.body[ctx.lang],
        min: m.price_range.min.toLocaleString('en-US'),
        max: m.price_range.max.toLocaleString('en-US'),
      }),
    );
    ctx.reply({
      text: `${ctx.say(F.modelsTitle)}\n${lines.join('\n')}\n${ctx.say(F.modelsHint)}`,
      buttons: [{ label: ctx.say({ zh: '预约试驾', en: 'Book a test drive' }), value: 'book_test_drive' }],
    });
  }

  return {
    name: 'faq',
    sides: ['customer'],
    async handle(ctx) {
      const action = ctx.msg.action;
      if (action === 'faq:models') {
        listModels(ctx);
        return true;
      }
      if (action?.startsWith('faq:')) {
        // "Did you mean" pressed: answer that entry, with today's prices and offers.
        const id = action.slice(4);
        if (!deps.kb.faqs.has(id)) return false;
        const composed = composeAnswer(id, deps.kb, { now: ctx.now, lang: ctx.lang });
        await reply(ctx, questionLabel(id, ctx.lang), {
          faqId: id,
          answer: composed.text,
          lang: ctx.lang,
          confidence: 1,
          alternatives: [],
          sources: composed.sources,
        });
        return true;
      }
      if (ctx.msg.kind !== 'text' || !ctx.msg.text) return false;
      const question = ctx.msg.text;
      const found = answerQuestion(question, deps.kb, { now: ctx.now, lang: ctx.lang });
      const choice = await chooseFaqEntry(question, found, { kb: deps.kb, llm: deps.llm, now: ctx.now, log: ctx.log });
      // Every provider just timed out choosing: asking them again to word the answer would
      // make the customer wait as long once more, for a model that is slow right now.
      await reply(ctx, question, choice.answer, choice.outcome !== 'timeout');
      return true;
    },
  };
}
