// The one path every inbound message takes: dedupe → identity → conversation and state →
// router (bots in order, each inside an error boundary) → transcript → delivery.
import { Prisma } from '../generated/prisma/client.js';
import type { Db } from '../store/createPrisma.js';
import type { Bot, StoreInfo, TurnContext } from './bot.js';
import type { Clock } from '../infra/clock.js';
import { openConversation, readState, writeState, type ConversationState } from './conversationStore.js';
import { detectLang, languageWords, staffLang } from './detectLang.js';
import { BotError } from './errors.js';
import { fill, t } from './i18n.js';
import type { Understanding } from '../understanding/nlu/understand.js';
import { resolveActor, type Actor } from './identity.js';
import { claimInbound, finishInbound } from './inboundDedupe.js';
import { type ChatLock, createProcessChatLock } from './chatLock.js';
import { isUniqueViolation, STORE_TROUBLE_TEXT, storeTrouble } from '../store/prismaErrors.js';
import type { TurnSlots } from './turnSlots.js';
import type { Logger } from '../infra/logger.js';
import type { Button, InboundMessage, Lang, OutboundMessage } from './message.js';
import type { Metrics } from '../infra/metrics.js';
import { enqueueOutbound } from './outbox.js';
import { findTooLongText } from './textLimits.js';
import { payloadOf, transcriptText } from './transcriptPayload.js';

export interface TurnResult {
  duplicate: boolean;
  replies: OutboundMessage[];
  conversationId?: string;
  /**
   * A redelivery of an event that another run (in another process, or one that died)
   * still owns: the channel should make the platform try again later. The sweeper runs
   * it once the owner's lease has passed, so it is not lost either way.
   */
  busy?: boolean;
  /** An event that failed too often: it is not run again (doctor lists it). */
  dead?: boolean;
}

/** Which replies the channel delivers itself: all (true), none (false), or those a predicate accepts. */
export type InlinePolicy = boolean | ((reply: OutboundMessage) => boolean);

interface PipelineOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  store: StoreInfo;
  bots: Bot[];
  /** The store's reading of a customer text (intent and slots). */
  understand: (text: string, now: Date) => Understanding;
  metrics?: Metrics;
  /** How many turns compute at once (turnSlots.ts); none: no limit (tests of the pipeline alone). */
  slots?: TurnSlots;
  /** One chat at a time: across instances on PostgreSQL (chatLock.ts); none: within this process. */
  chatLock?: ChatLock;
  /** How long a run owns its inbound event (INBOUND_LEASE_MS by default). */
  inboundLeaseMs?: number;
}

export class Pipeline {
  private readonly chatLock: ChatLock;
  /** this process's turns in progress, by event key: a redelivery waits for its first run */
  private readonly running = new Map<string, Promise<TurnResult>>();

  constructor(private readonly o: PipelineOptions) {
    this.chatLock = o.chatLock ?? createProcessChatLock();
  }

  /**
   * Handles one inbound event. `inline` channels (the web chat) get the replies in the
   * result and nothing is queued; the others get them through the outbox. A predicate
   * splits them: the replies it accepts the channel delivers itself (a Slack modal must
   * open within 3 s of its trigger), the rest are queued. The result lists every reply.
   */
  async handle(msg: InboundMessage, opts: { inline?: InlinePolicy } = {}): Promise<TurnResult> {
    const { db, clock, metrics } = this.o;
    const key = { channel: msg.channel, eventId: msg.eventId };
    const claim = await claimInbound(db, key, clock.now(), toPayload(msg), this.o.inboundLeaseMs);
    if (claim.kind !== 'claimed') {
      metrics?.inbound.inc({ channel: msg.channel, result: 'duplicate' });
      if (claim.kind === 'busy') {
        // the first run is ours: answer the redelivery with its replies once it is done
        const first = this.running.get(eventKeyOf(msg));
        if (first) return { ...(await first.catch((): TurnResult => ({ duplicate: true, replies: [] }))), duplicate: true };
        return { duplicate: true, busy: true, replies: [] };
      }
      return { duplicate: true, replies: [], ...(claim.kind === 'dead' ? { dead: true } : {}) };
    }
    const turn = this.runClaimed(msg, opts.inline ?? false);
    this.running.set(eventKeyOf(msg), turn);
    try {
      return await turn;
    } finally {
      this.running.delete(eventKeyOf(msg));
    }
  }

  private async runClaimed(msg: InboundMessage, inline: InlinePolicy): Promise<TurnResult> {
    const { db, clock, metrics } = this.o;
    const key = { channel: msg.channel, eventId: msg.eventId };
    try {
      const run = () => this.runTurn(msg, inline);
      // the chat's own lock first, then a computing slot: a chat waiting for its previous
      // message holds no slot
      const result = await this.chatLock.run(`${msg.channel}:${msg.chatId}`, () => (this.o.slots ? this.o.slots.run(run) : run()));
      await finishInbound(db, key, clock.now());
      metrics?.inbound.inc({ channel: msg.channel, result: 'handled' });
      return result;
    } catch (err) {
      const trouble = storeTrouble(err);
      const reason = trouble ? STORE_TROUBLE_TEXT[trouble] : (err as Error).message;
      if (trouble) this.o.log.warn({ channel: msg.channel, eventId: msg.eventId, trouble }, `${reason}: the turn is run again later`);
      const outcome = await finishInbound(db, key, clock.now(), reason).catch(() => 'failed' as const);
      metrics?.inbound.inc({ channel: msg.channel, result: outcome === 'dead' ? 'dead' : 'failed' });
      throw err;
    }
  }

  private async runTurn(msg: InboundMessage, inline: InlinePolicy): Promise<TurnResult> {
    const { db, clock, store } = this.o;
    const now = clock.now();
    const log = this.o.log.child({ channel: msg.channel, eventId: msg.eventId });
    const words = languageWords(msg);
    let fallbackLang: Lang = msg.profile?.languageCode?.startsWith('en') ? 'en' : 'zh';

    let actor: Actor;
    try {
      actor = await resolveActor(db, store.id, msg);
    } catch (err) {
      if (!(err instanceof BotError)) throw err;
      log.warn({ code: err.code }, err.message);
      const lang = detectLang(words, fallbackLang);
      // No conversation for someone we do not know (nothing of theirs is kept), but the
      // explanation still reaches them on a channel that is not inline.
      const replies: OutboundMessage[] = [{ text: t(lang, err.userMessage) }];
      for (const [i, reply] of replies.entries()) {
        if (typeof inline === 'function' ? inline(reply) : inline) continue;
        await enqueueOutbound(db, { idempotencyKey: replyKey(msg, i), channel: msg.channel, recipient: msg.chatId, message: reply }, now);
      }
      return { duplicate: false, replies };
    }

    // a staff member's first chat starts in their first language
    if (actor.kind === 'staff' && !msg.profile?.languageCode) fallbackLang = staffLang(actor.staff.languages);
    const conversation = await openConversation(db, {
      channel: msg.channel,
      chatId: msg.chatId,
      customerId: actor.kind === 'customer' ? actor.customer.id : undefined,
      staffId: actor.kind === 'staff' ? actor.staff.id : undefined,
      lang: detectLang(words, fallbackLang),
      at: now,
    });
    // The customer gets the language they wrote in; a message without words keeps the last.
    const lang = detectLang(words, conversation.lang as Lang);
    if (lang !== conversation.lang) await db.conversation.update({ where: { id: conversation.id }, data: { lang } });

    // A text over its channel's cap reaches no bot: the writer is asked for shorter parts (textLimits.ts).
    const tooLong = findTooLongText(msg);
    // keyed by the event: a turn run again after a crash records the message once
    const inboundText = tooLong?.transcriptText ?? msg.text ?? (msg.action ? await labelOfAction(db, conversation.id, msg.action) : null);
    await createOnce(() =>
      db.chatMessage.create({
        data: {
          conversationId: conversation.id,
          direction: 'in',
          author: msg.side,
          text: inboundText,
          payload: msg.action ? { action: msg.action } : undefined,
          deliveryKey: `in:${eventKeyOf(msg)}`,
          createdAt: now,
        },
      }),
    );

    const replies: OutboundMessage[] = [];
    let understood: Understanding | undefined;
    let nextState: { state: ConversationState | null; ttlMs?: number } | undefined;
    const ctx: TurnContext = {
      msg,
      lang,
      actor,
      conversation,
      store,
      db,
      log,
      now,
      eventKey: eventKeyOf(msg),
      state: readState(conversation, now),
      // the turn reads what it wrote: two writes in one turn (two state slots) both count
      setState: (state, ttlMs) => {
        nextState = { state, ttlMs };
        ctx.state = state ?? {};
      },
      reply: (m) => replyKey(msg, replies.push(m) - 1),
      t: (key, params) => t(lang, key, params),
      say: (text, params) => fill(lang, text, params),
      understanding: () => (understood ??= this.o.understand(msg.text ?? '', now)),
    };

    if (tooLong) {
      log.info({ length: tooLong.length, limit: tooLong.limit }, 'text over the channel cap: asked for shorter parts');
      ctx.reply({ text: ctx.t('text.tooLong', { limit: tooLong.limit }) });
    } else {
      await this.route(ctx);
    }

    if (nextState) await writeState(db, conversation, nextState.state, now, nextState.ttlMs);
    await this.deliver(msg, conversation.id, replies, inline, now);
    return { duplicate: false, replies, conversationId: conversation.id };
  }

  /** Bots in order; the first that handles the turn wins. A bot that throws is isolated. */
  private async route(ctx: TurnContext): Promise<void> {
    const { metrics } = this.o;
    for (const bot of this.o.bots) {
      if (!bot.sides.includes(ctx.msg.side)) continue;
      // Between bots, let the event loop serve what waits (a health probe, another chat's
      // request): SQLite answers synchronously, so a whole turn would otherwise hold the
      // loop from its first query to its last reply.
      await yieldToEventLoop();
      const end = metrics?.handlerSeconds.startTimer({ bot: bot.name });
      try {
        const handled = await bot.handle(ctx);
        end?.();
        if (handled) return;
      } catch (err) {
        end?.();
        // the store could not take a write (locked, full): not the bot's fault, and an
        // apology would mark the event done with its work lost; the turn fails and is run again
        if (storeTrouble(err)) throw err;
        metrics?.botErrors.inc({ bot: bot.name });
        const userMessage = err instanceof BotError ? err.userMessage : 'error.generic';
        ctx.log.error({ err, bot: bot.name }, 'bot failed; answering with an apology');
        ctx.reply({ text: ctx.t(userMessage) });
        return;
      }
    }
  }

  private async deliver(msg: InboundMessage, conversationId: string, replies: OutboundMessage[], policy: InlinePolicy, now: Date) {
    const { db, metrics } = this.o;
    for (const [i, reply] of replies.entries()) {
      const key = replyKey(msg, i);
      const inline = typeof policy === 'function' ? policy(reply) : policy;
      // Recorded now, under the outbox key, so the outbox does not record it again on
      // delivery, and a turn run again after a crash does not record it twice.
      await createOnce(() =>
        db.chatMessage.create({
          data: {
            conversationId,
            direction: 'out',
            author: reply.from ?? 'bot',
            text: transcriptText(reply),
            payload: payloadOf(reply),
            deliveryKey: key,
            createdAt: now,
          },
        }),
      );
      if (inline) {
        metrics?.outbound.inc({ channel: msg.channel, status: 'inline' });
      } else {
        await enqueueOutbound(db, { idempotencyKey: key, channel: msg.channel, recipient: msg.chatId, conversationId, message: reply }, now);
      }
    }
  }
}

/** Resolves on the next turn of the event loop (after pending I/O callbacks), not as a microtask. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** `channel:eventId`: the key a turn's side effects carry, so a turn run again finds them. */
export function eventKeyOf(msg: Pick<InboundMessage, 'channel' | 'eventId'>): string {
  return `${msg.channel}:${msg.eventId}`;
}

/** The message as an inbound event keeps it for a re-drive (JSON: the date as ISO text). */
function toPayload(msg: InboundMessage): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(msg)) as Prisma.InputJsonValue;
}

/** The message a re-drive runs again, from an inbound event's payload. */
export function messageFromPayload(payload: unknown): InboundMessage | null {
  if (!payload || typeof payload !== 'object') return null;
  const m = payload as InboundMessage & { at: string };
  if (typeof m.channel !== 'string' || typeof m.eventId !== 'string' || typeof m.chatId !== 'string' || typeof m.at !== 'string') return null;
  return { ...m, at: new Date(m.at) };
}

/** Runs a create whose unique key says "already done": the first one stands. */
async function createOnce(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
}

/** The outbox key of a turn's i-th reply: stable across a retried turn, so nothing is sent twice. */
export function replyKey(msg: Pick<InboundMessage, 'channel' | 'eventId'>, i: number): string {
  return `reply:${msg.channel}:${msg.eventId}:${i}`;
}

/** The label of the button the user pressed, from the latest message that offered it (for the transcript). */
async function labelOfAction(db: Db, conversationId: string, action: string): Promise<string | null> {
  const offers = await db.chatMessage.findMany({
    where: { conversationId, direction: 'out', payload: { not: Prisma.DbNull } },
    orderBy: { id: 'desc' },
    take: 10,
    select: { payload: true },
  });
  for (const o of offers) {
    const button = (o.payload as { buttons?: Button[] }).buttons?.find((b) => b.value === action);
    if (button) return button.label;
  }
  return null;
}
