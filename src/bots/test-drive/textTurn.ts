// A customer's free text as the test-drive flows read it, in the order the bot asks them
// (testDriveBot): the state as the turn began, a phone the channel proves, and what the
// text means, understood only when a step needs it (the first steps need no NLU).
import type { CustomerTurn } from '../../core/turnRoutes.js';
import { normaliseMobile } from '../../sales/customers/normaliseMobile.js';
import { resolveDateTime } from '../../understanding/nlu/resolveDateTime.js';
import type { Understanding } from '../../understanding/nlu/understand.js';
import type { TestDriveDeps } from './testDriveDeps.js';
import { draftSlot, type TdState } from './testDriveState.js';

export interface TextTurn {
  ctx: CustomerTurn;
  /** The customer's text, never empty. */
  text: string;
  /** The bot's state as the turn began. */
  state: TdState | undefined;
  /** The sender's own phone when the channel proves it (Telegram's shared contact), as 11 digits. */
  proven: string | null;
  /** What the text means, with a date and time stated inside a flow. */
  understood(): Understanding;
}

/** One answer to free text: true when it answered, false to let the next step try. */
export type TextStep = (turn: TextTurn, deps: TestDriveDeps) => Promise<boolean>;

/** The turn's free text, or null when the turn is no text (a button, a form, an empty message). */
export function readTextTurn(ctx: CustomerTurn, deps: TestDriveDeps): TextTurn | null {
  if (ctx.msg.kind !== 'text' || !ctx.msg.text) return null;
  const text = ctx.msg.text;
  const state = draftSlot.get(ctx);
  let understood: Understanding | undefined;
  return {
    ctx,
    text,
    state,
    proven: provenPhone(ctx),
    understood() {
      if (understood) return understood;
      const nlu = ctx.understanding();
      // Inside a flow, "下午3点半" answers our question even though, alone, it is no booking
      // request: take the date and time the text states whatever its intent.
      const stated = nlu.date || nlu.time || nlu.dateProblem || nlu.periodOnly || !state ? {} : resolveDateTime(text, ctx.now, deps.rules.timeZone);
      understood = { ...nlu, ...stated };
      return understood;
    },
  };
}

function provenPhone(ctx: CustomerTurn): string | null {
  const contact = ctx.msg.contact;
  return contact?.proven ? normaliseMobile(contact.phone) : null;
}
