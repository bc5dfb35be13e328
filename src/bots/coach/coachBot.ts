// The sales coach for staff: "the customer said X, what do I say?". It answers
//   - the command 'coach' (Slack /coach <text>; typed "/coach <text>" or "/教练 <text>"
//     on the web chat's staff side or in a DM),
//   - texts starting with 客户说 / 顾客说 / "customer says",
//   - the staff greeting's 'coach' button (a short how-to),
//   - and any other staff text (a Slack DM or mention) that reads as an objection with
//     good confidence; anything else passes to the other bots.
// A customer named in the text (id, phone, @name, 客户王伟说…) is looked up within the
// staff member's scope and the answer is adapted to them. Wire it into createBots after
// the CRM and target bots and before greeting/faq/fallback.
import type { Bot } from '../../core/bot.js';
import { action, command, staffBot, text, type Route, type StaffTurn } from '../../core/turnRoutes.js';
import type { LlmClient } from '../../llm/llmClient.js';
import type { StoreData } from '../../storeData/storeDataSchema.js';
import { answerObjection, stripCoachPrefix } from './answerObjection.js';
import { buildObjectionIndex, type ObjectionIndex } from './buildObjectionIndex.js';
import { classifyObjection } from './classifyObjection.js';
import { COACH } from './coachTexts.js';
import { findCustomerRef, lookUpCustomer, type CustomerLookup } from './findNamedCustomer.js';

interface CoachBotDeps {
  data: StoreData;
  /** built from data when absent */
  objectionIndex?: ObjectionIndex;
  llm?: LlmClient;
}

/** The staff greeting's button: a short how-to. */
const COACH_BUTTON = 'coach';
const COMMAND_NAMES = ['coach', '教练'];
/** A typed "/coach …": the coach reads the whole text (answerObjection strips the command). */
const TYPED_COMMAND = /^\s*\/(coach|教练)(?=\s|$)/i;
const SAYS =
  /^\s*(?:@\S+\s+)?(?:(?:客户|顾客|客人)(?:\p{Script=Han}{2,4}?(?:先生|女士|小姐)?)?(?:说|讲|表示)|(?:the )?(?:customer|client)(?: [A-Z][a-z]+(?: [A-Z][a-z]+)?)? (?:says?|said)\b)/iu;
/**
 * An ordinary staff text is taken for an objection only from this confidence up, and
 * only with one of the trade's strong words for it (太贵, 商量, 随便看看…): "客户明天来提车"
 * is news for the CRM, not a customer's objection about delivery times.
 */
export const UNPROMPTED_CONFIDENCE = 0.45;
const UNPROMPTED_CUES = 1;

export function createCoachBot(deps: CoachBotDeps): Bot {
  const ix = deps.objectionIndex ?? buildObjectionIndex(deps.data);

  async function coach(ctx: StaffTurn, text: string): Promise<void> {
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

  return staffBot({
    name: 'coach',
    routes: [
      action(COACH_BUTTON, (ctx) => ctx.reply({ text: ctx.say(COACH.help) })),
      // typed commands are read whole before `command` could take them, so it sees the platform's only
      text(TYPED_COMMAND, (ctx, m) => coach(ctx, m.input ?? '')),
      text(SAYS, (ctx, m) => coach(ctx, m.input ?? '')),
      command(COMMAND_NAMES, (ctx, args) => coach(ctx, args)),
      // a DM or mention: only when it clearly is a customer's objection
      objectionText(ix, coach),
    ],
  });
}

/** Any other staff text, when it reads as a customer's objection with good confidence. */
function objectionText(ix: ObjectionIndex, run: (ctx: StaffTurn, text: string) => Promise<void>): Route<StaffTurn> {
  return {
    match(ctx) {
      const said = ctx.msg.kind === 'text' ? ctx.msg.text : undefined;
      if (!said) return null;
      const match = classifyObjection(said, ix);
      if (match.ids.length === 0 || match.confidence < UNPROMPTED_CONFIDENCE || (match.ranked[0]?.cues ?? 0) < UNPROMPTED_CUES) return null;
      return () => run(ctx, said);
    },
  };
}
