// Complaints: recognised, recorded as a ticket with a reference and a deadline,
// acknowledged with both, escalated to the sales manager; the customer can ask for status.
import type { Bot } from '../../core/bot.js';
import { fill, type Bilingual } from '../../core/i18n.js';
import { maskPhonesInText } from '../../infra/logger.js';
import { notifyStaff } from '../../core/notifyStaff.js';
import { maskName, maskPhone } from '../../sales/privacy/maskPersonalData.js';
import { formatInstant } from '../test-drive/formatSlot.js';
import { COMPLAINT_RESPONSE_HOURS, openComplaint } from '../../sales/complaints/complaints.js';

const C = {
  staffNotice: {
    zh: '⚠️ 新投诉 {ref}：{customer}，须在 {deadline} 前回复。\n“{text}”',
    en: '⚠️ New complaint {ref} from {customer}; answer by {deadline}.\n"{text}"',
  },
  openCustomer: { zh: '查看客户', en: 'Open customer' },
  received: {
    zh: '非常抱歉给您带来不好的体验。您的投诉已登记，编号 {ref}，销售经理会在 {hours} 小时内（{deadline}前）联系您。查询进度请回复“投诉进度”。',
    en: 'We are very sorry about your experience. Your complaint is recorded as {ref}; a sales manager will contact you within {hours} hours (by {deadline}). To check on it, write "complaint status".',
  },
  none: {
    zh: '没有找到您的投诉记录。如需投诉，直接告诉我发生了什么即可。',
    en: "I couldn't find a complaint from you. To make one, just tell me what happened.",
  },
  line: { zh: '{ref}：{status}（{created}登记，{deadline}前回复）', en: '{ref}: {status} (filed {created}, answer due by {deadline})' },
  statusTitle: { zh: '您的投诉：', en: 'Your complaints:' },
} satisfies Record<string, Bilingual>;

const STATUS: Record<string, Bilingual> = {
  open: { zh: '待处理', en: 'open' },
  in_progress: { zh: '处理中', en: 'in progress' },
  resolved: { zh: '已解决', en: 'resolved' },
  closed: { zh: '已关闭', en: 'closed' },
};

const STATUS_QUERY =
  /(投诉|工单).{0,4}(进度|状态|怎么样了|处理得?怎么样|结果)|我的投诉|complaint.{0,12}(status|update|progress)|status of my complaint|TS-\d{8}-\d{4}/i;

export const complaintBot: Bot = {
  name: 'complaint',
  sides: ['customer'],
  async handle(ctx) {
    if (ctx.actor.kind !== 'customer' || ctx.msg.kind !== 'text' || !ctx.msg.text) return false;
    const customer = ctx.actor.customer;
    const tz = ctx.store.timezone;
    if (STATUS_QUERY.test(ctx.msg.text)) {
      const mine = await ctx.db.complaint.findMany({ where: { customerId: customer.id }, orderBy: { createdAt: 'desc' }, take: 5 });
      if (!mine.length) {
        ctx.reply({ text: ctx.say(C.none) });
        return true;
      }
      const lines = mine.map((c) =>
        ctx.say(C.line, {
          ref: c.ref,
          status: STATUS[c.status]?.[ctx.lang] ?? c.status,
          created: formatInstant(c.createdAt, tz, ctx.lang),
          deadline: formatInstant(c.deadlineAt, tz, ctx.lang),
        }),
      );
      ctx.reply({ text: `${ctx.say(C.statusTitle)}\n${lines.join('\n')}` });
      return true;
    }
    if (ctx.understanding().intent !== 'complaint') return false;
    const complaint = await openComplaint(ctx.db, {
      storeId: ctx.store.id,
      customerId: customer.id,
      ownerId: customer.ownerId,
      conversationId: ctx.conversation.id,
      text: ctx.msg.text,
      now: ctx.now,
      timeZone: tz,
      channel: ctx.msg.channel,
      eventKey: ctx.eventKey,
    });
    if (complaint.escalatedToId) {
      const who = [maskName(customer.name), maskPhone(customer.phone)].filter(Boolean).join(' ');
      await notifyStaff(
        ctx.db,
        complaint.escalatedToId,
        (lang) => ({
          text: fill(lang, C.staffNotice, {
            ref: complaint.ref,
            customer: who,
            deadline: formatInstant(complaint.deadlineAt, tz, lang),
            text: maskPhonesInText(complaint.text).slice(0, 500),
          }),
          buttons: [{ label: fill(lang, C.openCustomer), value: `crm:open:${customer.id}` }],
        }),
        `complaint:${complaint.id}`,
        ctx.now,
      );
    }
    ctx.reply({
      text: ctx.say(C.received, { ref: complaint.ref, hours: COMPLAINT_RESPONSE_HOURS, deadline: formatInstant(complaint.deadlineAt, tz, ctx.lang) }),
    });
    return true;
  },
};
