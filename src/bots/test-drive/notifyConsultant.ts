// Tells the consultant of a test drive when a customer books, moves or cancels it by chat,
// so nobody learns about a booking from the customer at the door.
import type { Customer, TestDriveBooking } from '../../generated/prisma/client.js';
import { fill, type Bilingual } from '../../core/i18n.js';
import type { Lang } from '../../core/message.js';
import { notifyStaff } from '../../core/notifyStaff.js';
import type { Db } from '../../store/createPrisma.js';
import { maskName, maskPhone } from '../../sales/privacy/maskPersonalData.js';
import { channelName } from '../handoff/staffRoom.js';
import { formatInstant } from './formatSlot.js';

const TEXTS = {
  booked: {
    zh: '🚗 新的试驾预约：{customer}，{model}，{slot}（来自{channel}）。',
    en: '🚗 New test drive: {customer}, {model}, {slot} (booked on {channel}).',
  },
  moved: {
    zh: '🔁 试驾改约：{customer}，{model}，由 {from} 改到 {slot}（来自{channel}）。',
    en: '🔁 Test drive moved: {customer}, {model}, from {from} to {slot} (on {channel}).',
  },
  cancelled: {
    zh: '✖️ 试驾取消：{customer}，{model}，原定 {slot}（来自{channel}）。',
    en: '✖️ Test drive cancelled: {customer}, {model}, was {slot} (on {channel}).',
  },
  open: { zh: '查看客户', en: 'Open customer' },
} satisfies Record<string, Bilingual>;

interface BookingNotice {
  kind: 'booked' | 'moved' | 'cancelled';
  booking: TestDriveBooking;
  customer: Customer;
  modelName: (lang: Lang) => string;
  timeZone: string;
  channel: string;
  /** For a move: where it was. */
  from?: Date;
}

export async function notifyConsultant(db: Db, n: BookingNotice, now: Date): Promise<boolean> {
  if (!n.booking.staffId) return false;
  return notifyStaff(
    db,
    n.booking.staffId,
    (lang) => ({
      text: fill(lang, TEXTS[n.kind], {
        customer: [maskName(n.customer.name), maskPhone(n.customer.phone)].filter(Boolean).join(' '),
        model: n.modelName(lang),
        slot: formatInstant(n.booking.slotStart, n.timeZone, lang),
        from: n.from ? formatInstant(n.from, n.timeZone, lang) : '',
        channel: channelName(n.channel, lang),
      }),
      buttons: [{ label: fill(lang, TEXTS.open), value: `crm:open:${n.customer.id}` }],
    }),
    `td:${n.kind}:${n.booking.id}`,
    now,
  );
}
