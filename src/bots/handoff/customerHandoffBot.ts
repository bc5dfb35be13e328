// The customer's side of a human handoff: "转人工" (or the human button) queues the chat
// for a person; while a person owns it the bot stays quiet and relays every customer
// message to them.
import { recordInteractionOnce } from '../../sales/customers/recordInteractionOnce.js';
import type { Bot, TurnContext } from '../../core/bot.js';
import type { ChannelName } from '../../core/message.js';
import { enqueueOutbound } from '../../core/outbox.js';
import { isInHandoff, parseRelay, queueHandoff } from './handoffState.js';
import { announceHandoff, relaysToRoom, relayToRoom } from './staffRoom.js';
import { createHandoffReminderJob, createHandoffTimeoutJob } from './handoffTimeoutJob.js';
import { HO } from './handoffTexts.js';

/** Starts a handoff from any bot (the FAQ bot calls it after two unsure answers). */
export async function startHandoff(ctx: TurnContext, reason: 'asked' | 'low_confidence'): Promise<void> {
  await queueHandoff(ctx.db, ctx.conversation.id, ctx.now);
  const customer = ctx.actor.kind === 'customer' ? ctx.actor.customer : null;
  if (customer) {
    await recordInteractionOnce(ctx.db, {
      storeId: ctx.store.id,
      customerId: customer.id,
      staffId: customer.ownerId,
      type: 'chat',
      channel: ctx.msg.channel,
      occurredAt: ctx.now,
      detail: { handoff: reason },
      eventKey: `${ctx.eventKey}:handoff`,
    });
  }
  await announceHandoff(ctx, reason);
  ctx.reply({ text: reason === 'asked' ? ctx.say(HO.queued) : `${ctx.say(HO.lowConfidence)}\n${ctx.say(HO.queued)}` });
}

export const customerHandoffBot: Bot = {
  name: 'handoff',
  sides: ['customer'],
  // nobody answered in time: back to the bot; and a reminder to staff during opening hours
  jobs: ({ db, store, data }) => {
    const hours = (data.store.hours as { sales?: { open?: string; close?: string } } | undefined)?.sales;
    return [
      createHandoffTimeoutJob(db, store),
      createHandoffReminderJob(db, store, { timeZone: store.timezone, open: hours?.open ?? '09:00', close: hours?.close ?? '18:00' }),
    ];
  },
  async handle(ctx) {
    if (isInHandoff(ctx.conversation)) {
      // A person owns (or is about to own) the chat: relay, and say nothing ourselves.
      const text = ctx.msg.text ?? ctx.msg.action ?? '';
      // the staff room's thread follows the whole handoff, queued or active
      await relayToRoom(ctx.db, ctx.store, ctx.conversation, text, `${ctx.msg.channel}:${ctx.msg.eventId}`, ctx.now);
      if (ctx.conversation.handoffStatus === 'active' && ctx.conversation.handoffRelay) {
        const to = parseRelay(ctx.conversation.handoffRelay);
        if (ctx.conversation.handoffThread && relaysToRoom(ctx.store, to)) return true;
        await enqueueOutbound(
          ctx.db,
          {
            // the customer's conversation in the key: the row has none of its own (the
            // transcript it lands in is the staff member's), and a deletion request finds it by it
            idempotencyKey: `relay:to-staff:${ctx.conversation.id}:${ctx.msg.channel}:${ctx.msg.eventId}`,
            channel: to.channel as ChannelName,
            recipient: to.chatId,
            message: { text, from: 'customer' },
          },
          ctx.now,
        );
      }
      return true;
    }
    const wantsHuman = ctx.msg.action === 'human' || (ctx.msg.kind === 'text' && ctx.understanding().intent === 'human');
    if (!wantsHuman) return false;
    await startHandoff(ctx, 'asked');
    return true;
  },
};
