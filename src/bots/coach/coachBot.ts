// The sales coach for staff: "the customer said X, what do I say?". It answers
//   - the command 'coach' (Slack /coach <text>; typed "/coach <text>" or "/教练 <text>"
//     on the web chat's staff side or in a DM),
//   - texts starting with 客户说 / 顾客说 / "customer says",
//   - the staff greeting's 'coach' button (a short how-to),
//   - and any other staff text (a Slack DM or mention) that reads as an objection with
//     good confidence; anything else returns false so the other bots run.
// A customer named in the text (id, phone, @name, 客户王伟说…) is looked up within the
// staff member's scope and the answer is adapted to them. Wire it into createBots after
// the CRM and target bots and before greeting/faq/fallback.
import type { Bot, TurnContext } from '../../core/bot.js';
import type { LlmClient } from '../../llm/llmClient.js';
import type { Staff } from '../../generated/prisma/client.js';
import type { StoreData } from '../../storeData/storeDataSchema.js';
import { answerObjection, stripCoachPrefix } from './answerObjection.js';
import { buildObjectionIndex, type ObjectionIndex } from './buildObjectionIndex.js';
import { classifyObjection } from './classifyObjection.js';
import { COACH } from './coachTexts.js';
import { findCustomerRef, lookUpCustomer, type CustomerLookup } from './findNamedCustomer.js';

export interface CoachBotDeps {
  data: StoreData;
  /** built from data when absent */
  objectionIndex?: ObjectionIndex;
  llm?: LlmClient;
}

const COMMAND_NAMES = /^\/?(coach|教练)$/i;
const TEXT_COMMAND = /^\s*\/(coach|教练)(?=\s|$)/i;
const SAYS = /^\s*(?:@\S+\s+)?(?:(?:客户|顾客|客人)(?:\p{Script=Han}{2,4}?(?:先生|女士|小姐)?)?(?:说|讲|表示)|(?:the )?(?:customer|client)(?: [A-Z][a-z]+(?: [A-Z][a-z]+)?)? (?:says?|said)\b)/iu;
/**
 * An ordinary staff text is taken for an objection only from this confidence up, and
 * only with one of the trade's strong words for it (太贵, 商量, 随便看看…): "客户明天来提车"
 * is news for the CRM, not a customer's objection about delivery times.
 */
export const UNPROMPTED_CONFIDENCE = 0.45;
const UNPROMPTED_CUES = 1;

type StaffCtx = TurnContext & { actor: { kind: 'staff'; staff: Staff } };

export function createCoachBot(deps: CoachBotDeps): Bot {
  const ix = deps.objectionIndex ?? buildObjectionIndex(deps.data);

  async function coach(ctx: StaffCtx, text: string): Promise<void> {
    const words = stripCoachPrefix(text);
    if (!words) {
      ctx.reply({ text: ctx.say(COACH.help) });
      return;
    }
    const ref = findCustomerRef(text);
    let customer: CustomerLookup | undefined;
    if (ref) {
      customer = await lookUpCustomer(ctx.db, { staff: ctx.actor.staff, ref, now: ctx.now, log: ctx.log });
      if (customer.status !== 'found' && !ref.explicit) customer = undefined;
    }
    const result = await answerObjection({ text, now: ctx.now, customer }, { ix, data: deps.data, llm: deps.llm, log: ctx.log });
    ctx.log.info({ objectionIds: result.objectionIds, confidence: result.confidence, llm: result.llmOutcome }, 'coach answer');
    ctx.reply({ text: result.text });
  }

  return {
    name: 'coach',
    sides: ['staff'],
    async handle(ctx) {
      if (ctx.actor.kind !== 'staff') return false;
      const c = ctx as StaffCtx;
      const msg = ctx.msg;
      if (msg.kind === 'button') {
        if (msg.action !== 'coach') return false;
        ctx.reply({ text: ctx.say(COACH.help) });
        return true;
      }
      if (msg.kind === 'command') {
        if (!msg.command || !COMMAND_NAMES.test(msg.command.name)) return false;
        await coach(c, msg.command.args ?? '');
        return true;
      }
      if (msg.kind !== 'text' || !msg.text) return false;
      const text = msg.text;
      if (TEXT_COMMAND.test(text) || SAYS.test(text)) {
        await coach(c, text);
        return true;
      }
      // A DM or mention: only when it clearly is a customer's objection.
      const match = classifyObjection(text, ix);
      if (match.ids.length === 0 || match.confidence < UNPROMPTED_CONFIDENCE || (match.ranked[0]?.cues ?? 0) < UNPROMPTED_CUES) return false;
      await coach(c, text);
      return true;
    },
  };
}
