// The last bot in the router: a polite answer for what nothing else handles, never silence.
import type { Bot } from '../../core/bot.js';

export const fallbackBot: Bot = {
  name: 'fallback',
  sides: ['customer', 'staff'],
  async handle(ctx) {
    ctx.reply({
      text: ctx.t(ctx.actor.kind === 'customer' ? 'fallback.customer' : 'fallback.staff'),
      buttons: ctx.actor.kind === 'customer' ? [{ label: ctx.t('help.button.human'), value: 'human' }] : undefined,
    });
    return true;
  },
};
