// Test-drive booking as a conversation: intent → model → date and time → name and phone
// (skipping what the customer already gave) → a summary with Confirm / Change. Slots
// follow the store's rules; a slot that is off-grid or taken is reported with the nearest
// free ones offered, never moved silently. Also: move and cancel by chat, and the
// feedback question after the drive.
import type { Customer, TestDriveBooking } from '../../generated/prisma/client.js';
import type { Bot, TurnContext } from '../../core/bot.js';
import type { Bilingual } from '../../core/i18n.js';
import type { Button, Lang } from '../../core/message.js';
import { resolveDateTime } from '../../understanding/nlu/resolveDateTime.js';
import type { Understanding } from '../../understanding/nlu/understand.js';
import { localParts } from '../../infra/storeTime.js';
import { maskPhone } from '../../sales/privacy/maskPersonalData.js';
import { normaliseMobile } from '../../sales/customers/normaliseMobile.js';
import {
  bookTestDrive, cancelBooking, chooseConsultant, findFreeSlots, findLiveBookings, findUpcomingBooking, holdsMaxLiveBookings, type BookingFailure, type FreeSlot,
} from '../../sales/testDrives/testDriveBookings.js';
import { checkSlot, type TestDriveRules } from '../../sales/testDrives/testDriveRules.js';
import { updateCustomerProfile } from '../../sales/customers/updateCustomerProfile.js';
import { recordInteractionOnce } from '../../sales/customers/recordInteractionOnce.js';
import type { CatalogModelData } from '../../storeData/storeDataSchema.js';
import { formatInstant, formatSlot } from './formatSlot.js';
import { cancelBookingMessages, scheduleBookingMessages } from './scheduleBookingMessages.js';
import { notifyConsultant } from './notifyConsultant.js';
import { TD } from './testDriveTexts.js';

export interface TestDriveDeps {
  rules: TestDriveRules;
  models: CatalogModelData[];
  address: Bilingual;
  consentVersion: string;
}

/**
 * `phone` is only a phone given in this flow (typed, or a proven contact: `phoneProven`);
 * a phone already on file is read from the record and shown masked.
 */
type Draft = { kind: 'book'; step?: string; modelId?: string; date?: string; time?: string; name?: string; phone?: string; phoneProven?: boolean };
type Move = { kind: 'move'; bookingId: string };
type Feedback = { kind: 'feedback'; bookingId: string };
type TdState = Draft | Move | Feedback;

const PERIOD_HOURS: Record<string, [number, number]> = { morning: [9, 12], noon: [11, 14], afternoon: [12, 18], evening: [16, 18] };
const FLOW_TTL_MS = 2 * 3_600_000;

export function createTestDriveBot(deps: TestDriveDeps): Bot {
  const modelName = (id: string, lang: Lang) => deps.models.find((m) => m.id === id)?.name[lang] ?? id;

  const slotButtons = (slots: FreeSlot[], lang: Lang, prefix = 'td:slot:'): Button[] =>
    slots.map((s) => ({ label: formatSlot(s.date, s.time, lang), value: `${prefix}${s.date}T${s.time}` }));

  async function modelButtons(ctx: TurnContext): Promise<Button[]> {
    const bookable = new Set((await ctx.db.demoCar.findMany({ where: { status: 'available' }, select: { modelId: true } })).map((c) => c.modelId));
    return deps.models.filter((m) => bookable.has(m.id)).map((m) => ({ label: m.name[ctx.lang], value: `td:model:${m.id}` }));
  }

  /** Asks for what is missing next, or shows the summary. */
  async function advance(ctx: TurnContext, draft: Draft, u?: Understanding): Promise<void> {
    let customer = (ctx.actor as { customer: Customer }).customer;
    const save = (d: Draft) => ctx.setState({ ...ctx.state, td: d }, FLOW_TTL_MS);
    // at the cap, say so now rather than after the customer picked a model, a time, a name
    if (await holdsMaxLiveBookings(ctx.db, { customerId: customer.id, conversationId: ctx.conversation.id, rules: deps.rules, now: ctx.now })) {
      return replyTooMany(ctx, customer);
    }
    // A phone given in the flow is kept at once (a lead who left a number is worth a call
    // even if they never confirm), on this customer's own record: see recordCustomerPhone.
    if (draft.phone && (draft.phone !== customer.phone || (draft.phoneProven && draft.phone !== customer.verifiedPhone))) {
      customer = await updateCustomerProfile(ctx.db, customer, { name: draft.name, phone: draft.phone, phoneProven: draft.phoneProven, contactAt: ctx.now });
    }
    if (!draft.modelId) {
      save({ ...draft, step: 'model' });
      ctx.reply({ text: ctx.say(TD.askModel), buttons: await modelButtons(ctx) });
      return;
    }
    const model = modelName(draft.modelId, ctx.lang);
    const cars = await ctx.db.demoCar.findMany({ where: { modelId: draft.modelId } });
    if (!cars.some((c) => c.status === 'available')) {
      const note = (cars[0]?.note as Bilingual | null)?.[ctx.lang] ?? '';
      save({ ...draft, modelId: undefined, step: 'model' });
      ctx.reply({ text: ctx.say(TD.noDemoCar, { model, note }), buttons: await modelButtons(ctx) });
      return;
    }
    if (!draft.date || !draft.time) {
      save({ ...draft, step: 'datetime' });
      if (u?.dateProblem === 'weekend') return void ctx.reply({ text: ctx.say(TD.askDay) });
      if (u?.dateProblem === 'holiday') return void ctx.reply({ text: ctx.say(TD.holiday) });
      if (u?.dateProblem === 'invalid') return void ctx.reply({ text: ctx.say(TD.invalidDate, { text: u.invalidDate ?? '' }) });
      if (draft.date) {
        const range = u?.periodOnly ? PERIOD_HOURS[u.periodOnly] : undefined;
        const sameDay = (await findFreeSlots(ctx.db, { modelId: draft.modelId, rules: deps.rules, now: ctx.now, near: { date: draft.date, time: range ? `${String(range[0]).padStart(2, '0')}:00` : '09:00' }, limit: 9 }))
          .filter((s) => s.date === draft.date && (!range || (+s.time.slice(0, 2) >= range[0] && +s.time.slice(0, 2) < range[1])));
        if (sameDay.length) {
          return void ctx.reply({ text: ctx.say(TD.askTimeOnDate, { date: formatSlot(draft.date, '', ctx.lang).replace(/,\s*$/, '') }), buttons: slotButtons(sameDay.slice(0, 6), ctx.lang) });
        }
        const near = await findFreeSlots(ctx.db, { modelId: draft.modelId, rules: deps.rules, now: ctx.now, near: { date: draft.date }, limit: 3 });
        return void ctx.reply({ text: ctx.say(TD.taken, { model, asked: formatSlot(draft.date, '', ctx.lang).replace(/,\s*$/, '') }), buttons: slotButtons(near, ctx.lang) });
      }
      const soon = await findFreeSlots(ctx.db, { modelId: draft.modelId, rules: deps.rules, now: ctx.now, limit: 3 });
      return void ctx.reply({ text: ctx.say(TD.askDateTime, { model }), buttons: slotButtons(soon, ctx.lang) });
    }
    const problem = await slotProblem(ctx, draft.modelId, draft.date, draft.time);
    if (problem) {
      await offerNearest(ctx, draft.modelId, draft.date, draft.time, problem);
      // The day stands unless the day itself was the problem: "下午3点半" then means that day.
      const dayOk = problem === 'not_slot_start' || problem === 'too_soon' || problem === 'taken';
      save({ ...draft, date: dayOk ? draft.date : undefined, time: undefined, step: 'datetime' });
      return;
    }
    const name = draft.name ?? customer.name ?? undefined;
    if (!name) {
      save({ ...draft, step: 'name' });
      return void ctx.reply({ text: ctx.say(TD.askName) });
    }
    const phone = draft.phone ?? customer.phone ?? customer.verifiedPhone;
    if (!phone) {
      save({ ...draft, name, step: 'phone' });
      return void ctx.reply({ text: ctx.say(TD.askPhone), requestContact: true });
    }
    save({ ...draft, name, step: 'confirm' });
    const consent = customer.consentAt ? '' : `\n${ctx.say(TD.consentNote)}`;
    ctx.reply({
      text: `${ctx.say(TD.summary)}${consent}`,
      card: {
        title: ctx.say({ zh: '{model} 试驾', en: '{model} test drive' }, { model }),
        fields: [
          { label: ctx.say(TD.fieldTime), value: formatSlot(draft.date, draft.time, ctx.lang) },
          { label: ctx.say(TD.fieldPlace), value: deps.address[ctx.lang] },
          { label: ctx.say(TD.fieldName), value: name },
          // what they just gave us reads back as given; a number on file only masked (PIPL)
          { label: ctx.say(TD.fieldPhone), value: draft.phone ?? maskPhone(phone) },
        ],
      },
      buttons: [
        { label: ctx.say(TD.confirm), value: 'td:confirm' },
        { label: ctx.say(TD.change), value: 'td:change' },
      ],
    });
  }

  async function slotProblem(ctx: TurnContext, modelId: string, date: string, time: string, exclude?: Date): Promise<Exclude<BookingFailure, 'too_many'> | null> {
    const check = checkSlot(deps.rules, date, time, ctx.now);
    if (!check.ok) return check.problem!;
    const free = await findFreeSlots(ctx.db, { modelId, rules: deps.rules, now: ctx.now, near: { date, time }, limit: 1, exclude });
    return free[0] && free[0].date === date && free[0].time === time ? null : 'taken';
  }

  async function offerNearest(ctx: TurnContext, modelId: string, date: string, time: string, problem: Exclude<BookingFailure, 'too_many'>, prefix = 'td:slot:', exclude?: Date) {
    const near = await findFreeSlots(ctx.db, { modelId, rules: deps.rules, now: ctx.now, near: { date, time }, limit: 3, exclude });
    const model = modelName(modelId, ctx.lang);
    const asked = formatSlot(date, time, ctx.lang);
    const text = { not_slot_start: TD.notSlotStart, past_date: TD.pastDate, beyond_window: TD.beyondWindow, too_soon: TD.tooSoon, taken: TD.taken, no_demo_car: TD.noSlots }[problem];
    if (!near.length) return void ctx.reply({ text: ctx.say(TD.noSlots, { model }) });
    ctx.reply({ text: ctx.say(text, { asked, model }), buttons: slotButtons(near, ctx.lang, prefix) });
  }

  async function confirmDraft(ctx: TurnContext, draft: Draft) {
    let customer = (ctx.actor as { customer: Customer }).customer;
    if (!draft.modelId || !draft.date || !draft.time || !draft.name || !(draft.phone ?? customer.phone ?? customer.verifiedPhone)) return advance(ctx, draft);
    const staffId = await chooseConsultant(ctx.db, ctx.store.id, customer.ownerId);
    const result = await bookTestDrive(ctx.db, {
      customerId: customer.id, modelId: draft.modelId, date: draft.date, time: draft.time, rules: deps.rules, now: ctx.now,
      staffId, channel: ctx.msg.channel, conversationId: ctx.conversation.id, eventKey: ctx.eventKey,
    });
    if (!result.ok) {
      if (result.reason === 'too_many') return replyTooMany(ctx, customer);
      // Someone took the slot between the summary and the confirmation.
      await offerNearest(ctx, draft.modelId, draft.date, draft.time, result.reason);
      ctx.setState({ ...ctx.state, td: { ...draft, date: undefined, time: undefined, step: 'datetime' } }, FLOW_TTL_MS);
      return;
    }
    const booking = result.booking;
    customer = await updateCustomerProfile(ctx.db, customer, {
      name: draft.name, phone: draft.phone, phoneProven: draft.phoneProven, intendedModelId: draft.modelId, ownerId: staffId,
      consent: { at: ctx.now, version: deps.consentVersion }, contactAt: ctx.now,
    });
    if (booking.customerId !== customer.id) await ctx.db.testDriveBooking.update({ where: { id: booking.id }, data: { customerId: customer.id } });
    await recordBooking(ctx, customer, booking, staffId);
    await notifyConsultant(ctx.db, { kind: 'booked', booking, customer, modelName: (l) => modelName(booking.modelId, l), timeZone: deps.rules.timeZone, channel: ctx.msg.channel }, ctx.now);
    ctx.setState(withoutTd(ctx));
    const consultant = staffId ? await ctx.db.staff.findUnique({ where: { id: staffId } }) : null;
    const consultantName = consultant ? (ctx.lang === 'zh' ? consultant.nameZh : consultant.nameEn) : ctx.say({ zh: '销售顾问', en: 'a consultant' });
    ctx.reply({ text: ctx.say(TD.booked, { slot: formatSlot(draft.date, draft.time, ctx.lang), model: modelName(draft.modelId, ctx.lang), consultant: consultantName }) });
    await scheduleBookingMessages(ctx.db, booking, ctx.conversation, {
      modelName: modelName(draft.modelId, ctx.lang), consultantName, address: deps.address[ctx.lang], lang: ctx.lang, timeZone: deps.rules.timeZone,
    }, ctx.now);
  }

  /** The cap reached: the bookings they hold, each with a move and a cancel button. */
  async function replyTooMany(ctx: TurnContext, customer: Customer) {
    const live = await findLiveBookings(ctx.db, { customerId: customer.id, conversationId: ctx.conversation.id, now: ctx.now });
    const slot = (b: TestDriveBooking) => formatInstant(b.slotStart, deps.rules.timeZone, ctx.lang);
    const list = live.map((b) => ctx.say(TD.tooManyLine, { slot: slot(b), model: modelName(b.modelId, ctx.lang) })).join('\n');
    ctx.setState(withoutTd(ctx));
    ctx.reply({
      text: ctx.say(TD.tooMany, { n: live.length, max: deps.rules.maxLiveBookings, list }),
      // only their own bookings can be moved or cancelled from here (executeMove/executeCancel check it too)
      buttons: live.filter((b) => b.customerId === customer.id).flatMap((b) => [
        { label: ctx.say(TD.moveThis, { slot: slot(b) }), value: `td:askmove:${b.id}` },
        { label: ctx.say(TD.cancelThis, { slot: slot(b) }), value: `td:askcancel:${b.id}` },
      ]),
    });
  }

  async function recordBooking(ctx: TurnContext, customer: Customer, booking: TestDriveBooking, staffId: string | null, detail: Record<string, string> = {}) {
    await recordInteractionOnce(ctx.db, {
      storeId: ctx.store.id, customerId: customer.id, staffId, type: 'appointment', channel: ctx.msg.channel, modelId: booking.modelId,
      occurredAt: ctx.now, detail: { bookingId: booking.id, slotStart: booking.slotStart.toISOString(), ...detail }, eventKey: `${ctx.eventKey}:appointment`,
    });
    await ctx.db.followUpTask.upsert({
      where: { dedupeKey: `td-prep:${booking.id}` },
      update: {},
      create: {
        customerId: customer.id, staffId, kind: 'test_drive_prep', reason: `test drive ${booking.modelId}`,
        dueAt: new Date(Math.max(ctx.now.getTime(), booking.slotStart.getTime() - 2 * 3_600_000)), dedupeKey: `td-prep:${booking.id}`, createdAt: ctx.now,
      },
    });
  }

  async function releaseBooking(ctx: TurnContext, booking: TestDriveBooking) {
    await cancelBooking(ctx.db, booking.id);
    await cancelBookingMessages(ctx.db, booking.id);
    await ctx.db.followUpTask.updateMany({ where: { dedupeKey: `td-prep:${booking.id}`, status: 'open' }, data: { status: 'cancelled' } });
  }

  async function startMove(ctx: TurnContext, u: Understanding) {
    const customer = (ctx.actor as { customer: Customer }).customer;
    const booking = await findUpcomingBooking(ctx.db, customer.id, ctx.now);
    if (!booking) return void ctx.reply({ text: ctx.say(TD.noBooking), buttons: [{ label: ctx.say(TD.bookNow), value: 'book_test_drive' }] });
    await proposeMove(ctx, booking, u.date, u.time, u);
  }

  async function proposeMove(ctx: TurnContext, booking: TestDriveBooking, date: string | null | undefined, time: string | null | undefined, u?: Understanding) {
    const model = modelName(booking.modelId, ctx.lang);
    const from = formatInstant(booking.slotStart, deps.rules.timeZone, ctx.lang);
    ctx.setState({ ...ctx.state, td: { kind: 'move', bookingId: booking.id } }, FLOW_TTL_MS);
    if (!date || !time) {
      if (date) {
        const range = u?.periodOnly ? PERIOD_HOURS[u.periodOnly] : undefined;
        const slots = (await findFreeSlots(ctx.db, { modelId: booking.modelId, rules: deps.rules, now: ctx.now, near: { date, time: range ? `${String(range[0]).padStart(2, '0')}:00` : '09:00' }, limit: 9, exclude: booking.slotStart }))
          .filter((s) => s.date === date && (!range || (+s.time.slice(0, 2) >= range[0] && +s.time.slice(0, 2) < range[1])));
        if (slots.length) return void ctx.reply({ text: ctx.say(TD.askNewTime, { slot: from, model }), buttons: slotButtons(slots.slice(0, 6), ctx.lang, `td:move:${booking.id}:`) });
      }
      return void ctx.reply({ text: ctx.say(TD.askNewTime, { slot: from, model }) });
    }
    const problem = await slotProblem(ctx, booking.modelId, date, time, booking.slotStart);
    if (problem) return offerNearest(ctx, booking.modelId, date, time, problem, `td:move:${booking.id}:`, booking.slotStart);
    ctx.reply({
      text: ctx.say(TD.confirmMove, { from, to: formatSlot(date, time, ctx.lang), model }),
      buttons: [
        { label: ctx.say(TD.confirmMoveButton), value: `td:move:${booking.id}:${date}T${time}` },
        { label: ctx.say(TD.keep), value: 'td:keep' },
      ],
    });
  }

  async function executeMove(ctx: TurnContext, bookingId: string, date: string, time: string) {
    const customer = (ctx.actor as { customer: Customer }).customer;
    // a turn run again after a crash: the move it made stands, and is confirmed again
    const previous = await ctx.db.testDriveBooking.findUnique({ where: { eventKey: ctx.eventKey } });
    const old = await ctx.db.testDriveBooking.findFirst({ where: { id: bookingId, customerId: customer.id, status: previous ? { in: ['booked', 'cancelled'] } : 'booked' } });
    if (!old) return void ctx.reply({ text: ctx.say(TD.expired) });
    // Book the new slot first: if it is gone, the old booking still stands.
    const result = await bookTestDrive(ctx.db, {
      customerId: customer.id, modelId: old.modelId, date, time, rules: deps.rules, now: ctx.now, staffId: old.staffId, channel: ctx.msg.channel, conversationId: ctx.conversation.id,
      // the old booking is released right after: at the cap, a move must still go through
      replaces: old.id, eventKey: ctx.eventKey,
    });
    if (!result.ok) {
      if (result.reason === 'too_many') return replyTooMany(ctx, customer);
      return offerNearest(ctx, old.modelId, date, time, result.reason, `td:move:${old.id}:`, old.slotStart);
    }
    await releaseBooking(ctx, old);
    await recordBooking(ctx, customer, result.booking, old.staffId, { rescheduledFrom: old.id });
    await notifyConsultant(ctx.db, { kind: 'moved', booking: result.booking, from: old.slotStart, customer, modelName: (l) => modelName(old.modelId, l), timeZone: deps.rules.timeZone, channel: ctx.msg.channel }, ctx.now);
    ctx.setState(withoutTd(ctx));
    const consultant = old.staffId ? await ctx.db.staff.findUnique({ where: { id: old.staffId } }) : null;
    const consultantName = consultant ? (ctx.lang === 'zh' ? consultant.nameZh : consultant.nameEn) : '';
    await scheduleBookingMessages(ctx.db, result.booking, ctx.conversation, {
      modelName: modelName(old.modelId, ctx.lang), consultantName, address: deps.address[ctx.lang], lang: ctx.lang, timeZone: deps.rules.timeZone,
    }, ctx.now);
    ctx.reply({ text: ctx.say(TD.moved, { model: modelName(old.modelId, ctx.lang), slot: formatSlot(date, time, ctx.lang) }) });
  }

  async function startCancel(ctx: TurnContext, u: Understanding) {
    const customer = (ctx.actor as { customer: Customer }).customer;
    const booking = await findUpcomingBooking(ctx.db, customer.id, ctx.now, u.date, deps.rules.timeZone);
    if (!booking) return void ctx.reply({ text: ctx.say(TD.noBooking), buttons: [{ label: ctx.say(TD.bookNow), value: 'book_test_drive' }] });
    askCancel(ctx, booking);
  }

  function askCancel(ctx: TurnContext, booking: TestDriveBooking) {
    ctx.reply({
      text: ctx.say(TD.confirmCancel, { slot: formatInstant(booking.slotStart, deps.rules.timeZone, ctx.lang), model: modelName(booking.modelId, ctx.lang) }),
      buttons: [
        { label: ctx.say(TD.confirmCancelButton), value: `td:cancel:${booking.id}` },
        { label: ctx.say(TD.keep), value: 'td:keep' },
      ],
    });
  }

  async function executeCancel(ctx: TurnContext, bookingId: string) {
    const customer = (ctx.actor as { customer: Customer }).customer;
    // a turn run again after a crash finds its own cancellation (by the interaction it
    // recorded) and confirms it again instead of saying the booking is gone
    const doneBefore = await ctx.db.interaction.findUnique({ where: { eventKey: `${ctx.eventKey}:appointment_cancelled` } });
    const booking = await ctx.db.testDriveBooking.findFirst({ where: { id: bookingId, customerId: customer.id, status: doneBefore ? { in: ['booked', 'cancelled'] } : 'booked' } });
    if (!booking) return void ctx.reply({ text: ctx.say(TD.expired) });
    if (booking.status === 'booked') await releaseBooking(ctx, booking);
    await recordInteractionOnce(ctx.db, {
      storeId: ctx.store.id, customerId: customer.id, staffId: booking.staffId, type: 'appointment_cancelled', channel: ctx.msg.channel, modelId: booking.modelId,
      occurredAt: ctx.now, detail: { bookingId: booking.id }, eventKey: `${ctx.eventKey}:appointment_cancelled`,
    });
    await notifyConsultant(ctx.db, { kind: 'cancelled', booking, customer, modelName: (l) => modelName(booking.modelId, l), timeZone: deps.rules.timeZone, channel: ctx.msg.channel }, ctx.now);
    ctx.setState(withoutTd(ctx));
    ctx.reply({ text: ctx.say(TD.cancelled, { slot: formatInstant(booking.slotStart, deps.rules.timeZone, ctx.lang) }) });
  }

  async function recordFeedback(ctx: TurnContext, bookingId: string, score: number) {
    const customer = (ctx.actor as { customer: Customer }).customer;
    const { count } = await ctx.db.testDriveBooking.updateMany({
      where: { id: bookingId, customerId: customer.id, slotStart: { lte: ctx.now } },
      data: { feedbackScore: score },
    });
    if (!count) return void ctx.reply({ text: ctx.say(TD.expired) });
    ctx.setState({ ...withoutTd(ctx), td: { kind: 'feedback', bookingId } }, FLOW_TTL_MS);
    ctx.reply({ text: ctx.say(TD.feedbackThanks) });
  }

  async function done(step: unknown): Promise<true> {
    await step;
    return true;
  }

  function withoutTd(ctx: TurnContext) {
    const { td: _td, ...rest } = ctx.state;
    return rest;
  }

  /** Folds what the message states into the draft (only what it states); a phone is proven only as the channel's own contact. */
  function mergeDraft(draft: Draft, u: Understanding, proven: string | null): Draft {
    const { phoneProven: wasProven, ...rest } = draft;
    const phoneProven = u.phone ? u.phone === proven : wasProven;
    return {
      ...rest,
      modelId: u.model ?? draft.modelId,
      date: u.date ?? draft.date,
      time: u.time ?? (u.date ? undefined : draft.time),
      name: u.name ?? draft.name,
      phone: u.phone ?? draft.phone,
      ...(phoneProven ? { phoneProven } : {}),
    };
  }

  /** The sender's own phone when the channel proves it (Telegram's shared contact), as 11 digits. */
  function provenPhone(ctx: TurnContext): string | null {
    const contact = ctx.msg.contact;
    return contact?.proven ? normaliseMobile(contact.phone) : null;
  }

  return {
    name: 'test-drive',
    sides: ['customer'],
    async handle(ctx) {
      if (ctx.actor.kind !== 'customer') return false;
      const state = ctx.state.td as TdState | undefined;
      const action = ctx.msg.action;

      if (action === 'book_test_drive') {
        await advance(ctx, { kind: 'book' });
        return true;
      }
      if (action?.startsWith('td:')) {
        const [, verb, a, b] = action.split(':');
        const draft: Draft = state?.kind === 'book' ? state : { kind: 'book' };
        if (verb === 'model') return done(advance(ctx, { ...draft, modelId: a }));
        if (verb === 'slot') {
          const [date, time] = action.slice('td:slot:'.length).split('T');
          return done(advance(ctx, { ...draft, date, time }));
        }
        if (verb === 'confirm') return done(confirmDraft(ctx, draft));
        if (verb === 'change') {
          if (a) {
            const cleared: Draft = { ...draft, ...(a === 'model' ? { modelId: undefined } : a === 'time' ? { date: undefined, time: undefined } : a === 'name' ? { name: undefined } : { phone: undefined }) };
            if (a === 'name') cleared.step = 'name';
            if (a === 'name' || a === 'phone') {
              ctx.setState({ ...ctx.state, td: { ...cleared, step: a } }, FLOW_TTL_MS);
              return done(ctx.reply({ text: ctx.say(a === 'name' ? TD.askName : TD.askPhone) }));
            }
            return done(advance(ctx, cleared));
          }
          ctx.reply({
            text: ctx.say(TD.changeWhat),
            buttons: (['model', 'time', 'name', 'phone'] as const).map((f) => ({ label: ctx.say({ model: TD.fieldModel, time: TD.fieldTime, name: TD.fieldName, phone: TD.fieldPhone }[f]), value: `td:change:${f}` })),
          });
          return true;
        }
        if (verb === 'move') {
          const [date, time] = action.slice(`td:move:${a}:`.length).split('T');
          return done(executeMove(ctx, a, date, time));
        }
        if (verb === 'cancel') return done(executeCancel(ctx, a));
        if (verb === 'askmove' || verb === 'askcancel') {
          // from the cap's list: one of their own live bookings
          const booking = await ctx.db.testDriveBooking.findFirst({ where: { id: a, customerId: ctx.actor.customer.id, status: 'booked', slotStart: { gt: ctx.now } } });
          if (!booking) return done(ctx.reply({ text: ctx.say(TD.expired) }));
          return done(verb === 'askmove' ? proposeMove(ctx, booking, undefined, undefined) : askCancel(ctx, booking));
        }
        if (verb === 'keep') {
          const customer = ctx.actor.customer;
          const booking = await findUpcomingBooking(ctx.db, customer.id, ctx.now);
          ctx.setState(withoutTd(ctx));
          return done(ctx.reply({ text: ctx.say(TD.kept, { slot: booking ? formatInstant(booking.slotStart, deps.rules.timeZone, ctx.lang) : '' }) }));
        }
        if (verb === 'fb') return done(recordFeedback(ctx, a, Number(b)));
        ctx.reply({ text: ctx.say(TD.expired) });
        return true;
      }
      if (ctx.msg.kind !== 'text' || !ctx.msg.text) return false;
      const proven = provenPhone(ctx);

      // A contact shared outside a booking: kept (proven), and a booking offered.
      if (proven && state?.kind !== 'book') {
        await updateCustomerProfile(ctx.db, ctx.actor.customer, { phone: proven, phoneProven: true, contactAt: ctx.now });
        ctx.reply({ text: ctx.say(TD.contactSaved, { phone: maskPhone(proven) }), buttons: [{ label: ctx.say(TD.bookNow), value: 'book_test_drive' }] });
        return true;
      }

      // An optional comment after a feedback score.
      if (state?.kind === 'feedback') {
        await ctx.db.testDriveBooking.update({ where: { id: state.bookingId }, data: { feedbackComment: ctx.msg.text.slice(0, 1000) } });
        ctx.setState(withoutTd(ctx));
        ctx.reply({ text: ctx.say(TD.feedbackCommentThanks) });
        return true;
      }

      const understood = ctx.understanding();
      // Inside a flow, "下午3点半" answers our question even though, alone, it is no booking
      // request: take the date and time the text states whatever its intent.
      const stated = understood.date || understood.time || understood.dateProblem || understood.periodOnly || !state
        ? {}
        : resolveDateTime(ctx.msg.text, ctx.now, deps.rules.timeZone);
      const u: Understanding = { ...understood, ...stated };
      if (u.intent === 'cancel') return done(startCancel(ctx, u));
      if (u.intent === 'reschedule') return done(startMove(ctx, u));
      if (state?.kind === 'move' && (u.date || u.time)) {
        const booking = await ctx.db.testDriveBooking.findFirst({ where: { id: state.bookingId, status: 'booked' } });
        if (booking) {
          const current = localParts(booking.slotStart, deps.rules.timeZone);
          return done(proposeMove(ctx, booking, u.date ?? current.date, u.time, u));
        }
      }
      if (u.intent === 'book_test_drive') {
        await advance(ctx, mergeDraft(state?.kind === 'book' ? state : { kind: 'book' }, u, proven), u);
        return true;
      }
      if (state?.kind === 'book') {
        const draft = state;
        // Free text at the name or phone step is the answer to the question asked.
        if (draft.step === 'phone' && !u.phone) {
          if (u.invalidPhone || /\d{5,}/.test(ctx.msg.text)) {
            ctx.reply({ text: ctx.say(TD.invalidPhone, { phone: u.invalidPhone ?? ctx.msg.text.trim().slice(0, 20) }), requestContact: true });
            return true;
          }
        }
        if (draft.step === 'name' && !u.name && u.intent === 'other' && !u.greeting && ctx.msg.text.trim().length <= 20) {
          await advance(ctx, { ...draft, name: ctx.msg.text.trim() });
          return true;
        }
        const merged = mergeDraft(draft, u, proven);
        const progressed = JSON.stringify(merged) !== JSON.stringify(draft) || (draft.step === 'datetime' && !!u.dateProblem);
        if (progressed) {
          await advance(ctx, merged, u);
          return true;
        }
        if (draft.step === 'model' && u.intent === 'other') {
          ctx.reply({ text: ctx.say(TD.unknownModel, { models: deps.models.map((m) => m.name[ctx.lang]).join(ctx.lang === 'zh' ? '、' : ', ') }), buttons: await modelButtons(ctx) });
          return true;
        }
      }
      // A rating typed instead of pressed, for the latest drive still waiting for one.
      const rating = ctx.msg.text.trim().match(/^([1-5])\s*(分|stars?|\/\s*5)?$/i);
      if (rating) {
        const pending = await ctx.db.testDriveBooking.findFirst({
          where: { customerId: ctx.actor.customer.id, feedbackScore: null, status: { in: ['booked', 'completed'] }, slotStart: { lte: ctx.now, gte: new Date(ctx.now.getTime() - 3 * 86_400_000) } },
          orderBy: { slotStart: 'desc' },
        });
        if (pending) return done(recordFeedback(ctx, pending.id, Number(rating[1])));
      }
      return false;
    },
  };
}
