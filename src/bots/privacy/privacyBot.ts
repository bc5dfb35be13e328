// Privacy (PIPL): a first-contact notice asking for consent, and "delete my data" with a
// confirmation, after which the personal fields are erased. The notice states how long
// the chat is kept: the store's retention rule (sales-rules.yaml), which the daily
// retention job applies.
import type { Bot, TurnContext } from '../../core/bot.js';
import type { Bilingual } from '../../core/i18n.js';
import { anonymiseCustomer } from '../../sales/privacy/anonymiseCustomer.js';
import { DEFAULT_RETENTION, type RetentionRules } from '../../sales/salesRules.js';
import { createRetentionJob } from './retentionJob.js';

const P = {
  notice: {
    zh: '温馨提示：为了回答您的问题和安排试驾，我们会保存本次对话，以及您主动提供的姓名和电话，仅用于联系您，按《个人信息保护法》处理。聊天记录在最后一条消息后保存 {days} 天，到期自动删除。您可随时回复“删除我的信息”。',
    en: 'Privacy notice: to answer you and arrange test drives we keep this chat and any name and phone number you give us, only to contact you, under China’s Personal Information Protection Law. The chat is kept for {days} days after its last message, then deleted. You can write "delete my data" at any time.',
  },
  agree: { zh: '同意', en: 'I agree' },
  agreed: { zh: '谢谢！有什么可以帮您？', en: 'Thank you! How can I help?' },
  confirmDelete: {
    zh: '确定要删除您的个人信息吗？删除后我们将清除您的姓名、电话和聊天记录，未来的试驾预约也会取消，且无法恢复。',
    en: 'Delete your personal data? We will erase your name, phone number and chat history and cancel any upcoming test drive. This cannot be undone.',
  },
  deleteButton: { zh: '确认删除', en: 'Delete my data' },
  keepButton: { zh: '再想想', en: 'Keep it' },
  deleted: {
    zh: '您的个人信息已删除。感谢您的关注，如需帮助随时联系我们。',
    en: 'Your personal data has been deleted. Thank you, and do get in touch again whenever you like.',
  },
  kept: { zh: '好的，您的信息保持不变。', en: 'OK, nothing was deleted.' },
} satisfies Record<string, Bilingual>;

const DELETE_REQUEST =
  /(删除|删掉|清除|注销).{0,6}(我的)?(个人)?(信息|资料|数据|记录|账号)|(delete|erase|remove|wipe).{0,12}(my )?(personal )?(data|information|info|details|account)|forget me/i;

export function createPrivacyBot(consentVersion: string, retention: Pick<RetentionRules, 'transcriptDays'> = DEFAULT_RETENTION): Bot {
  return {
    name: 'privacy',
    sides: ['customer'],
    // transcripts, inbound payloads and sent messages pruned after the periods the notice states
    jobs: (env) => [createRetentionJob(env.db, env.data.salesRules.retention)],
    async handle(ctx) {
      if (ctx.actor.kind !== 'customer') return false;
      const customer = ctx.actor.customer;
      const action = ctx.msg.action;
      if (action === 'privacy:agree') {
        if (!customer.consentAt) await ctx.db.customer.update({ where: { id: customer.id }, data: { consentAt: ctx.now, consentVersion } });
        ctx.reply({ text: ctx.say(P.agreed) });
        return true;
      }
      if (action === 'privacy:delete') {
        // Only the record this chat's own identity resolved to: a phone typed in a chat never
        // links to another customer (sales/recordCustomerPhone), so nothing reached through a
        // number someone typed can be erased from here.
        await anonymiseCustomer(ctx.db, customer.id, ctx.now, { type: 'customer', id: customer.id });
        ctx.setState(null);
        ctx.reply({ text: ctx.say(P.deleted) });
        return true;
      }
      if (action === 'privacy:keep') {
        ctx.reply({ text: ctx.say(P.kept) });
        return true;
      }
      if (ctx.msg.kind === 'text' && DELETE_REQUEST.test(ctx.msg.text ?? '') && !/怎么|如何|how (do|can)/i.test(ctx.msg.text ?? '')) {
        ctx.reply({
          text: ctx.say(P.confirmDelete),
          buttons: [
            { label: ctx.say(P.deleteButton), value: 'privacy:delete' },
            { label: ctx.say(P.keepButton), value: 'privacy:keep' },
          ],
        });
        return true;
      }
      // First contact: the notice comes first, then the other bots answer the message.
      if (!customer.consentAt && (await isFirstContact(ctx))) {
        ctx.reply({ text: ctx.say(P.notice, { days: retention.transcriptDays }), buttons: [{ label: ctx.say(P.agree), value: 'privacy:agree' }] });
      }
      return false;
    },
  };
}

async function isFirstContact(ctx: TurnContext): Promise<boolean> {
  const customerId = ctx.actor.kind === 'customer' ? ctx.actor.customer.id : null;
  if (!customerId) return false;
  const spoken = await ctx.db.chatMessage.count({ where: { direction: 'out', conversation: { customerId } } });
  return spoken === 0;
}
