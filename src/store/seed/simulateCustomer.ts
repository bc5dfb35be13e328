// One customer's way through the sales process, from the lead to lost, still open, or
// delivered and visited after sale. How far a customer gets is drawn up front from the
// source, the intent and the owner's skill; `now` then cuts the story wherever it has got
// to, so recent leads are naturally still early in the funnel. Every row the story leaves
// (customer, interactions, bookings, order, tasks, referral) is consistent with it.
import type { Prisma } from '../../generated/prisma/client.js';
import type { Random } from './createRandom.js';
import { callTime, dayOf, MINUTES_PER_DAY as DAY, showroomTime } from './createStoreCalendar.js';
import type { Consultant, Simulation } from './createSimulation.js';
import { CADENCE_DAYS, CustomerStory, OPEN_GRADES, raiseGrade, type Grade } from './CustomerStory.js';
import { drawCustomerProfile, type CustomerProfile } from './drawCustomerProfile.js';
import type { LeadArrival, LeadSource } from './drawLeadArrivals.js';
import { historyId } from './historyIds.js';
import { keepInTouch } from './keepInTouch.js';
import type { ModelFacts } from './loadHistoryContext.js';
import { placeOrder, type Credit } from './placeOrder.js';
import { planTestDrive } from './planTestDrive.js';
import { registerReferral } from './registerReferral.js';

type Stage = 'lead' | 'visit' | 'test_drive' | 'quote';

const GRADE_BY_STAGE: Record<Stage, Grade> = { lead: 'C', visit: 'B', test_drive: 'A', quote: 'H' };
const REMOTE_SOURCES = new Set<LeadSource>(['online', 'phone', 'web_chat']);
const LEAD_CHANNEL: Record<LeadSource, string> = {
  walk_in: 'store',
  event: 'event',
  referral: 'store',
  phone: 'phone',
  online: 'platform',
  web_chat: 'web',
};
/** chance that a remote lead comes to the showroom (walk-in sources are in it already) */
const VISIT_CHANCE: Record<LeadSource, number> = { walk_in: 1, event: 1, referral: 1, online: 0.2, phone: 0.27, web_chat: 0.2 };
const INTENT_LIFT = { hot: 1.6, warm: 1.25, mild: 0.85, cold: 0.45 } as const;
/** chance that a customer who stopped at a stage is given up as lost (战败) */
const LOSS_CHANCE: Record<Stage, number> = { lead: 0.5, visit: 0.45, test_drive: 0.4, quote: 0.45 };
const EARLY_LOSS_REASONS = { no_response: 45, timing: 20, budget: 15, bought_competitor: 15, plate_quota: 5 };
const LATE_LOSS_REASONS = { bought_competitor: 40, budget: 25, timing: 20, plate_quota: 10, no_response: 5 };
const CHAT_TOPICS = ['price', 'test_drive', 'promotion', 'range', 'finance', 'delivery_wait'];
const COMPLAINT_CHANCE = { sales: 0.012, afterDelivery: 0.04 };

interface Known {
  name: 'full' | 'polite' | null;
  phone: boolean;
  model: boolean;
  needs: boolean;
}

export function simulateCustomer(sim: Simulation, n: number, arrival: LeadArrival): void {
  const { rnd } = sim;
  const now = sim.cal.nowMinute;
  const customerId = historyId('customer', n);
  const profile = drawCustomerProfile(rnd, sim.people, sim.ctx.models);
  const { model } = profile;
  const owner = pickOwner(sim, model.id, profile.lang);
  const remote = REMOTE_SOURCES.has(arrival.source);
  const firstContact = remote && sim.dccAgents.length ? rnd.pick(sim.dccAgents) : owner.id;
  const lift = Math.sqrt(INTENT_LIFT[profile.intent] * owner.skill);

  const visits = remote ? rnd.chance(Math.min(0.95, VISIT_CHANCE[arrival.source] * INTENT_LIFT[profile.intent])) : true;
  const drives = visits && rnd.chance(Math.min(0.95, 0.7 * lift));
  const quotes = drives && rnd.chance(Math.min(0.95, 0.65 * lift));
  const orders = quotes && rnd.chance(Math.min(0.95, 0.64 * lift));
  // A test drive needs the licence copied, so the record is complete by then.
  const onFile = drives || rnd.chance(visits ? 0.85 : arrival.source === 'web_chat' ? 0.3 : 0.5);
  const known = knownFields(sim, arrival.source, onFile);
  const reach = known.phone ? { type: 'call', channel: 'phone' } : { type: 'chat', channel: remote ? 'web' : 'wechat' };

  const story = new CustomerStory(sim, customerId, known.model ? model.id : null);
  const credit: Credit = (metric, at, amount = 1) => {
    if (at >= now - 60 * DAY) sim.recent.get(owner.id)![metric] += amount;
  };
  credit('leads', arrival.at);
  story.add(arrival.at, 'lead', firstContact, LEAD_CHANNEL[arrival.source], {
    source: arrival.source,
    ...(arrival.campaign ? { campaignId: arrival.campaign.id } : {}),
  });

  let stage: Stage = 'lead';
  let progressAt = arrival.at;
  let analysedAt: number | null = null;
  let deliveredAt: number | null = null;
  const regradeFor = (next: Stage, at: number) => {
    stage = next;
    progressAt = at;
    // A customer who says "within 7 days" is one grade hotter than the stage alone.
    const base = GRADE_BY_STAGE[next];
    const bumped = known.needs && analysedAt !== null && profile.timeframe === 'within_7d' ? raiseGrade(base) : base;
    story.regrade(at, bumped, owner.id);
  };

  // a labelled block: each step may end the customer's story early (`break runFunnel`)
  // biome-ignore lint/suspicious/noConfusingLabels: the funnel reads as one block of steps
  runFunnel: {
    let t = arrival.at;
    if (arrival.source === 'web_chat') {
      story.add(t + 1, 'chat', null, 'web', { topic: rnd.pick(CHAT_TOPICS), by: 'bot' });
      if (!known.phone) analysedAt = t + 1;
    }
    if (remote && known.phone) {
      // The DCC team calls new remote leads back within hours; a missed call is retried next day.
      let at = callTime(t + rnd.int(5, 180), rnd);
      if (rnd.chance(0.25)) {
        story.add(at, 'call', firstContact, 'phone', { purpose: 'first_contact', outcome: 'no_answer' });
        at = callTime(at + DAY + rnd.int(-120, 120), rnd);
      }
      if (!story.add(at, 'call', firstContact, 'phone', { purpose: 'first_contact', outcome: 'reached' })) break runFunnel;
      t = analysedAt = at;
      regradeFor('lead', at);
    }
    if (!visits) break runFunnel;

    let visitAt: number;
    if (remote) {
      visitAt = showroomTime(dayOf(t) + rnd.int(1, 10), rnd);
      const invitation = callTime(visitAt - rnd.int(1, 2) * DAY, rnd);
      if (invitation > t) story.add(invitation, reach.type, firstContact, reach.channel, { purpose: 'invitation', outcome: 'reached' });
    } else {
      visitAt = t + rnd.int(1, 5);
    }
    if (!story.add(visitAt, 'visit', owner.id, 'store', { purpose: remote ? 'invited' : 'first_visit' })) break runFunnel;
    analysedAt ??= visitAt;
    sim.funnel.visits++;
    regradeFor('visit', visitAt);
    if (!drives) break runFunnel;

    const slot = planTestDrive(sim, story, { customerId, owner, model, lang: profile.lang, visitAt });
    if (slot === null) break runFunnel;
    sim.funnel.testDrives++;
    credit('test_drives', slot);
    regradeFor('test_drive', slot);
    if (!quotes) break runFunnel;

    const trim = pickTrim(rnd, model);
    const offer = trim.price - Math.round((trim.price * rnd.between(0.01, 0.045)) / 500) * 500;
    const quoteSameDay = rnd.chance(0.5);
    const quoteAt = quoteSameDay ? slot + rnd.int(70, 120) : showroomTime(dayOf(slot) + rnd.int(1, 6), rnd);
    const quoteInStore = quoteSameDay || rnd.chance(0.6);
    if (!quoteSameDay && quoteInStore) story.add(quoteAt - 5, 'visit', owner.id, 'store', { purpose: 'negotiation' });
    const quoted = story.add(quoteAt, 'quote', owner.id, quoteInStore ? 'store' : 'wechat', {
      trimId: trim.id,
      listPriceCny: trim.price,
      offerPriceCny: offer,
    });
    if (!quoted) break runFunnel;
    sim.funnel.quotes++;
    regradeFor('quote', quoteAt);
    if (!orders) break runFunnel;

    const campaignId = arrival.campaign?.id ?? null;
    deliveredAt = placeOrder(sim, story, { customerId, owner, model, trim, offer, quoteAt, reach, credit, campaignId });
  }

  let lostReason: string | null = null;
  if (story.grade !== 'O') {
    // A story cut by `now` is still open; one that ran out may end as lost.
    const lose = !story.cut && rnd.chance(LOSS_CHANCE[stage]);
    const lostAt = lose ? callTime(progressAt + rnd.between(4, 45) * DAY, rnd) : Infinity;
    const reason = lose ? rnd.weighted(stage === 'lead' ? EARLY_LOSS_REASONS : LATE_LOSS_REASONS) : null;
    keepInTouch(sim, story, owner, reach, {
      until: lostAt,
      progressAt,
      silentFrom: reason === 'no_response' ? lostAt - 10 * DAY : Infinity,
    });
    if (reason && story.add(lostAt, 'lost', owner.id, reach.channel, { reason, stage })) {
      story.regrade(lostAt, 'F', owner.id);
      lostReason = reason;
      sim.funnel.lost++;
    }
  }

  const complaintAnchor = deliveredAt !== null ? { at: deliveredAt, afterDelivery: true } : stage === 'lead' ? null : { at: progressAt, afterDelivery: false };
  if (complaintAnchor) maybeComplain(sim, story, customerId, profile.lang, complaintAnchor);
  const referredById = registerReferral(sim, customerId, arrival, deliveredAt);

  const needsKnown = known.needs && analysedAt !== null;
  const onFileAt = onFile && needsKnown ? analysedAt : null;
  if (onFileAt !== null) sim.funnel.onFile++;
  sim.funnel.leads++;
  const grade = story.grade;
  const lastContact = story.lastContact;
  const nextFollowUp = OPEN_GRADES.includes(grade) || (grade === 'O' && deliveredAt === null) ? lastContact + CADENCE_DAYS[grade] * DAY : null;
  if (nextFollowUp !== null) {
    sim.tasks.push({
      id: historyId('task', ++sim.seq.task),
      customerId,
      staffId: owner.id,
      kind: 'follow_up',
      reason: grade === 'O' ? 'delivery_update' : `grade_${grade}_cadence`,
      dueAt: sim.cal.toUtc(nextFollowUp),
      status: 'open',
      dedupeKey: `follow_up:${customerId}:${sim.cal.isoDate(dayOf(nextFollowUp))}`,
      createdAt: sim.cal.toUtc(lastContact),
    });
  }

  // A few lost customers ask not to be contacted again (a PIPL opt-out).
  const optsOut = lostReason !== null && lostReason !== 'no_response' && rnd.chance(0.05);
  const name = known.name === 'full' ? profile.person.name : known.name === 'polite' ? profile.person.politeName : null;
  const phone = known.phone ? sim.people.mobile() : null;
  sim.customers.push({
    id: customerId,
    storeId: sim.storeId,
    name,
    phone,
    // the consultant has the number from the person: proven
    verifiedPhone: phone,
    gender: profile.person.gender,
    city: needsKnown ? profile.city : null,
    grade,
    ownerId: owner.id,
    source: arrival.source,
    campaignId: arrival.campaign?.id ?? null,
    referredById,
    intendedModelId: known.model ? model.id : null,
    ...needsFields(profile, needsKnown),
    notes: needsKnown ? profile.note : null,
    lang: profile.lang,
    consentAt: name || phone ? sim.cal.toUtc(arrival.at) : null,
    consentVersion: name || phone ? 'v1' : null,
    onFileAt: onFileAt === null ? null : sim.cal.toUtc(onFileAt),
    lastContactAt: sim.cal.toUtc(lastContact),
    nextFollowUpAt: nextFollowUp === null ? null : sim.cal.toUtc(nextFollowUp),
    lostReason,
    optOutAt: optsOut ? sim.cal.toUtc(story.lastEvent) : null,
    leadAt: sim.cal.toUtc(arrival.at),
    createdAt: sim.cal.toUtc(arrival.at),
    updatedAt: sim.cal.toUtc(story.lastEvent),
  });
}

/** An occasional complaint (投诉) after a visit or a delivery; its ref is numbered later. */
function maybeComplain(sim: Simulation, story: CustomerStory, customerId: string, lang: 'zh' | 'en', after: { at: number; afterDelivery: boolean }): void {
  if (!sim.rnd.chance(after.afterDelivery ? COMPLAINT_CHANCE.afterDelivery : COMPLAINT_CHANCE.sales)) return;
  const at = callTime(after.at + sim.rnd.int(60, 3 * DAY), sim.rnd);
  const detail: { ref?: string } = {};
  if (story.add(at, 'complaint', sim.storeManagerId, 'phone', detail as Prisma.InputJsonObject)) {
    sim.complaints.push({ customerId, at, lang, afterDelivery: after.afterDelivery, detail });
  }
}

/** Which of the customer's details the store learned; on-file customers gave all five. */
function knownFields(sim: Simulation, source: LeadSource, onFile: boolean): Known {
  const { rnd } = sim;
  if (onFile) return { name: 'full', phone: true, model: true, needs: true };
  let known: Known;
  if (source === 'web_chat') {
    known = { name: rnd.chance(0.6) ? null : 'polite', phone: rnd.chance(0.3), model: rnd.chance(0.7), needs: rnd.chance(0.4) };
  } else if (REMOTE_SOURCES.has(source)) {
    // Platforms pass on a phone number and the model asked about; needs come with the call.
    known = { name: rnd.chance(0.5) ? 'polite' : 'full', phone: true, model: true, needs: rnd.chance(0.4) };
  } else {
    known = { name: rnd.chance(0.5) ? 'polite' : 'full', phone: rnd.chance(0.4), model: true, needs: rnd.chance(0.6) };
  }
  // 王先生 counts as a name: the record is judged by which fields are filled in.
  const complete = known.name !== null && known.phone && known.model && known.needs;
  return complete ? { ...known, needs: false } : known;
}

function needsFields(profile: CustomerProfile, known: boolean) {
  return {
    budgetMin: known ? profile.budgetMin : null,
    budgetMax: known ? profile.budgetMax : null,
    timeframe: known ? profile.timeframe : null,
    usage: known ? profile.usage : null,
    focus: known ? profile.focus : null,
    tradeIn: known ? profile.tradeIn : null,
    finance: known ? profile.finance : null,
  };
}

function pickOwner(sim: Simulation, modelId: string, lang: 'zh' | 'en'): Consultant {
  const { rnd } = sim;
  // Most leads go to the team selling the model; the rest to whoever is free on the floor.
  let pool = (rnd.chance(0.85) && sim.routes.get(modelId)) || sim.consultants;
  if (lang === 'en') {
    const speakers = pool.filter((c) => c.speaksEnglish);
    const anySpeakers = sim.consultants.filter((c) => c.speaksEnglish);
    if (speakers.length) pool = speakers;
    else if (anySpeakers.length) pool = anySpeakers;
  }
  return rnd.pick(pool);
}

/** Middle trims sell best, the entry trim next, the flagship least. */
function pickTrim(rnd: Random, model: ModelFacts) {
  const { trims } = model;
  if (trims.length < 3) return rnd.pick(trims);
  const weights: Record<string, number> = {};
  trims.forEach((t, i) => (weights[t.id] = i === 0 ? 35 : i === trims.length - 1 ? 20 : 45 / (trims.length - 2)));
  const id = rnd.weighted(weights);
  return trims.find((t) => t.id === id)!;
}
