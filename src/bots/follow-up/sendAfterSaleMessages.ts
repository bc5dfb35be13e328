// Return-visit questions and maintenance reminders to customers, on their own channel
// through the outbox, in working hours only: never to an opted-out or anonymised customer,
// and never where the channel cannot reach them now (WeChat outside its 48-hour
// customer-service window: the channel says so; the consultant gets a call task instead). A task is asked once (its outcome becomes 'asked'/'reminded'; the
// outbox key `aftersale:<taskId>` makes a repeat a no-op).
import type { Reachability } from '../../core/channel.js';
import { fill } from '../../core/i18n.js';
import type { ChannelName, Lang, OutboundMessage } from '../../core/message.js';
import { enqueueOutbound } from '../../core/outbox.js';
import { daysBetween, localParts } from '../../infra/storeTime.js';
import type { Db } from '../../store/createPrisma.js';
import { returnVisitDay } from '../../sales/followUp/buildCallList.js';
import { isWorkingTime } from '../../sales/calendar/isWorkingTime.js';
import { DAY_MS, type SalesRules } from '../../sales/salesRules.js';
import { chunked } from './chunked.js';
import type { SweepScope } from './followUpSweeps.js';
import { FU } from './followUpTexts.js';

const CUSTOMER_CHANNELS: ChannelName[] = ['web', 'telegram', 'wechat'];

interface AfterSaleStore extends SweepScope {
  nameZh: string;
  nameEn: string;
  salesPhone?: string;
  /** whether a conversation can be reached now (each channel's rule) */
  reach: Reachability;
}

export async function sendAfterSaleMessages(db: Db, store: AfterSaleStore, rules: SalesRules, now: Date): Promise<{ sent: number; calls: number }> {
  if (!isWorkingTime(now, rules, store.timeZone)) return { sent: 0, calls: 0 };
  const tasks = await db.followUpTask.findMany({
    where: {
      kind: { in: ['return_visit', 'maintenance'] },
      status: 'open',
      outcome: null,
      dueAt: { lte: now, gte: new Date(now.getTime() - 2 * DAY_MS) },
      customer: { storeId: store.storeId, anonymisedAt: null, optOutAt: null },
    },
    select: { id: true, kind: true, reason: true, dedupeKey: true, dueAt: true, staffId: true, customerId: true },
  });
  if (!tasks.length) return { sent: 0, calls: 0 };
  const latest = new Map<string, { id: string; channel: string; chatId: string; lang: string; lastInboundAt: Date | null }>();
  for (const ids of chunked([...new Set(tasks.map((t) => t.customerId))])) {
    const convs = await db.conversation.findMany({
      where: { customerId: { in: ids }, channel: { in: CUSTOMER_CHANNELS } },
      select: { id: true, customerId: true, channel: true, chatId: true, lang: true, lastInboundAt: true, updatedAt: true },
      orderBy: { updatedAt: 'desc' },
    });
    for (const c of convs) if (!latest.has(c.customerId!)) latest.set(c.customerId!, c);
  }
  const orders = new Map<string, Date>();
  for (const ids of chunked(tasks.map((t) => t.dedupeKey?.split(':')[1]).filter((x): x is string => !!x))) {
    for (const o of await db.order.findMany({ where: { id: { in: ids } }, select: { id: true, deliveredAt: true } }))
      if (o.deliveredAt) orders.set(o.id, o.deliveredAt);
  }
  let sent = 0;
  let calls = 0;
  for (const t of tasks) {
    const conv = latest.get(t.customerId);
    if (!conv) continue; // no chat: the task itself is the consultant's call
    if (!store.reach(conv, now)) {
      const exists = await db.followUpTask.findUnique({ where: { dedupeKey: `call:${t.id}` }, select: { id: true } });
      if (!exists) {
        await db.followUpTask.create({
          data: {
            customerId: t.customerId,
            staffId: t.staffId,
            kind: 'follow_up',
            reason: `call_instead:${t.kind}:${t.reason ?? ''}`,
            dueAt: now,
            dedupeKey: `call:${t.id}`,
            createdAt: now,
          },
        });
        calls++;
      }
      await db.followUpTask.update({ where: { id: t.id }, data: { outcome: 'call' } });
      continue;
    }
    const lang: Lang = conv.lang === 'en' ? 'en' : 'zh';
    const storeName = lang === 'zh' ? store.nameZh : store.nameEn;
    const orderId = t.dedupeKey?.split(':')[1];
    const deliveredAt = orderId ? orders.get(orderId) : undefined;
    let message: OutboundMessage;
    if (t.kind === 'return_visit') {
      const day = deliveredAt
        ? daysBetween(localParts(deliveredAt, store.timeZone).date, localParts(now, store.timeZone).date)
        : returnVisitDay(t.reason, t.dedupeKey);
      message = {
        text: fill(lang, FU.rvAsk, { store: storeName, days: day }),
        buttons: [1, 2, 3, 4, 5].map((n) => ({ label: `${n}`, value: `fu:rv:${t.id}:${n}` })),
      };
    } else {
      const km = t.reason?.match(/^mileage_(\d+)/)?.[1];
      const when = localParts(t.dueAt, store.timeZone).date + (km ? fill(lang, FU.maintenanceKm, { km }) : '');
      message = { text: fill(lang, FU.maintenanceAsk, { when, phone: store.salesPhone ?? storeName }) };
    }
    await enqueueOutbound(
      db,
      { idempotencyKey: `aftersale:${t.id}`, channel: conv.channel as ChannelName, recipient: conv.chatId, conversationId: conv.id, message },
      now,
    );
    await db.followUpTask.update({ where: { id: t.id }, data: { outcome: t.kind === 'return_visit' ? 'asked' : 'reminded' } });
    sent++;
  }
  return { sent, calls };
}
