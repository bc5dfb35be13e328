// Booking a test drive as a conversation: intent → model → date and time → name and phone
// (skipping what the customer already gave) → a summary with Confirm / Change. Slots
// follow the store's rules (offerNearest). A phone given on the way is kept at once.
import type { Bilingual } from '../../core/i18n.js';
import type { Button } from '../../core/message.js';
import { action, actionValue, type CustomerTurn, type Route } from '../../core/turnRoutes.js';
import { maskPhone } from '../../sales/privacy/maskPersonalData.js';
import { updateCustomerProfile } from '../../sales/customers/updateCustomerProfile.js';
import { bookTestDrive, chooseConsultant, findFreeSlots, holdsMaxLiveBookings } from '../../sales/testDrives/testDriveBookings.js';
import type { Understanding } from '../../understanding/nlu/understand.js';
import { formatSlot } from './formatSlot.js';
import { notifyConsultant } from './notifyConsultant.js';
import { freeSlotsOnDay, offerNearest, slotButtons, slotProblem } from './offerNearest.js';
import { recordBooking } from './recordBooking.js';
import { replyTooMany } from './replyTooMany.js';
import { scheduleBookingMessages } from './scheduleBookingMessages.js';
import { BOOK_TEST_DRIVE, CHANGE_BOOKING, CONFIRM_BOOKING, PICK_MODEL, PICK_SLOT } from './testDriveActions.js';
import { modelName, type TestDriveDeps } from './testDriveDeps.js';
import { draftSlot, FLOW_TTL_MS, type Draft } from './testDriveState.js';
import { TD } from './testDriveTexts.js';
import type { TextTurn } from './textTurn.js';

/** The booking's buttons: start, model, slot, confirm, change. */
export function bookingButtons(deps: TestDriveDeps): Route<CustomerTurn>[] {
  return [
    action(BOOK_TEST_DRIVE, (ctx) => advanceBooking(ctx, deps, { kind: 'book' })),
    action(PICK_MODEL, (ctx, { modelId }) => advanceBooking(ctx, deps, { ...draftOf(ctx), modelId })),
    action(PICK_SLOT, (ctx, { slot }) => {
      const [date, time] = slot.split('T');
      return advanceBooking(ctx, deps, { ...draftOf(ctx), date, time });
    }),
    action(CONFIRM_BOOKING, (ctx) => confirmBooking(ctx, deps, draftOf(ctx))),
    action(CHANGE_BOOKING, (ctx, { field }) => changeBooking(ctx, deps, draftOf(ctx), field)),
  ];
}

/** Asks for what is missing next, or shows the summary. */
export async function advanceBooking(ctx: CustomerTurn, deps: TestDriveDeps, draft: Draft, u?: Understanding): Promise<void> {
  let customer = ctx.actor.customer;
  const save = (d: Draft) => draftSlot.set(ctx, d, FLOW_TTL_MS);
  // at the cap, say so now rather than after the customer picked a model, a time, a name
  if (await holdsMaxLiveBookings(ctx.db, { customerId: customer.id, conversationId: ctx.conversation.id, rules: deps.rules, now: ctx.now })) {
    return replyTooMany(ctx, deps, customer);
  }
  // A phone given in the flow is kept at once (a lead who left a number is worth a call
  // even if they never confirm), on this customer's own record: see recordCustomerPhone.
  if (draft.phone && (draft.phone !== customer.phone || (draft.phoneProven && draft.phone !== customer.verifiedPhone))) {
    customer = await updateCustomerProfile(ctx.db, customer, { name: draft.name, phone: draft.phone, phoneProven: draft.phoneProven, contactAt: ctx.now });
  }
  if (!draft.modelId) {
    save({ ...draft, step: 'model' });
    ctx.reply({ text: ctx.say(TD.askModel), buttons: await modelButtons(ctx, deps) });
    return;
  }
  const model = modelName(deps, draft.modelId, ctx.lang);
  const cars = await ctx.db.demoCar.findMany({ where: { modelId: draft.modelId } });
  if (!cars.some((c) => c.status === 'available')) {
    const note = (cars[0]?.note as Bilingual | null)?.[ctx.lang] ?? '';
    save({ ...draft, modelId: undefined, step: 'model' });
    ctx.reply({ text: ctx.say(TD.noDemoCar, { model, note }), buttons: await modelButtons(ctx, deps) });
    return;
  }
  if (!draft.date || !draft.time) {
    save({ ...draft, step: 'datetime' });
    if (u?.dateProblem === 'weekend') return void ctx.reply({ text: ctx.say(TD.askDay) });
    if (u?.dateProblem === 'holiday') return void ctx.reply({ text: ctx.say(TD.holiday) });
    if (u?.dateProblem === 'invalid') return void ctx.reply({ text: ctx.say(TD.invalidDate, { text: u.invalidDate ?? '' }) });
    if (draft.date) {
      const sameDay = await freeSlotsOnDay(ctx, deps, { modelId: draft.modelId, date: draft.date, period: u?.periodOnly });
      if (sameDay.length) {
        return void ctx.reply({
          text: ctx.say(TD.askTimeOnDate, { date: formatSlot(draft.date, '', ctx.lang).replace(/,\s*$/, '') }),
          buttons: slotButtons(sameDay.slice(0, 6), ctx.lang, pickSlot),
        });
      }
      const near = await findFreeSlots(ctx.db, { modelId: draft.modelId, rules: deps.rules, now: ctx.now, near: { date: draft.date }, limit: 3 });
      return void ctx.reply({
        text: ctx.say(TD.taken, { model, asked: formatSlot(draft.date, '', ctx.lang).replace(/,\s*$/, '') }),
        buttons: slotButtons(near, ctx.lang, pickSlot),
      });
    }
    const soon = await findFreeSlots(ctx.db, { modelId: draft.modelId, rules: deps.rules, now: ctx.now, limit: 3 });
    return void ctx.reply({ text: ctx.say(TD.askDateTime, { model }), buttons: slotButtons(soon, ctx.lang, pickSlot) });
  }
  const problem = await slotProblem(ctx, deps, draft.modelId, draft.date, draft.time);
  if (problem) {
    await offerNearest(ctx, deps, draft.modelId, draft.date, draft.time, problem, pickSlot);
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
      { label: ctx.say(TD.confirm), value: actionValue(CONFIRM_BOOKING, {}) },
      { label: ctx.say(TD.change), value: actionValue(CHANGE_BOOKING, {}) },
    ],
  });
}

/** Books the summarised draft, or asks again for what it lacks or for another slot. */
export async function confirmBooking(ctx: CustomerTurn, deps: TestDriveDeps, draft: Draft) {
  let customer = ctx.actor.customer;
  if (!draft.modelId || !draft.date || !draft.time || !draft.name || !(draft.phone ?? customer.phone ?? customer.verifiedPhone))
    return advanceBooking(ctx, deps, draft);
  const staffId = await chooseConsultant(ctx.db, ctx.store.id, customer.ownerId);
  const result = await bookTestDrive(ctx.db, {
    customerId: customer.id,
    modelId: draft.modelId,
    date: draft.date,
    time: draft.time,
    rules: deps.rules,
    now: ctx.now,
    staffId,
    channel: ctx.msg.channel,
    conversationId: ctx.conversation.id,
    eventKey: ctx.eventKey,
  });
  if (!result.ok) {
    if (result.reason === 'too_many') return replyTooMany(ctx, deps, customer);
    // Someone took the slot between the summary and the confirmation.
    await offerNearest(ctx, deps, draft.modelId, draft.date, draft.time, result.reason, pickSlot);
    draftSlot.set(ctx, { ...draft, date: undefined, time: undefined, step: 'datetime' }, FLOW_TTL_MS);
    return;
  }
  const booking = result.booking;
  customer = await updateCustomerProfile(ctx.db, customer, {
    name: draft.name,
    phone: draft.phone,
    phoneProven: draft.phoneProven,
    intendedModelId: draft.modelId,
    ownerId: staffId,
    consent: { at: ctx.now, version: deps.consentVersion },
    contactAt: ctx.now,
  });
  if (booking.customerId !== customer.id) await ctx.db.testDriveBooking.update({ where: { id: booking.id }, data: { customerId: customer.id } });
  await recordBooking(ctx, customer, booking, staffId);
  await notifyConsultant(
    ctx.db,
    { kind: 'booked', booking, customer, modelName: (l) => modelName(deps, booking.modelId, l), timeZone: deps.rules.timeZone, channel: ctx.msg.channel },
    ctx.now,
  );
  draftSlot.clear(ctx);
  const consultant = staffId ? await ctx.db.staff.findUnique({ where: { id: staffId } }) : null;
  const consultantName = consultant ? (ctx.lang === 'zh' ? consultant.nameZh : consultant.nameEn) : ctx.say({ zh: '销售顾问', en: 'a consultant' });
  ctx.reply({
    text: ctx.say(TD.booked, {
      slot: formatSlot(draft.date, draft.time, ctx.lang),
      model: modelName(deps, draft.modelId, ctx.lang),
      consultant: consultantName,
    }),
  });
  await scheduleBookingMessages(
    ctx.db,
    booking,
    ctx.conversation,
    {
      modelName: modelName(deps, draft.modelId, ctx.lang),
      consultantName,
      address: deps.address[ctx.lang],
      lang: ctx.lang,
      timeZone: deps.rules.timeZone,
    },
    ctx.now,
  );
}

/** Change on the summary: which field (the menu), or that field asked again. */
export async function changeBooking(ctx: CustomerTurn, deps: TestDriveDeps, draft: Draft, field: string | undefined) {
  if (field) {
    const cleared: Draft = {
      ...draft,
      ...(field === 'model'
        ? { modelId: undefined }
        : field === 'time'
          ? { date: undefined, time: undefined }
          : field === 'name'
            ? { name: undefined }
            : { phone: undefined }),
    };
    if (field === 'name') cleared.step = 'name';
    if (field === 'name' || field === 'phone') {
      draftSlot.set(ctx, { ...cleared, step: field }, FLOW_TTL_MS);
      return void ctx.reply({ text: ctx.say(field === 'name' ? TD.askName : TD.askPhone) });
    }
    return advanceBooking(ctx, deps, cleared);
  }
  ctx.reply({
    text: ctx.say(TD.changeWhat),
    buttons: (['model', 'time', 'name', 'phone'] as const).map((f) => ({
      label: ctx.say({ model: TD.fieldModel, time: TD.fieldTime, name: TD.fieldName, phone: TD.fieldPhone }[f]),
      value: actionValue(CHANGE_BOOKING, { field: f }),
    })),
  });
}

/** A contact shared outside a booking: kept (proven), and a booking offered. */
export async function keepSharedContact({ ctx, state, proven }: TextTurn): Promise<boolean> {
  if (!proven || state?.kind === 'book') return false;
  await updateCustomerProfile(ctx.db, ctx.actor.customer, { phone: proven, phoneProven: true, contactAt: ctx.now });
  ctx.reply({
    text: ctx.say(TD.contactSaved, { phone: maskPhone(proven) }),
    buttons: [{ label: ctx.say(TD.bookNow), value: actionValue(BOOK_TEST_DRIVE, {}) }],
  });
  return true;
}

/** A booking asked for in words: what the text states goes into the draft. */
export async function startBookingByText({ ctx, state, proven, understood }: TextTurn, deps: TestDriveDeps): Promise<boolean> {
  const u = understood();
  if (u.intent !== 'book_test_drive') return false;
  await advanceBooking(ctx, deps, mergeDraft(state?.kind === 'book' ? state : { kind: 'book' }, u, proven), u);
  return true;
}

/** Free text inside a booking: the answer to the question asked, or what it adds to the draft. */
export async function answerBookingQuestion({ ctx, text, state, proven, understood }: TextTurn, deps: TestDriveDeps): Promise<boolean> {
  if (state?.kind !== 'book') return false;
  const u = understood();
  const draft = state;
  // Free text at the name or phone step is the answer to the question asked.
  if (draft.step === 'phone' && !u.phone) {
    if (u.invalidPhone || /\d{5,}/.test(text)) {
      ctx.reply({ text: ctx.say(TD.invalidPhone, { phone: u.invalidPhone ?? text.trim().slice(0, 20) }), requestContact: true });
      return true;
    }
  }
  if (draft.step === 'name' && !u.name && u.intent === 'other' && !u.greeting && text.trim().length <= 20) {
    await advanceBooking(ctx, deps, { ...draft, name: text.trim() });
    return true;
  }
  const merged = mergeDraft(draft, u, proven);
  const progressed = JSON.stringify(merged) !== JSON.stringify(draft) || (draft.step === 'datetime' && !!u.dateProblem);
  if (progressed) {
    await advanceBooking(ctx, deps, merged, u);
    return true;
  }
  if (draft.step === 'model' && u.intent === 'other') {
    ctx.reply({
      text: ctx.say(TD.unknownModel, { models: deps.models.map((m) => m.name[ctx.lang]).join(ctx.lang === 'zh' ? '、' : ', ') }),
      buttons: await modelButtons(ctx, deps),
    });
    return true;
  }
  return false;
}

/** The booking being drafted, or a new one. */
function draftOf(ctx: CustomerTurn): Draft {
  const state = draftSlot.get(ctx);
  return state?.kind === 'book' ? state : { kind: 'book' };
}

const pickSlot = (slot: string) => actionValue(PICK_SLOT, { slot });

/** The models with a demo car that can be booked now. */
async function modelButtons(ctx: CustomerTurn, deps: TestDriveDeps): Promise<Button[]> {
  const bookable = new Set((await ctx.db.demoCar.findMany({ where: { status: 'available' }, select: { modelId: true } })).map((c) => c.modelId));
  return deps.models.filter((m) => bookable.has(m.id)).map((m) => ({ label: m.name[ctx.lang], value: actionValue(PICK_MODEL, { modelId: m.id }) }));
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
