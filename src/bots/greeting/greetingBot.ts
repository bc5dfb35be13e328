// The first bot: says hello and lists what the assistant does for this user's role, in
// the user's language, with buttons for the most common next steps.
import type { Bot, TurnContext } from '../../core/bot.js';
import type { MessageKey } from '../../core/i18n.js';
import type { Button } from '../../core/message.js';

const GREETING = /^\s*(你好|您好|嗨|哈喽|哈啰|在吗|在不在|有人吗|早上好|下午好|晚上好|hi|hello|hey|good (morning|afternoon|evening)|帮助|菜单|help|menu|start|开始)\s*[!！。.,，~～?？]*\s*$/i;
const HELP_COMMANDS = new Set(['start', 'help', 'menu']);

export function isGreeting(ctx: TurnContext): boolean {
  const { msg } = ctx;
  if (msg.kind === 'command') return HELP_COMMANDS.has(msg.command?.name ?? '');
  if (msg.kind === 'button') return msg.action === 'help';
  return GREETING.test(msg.text ?? '');
}

export const greetingBot: Bot = {
  name: 'greeting',
  sides: ['customer', 'staff'],
  async handle(ctx) {
    if (!isGreeting(ctx)) return false;
    const storeName = ctx.lang === 'zh' ? ctx.store.nameZh : ctx.store.nameEn;
    if (ctx.actor.kind === 'customer') {
      ctx.reply({
        text: `${ctx.t('greeting.customer', { store: storeName })}\n${ctx.t('help.customer')}`,
        buttons: buttons(ctx, [
          ['help.button.testDrive', 'book_test_drive'],
          ['help.button.models', 'faq:models'],
          ['help.button.human', 'human'],
        ]),
      });
      return true;
    }
    const staff = ctx.actor.staff;
    const role = staff.role as 'sales_consultant' | 'sales_manager' | 'dcc_agent' | 'store_manager';
    ctx.reply({
      text: `${ctx.t('greeting.staff', { name: ctx.lang === 'zh' ? staff.nameZh : staff.nameEn, store: storeName })}\n${ctx.t(`help.staff.${role}` as MessageKey)}`,
      buttons: buttons(ctx, [
        ['help.button.digest', 'digest'],
        ['help.button.followups', 'followups'],
        ['help.button.coach', 'coach'],
      ]),
    });
    return true;
  },
};

function buttons(ctx: TurnContext, list: [MessageKey, string][]): Button[] {
  return list.map(([key, value]) => ({ label: ctx.t(key), value }));
}
