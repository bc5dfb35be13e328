// The first bot: says hello and lists what the assistant does for this user's role, in
// the user's language, with buttons for the most common next steps.
import { HANDOFF_ACTIONS } from '../handoff/handoffActions.js';
import type { Bot, StoreInfo, TurnContext } from '../../core/bot.js';
import { t, type MessageKey } from '../../core/i18n.js';
import type { Lang, OutboundMessage } from '../../core/message.js';
import type { Staff } from '../../generated/prisma/client.js';

const GREETING =
  /^\s*(你好|您好|嗨|哈喽|哈啰|在吗|在不在|有人吗|早上好|下午好|晚上好|hi|hello|hey|good (morning|afternoon|evening)|帮助|菜单|help|menu|start|开始)\s*[!！。.,，~～?？]*\s*$/i;
const HELP_COMMANDS = new Set(['start', 'help', 'menu']);

const CUSTOMER_BUTTONS: [MessageKey, string][] = [
  ['help.button.testDrive', 'book_test_drive'],
  ['help.button.models', 'faq:models'],
  ['help.button.human', 'human'],
];
const STAFF_BUTTONS: [MessageKey, string][] = [
  ['help.button.digest', 'digest'],
  ['help.button.followups', 'followups'],
  ['help.button.coach', 'coach'],
  ['help.button.queue', HANDOFF_ACTIONS.queue],
];

export function isGreeting(ctx: TurnContext): boolean {
  const { msg } = ctx;
  if (msg.kind === 'command') return HELP_COMMANDS.has(msg.command?.name ?? '');
  if (msg.kind === 'button') return msg.action === 'help';
  return GREETING.test(msg.text ?? '');
}

/** The customer's welcome: also what a channel shows before the first message (the web widget). */
export function customerWelcome(lang: Lang, store: StoreInfo): OutboundMessage {
  const storeName = lang === 'zh' ? store.nameZh : store.nameEn;
  return {
    text: `${t(lang, 'greeting.customer', { store: storeName })}\n${t(lang, 'help.customer')}`,
    buttons: CUSTOMER_BUTTONS.map(([key, value]) => ({ label: t(lang, key), value })),
  };
}

export function staffWelcome(lang: Lang, store: StoreInfo, staff: Staff): OutboundMessage {
  const role = staff.role as 'sales_consultant' | 'sales_manager' | 'dcc_agent' | 'store_manager';
  return {
    text: `${t(lang, 'greeting.staff', { name: lang === 'zh' ? staff.nameZh : staff.nameEn, store: lang === 'zh' ? store.nameZh : store.nameEn })}\n${t(lang, `help.staff.${role}`)}`,
    buttons: STAFF_BUTTONS.map(([key, value]) => ({ label: t(lang, key), value })),
  };
}

export const greetingBot: Bot = {
  name: 'greeting',
  sides: ['customer', 'staff'],
  async handle(ctx) {
    if (!isGreeting(ctx)) return false;
    ctx.reply(ctx.actor.kind === 'customer' ? customerWelcome(ctx.lang, ctx.store) : staffWelcome(ctx.lang, ctx.store, ctx.actor.staff));
    return true;
  },
};
