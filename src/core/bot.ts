// What a bot is: a channel-agnostic handler of turns (and optionally scheduled jobs).
import type { Conversation } from '../generated/prisma/client.js';
import type { Db } from '../store/createPrisma.js';
import type { ConversationState } from './conversationStore.js';
import type { Bilingual, MessageKey, TextParams } from './i18n.js';
import type { Actor } from './identity.js';
import type { Logger } from '../infra/logger.js';
import type { ChannelName, InboundMessage, Lang, OutboundMessage, Side } from './message.js';
import type { JobDef } from './scheduler.js';
import type { Understanding } from '../understanding/nlu/understand.js';
import type { StoreData } from '../storeData/storeDataSchema.js';
import type { Reachability } from './channel.js';

export interface StoreInfo {
  id: string;
  nameZh: string;
  nameEn: string;
  timezone: string;
  /** Where staff gather for customer handoffs (a Slack channel): each handoff opens a thread there. */
  staffRoom?: { channel: ChannelName; chatId: string };
}

export interface TurnContext {
  msg: InboundMessage;
  lang: Lang;
  actor: Actor;
  conversation: Conversation;
  store: StoreInfo;
  db: Db;
  log: Logger;
  now: Date;
  /**
   * `channel:eventId` of the message this turn answers. Side effects carry it (a booking,
   * a ticket, an interaction, an order), so a turn run again after a crash finds what the
   * first run did instead of doing it twice.
   */
  eventKey: string;
  /** The conversation's live state (empty when expired). */
  state: ConversationState;
  /** Replace the state (null clears it); saved once the turn ends. */
  setState(next: ConversationState | null, ttlMs?: number): void;
  /**
   * Adds a reply to the turn and returns its delivery key (the outbox key on channels
   * that are not inline): a later message may name it as its `thread`.
   */
  reply(message: OutboundMessage): string;
  t(key: MessageKey, params?: TextParams): string;
  /** A bot's own bilingual text in the turn's language. */
  say(text: Bilingual, params?: TextParams): string;
  /** What the customer's text means (intent and slots), computed once per turn. */
  understanding(): Understanding;
}

/** What a bot's scheduled jobs are given when the service starts. */
export interface JobEnv {
  db: Db;
  store: StoreInfo;
  data: StoreData;
  /** Whether a customer's conversation can be reached now (WeChat's 48-hour window...). */
  reach: Reachability;
}

/** A bot's scheduled jobs (collectJobs gathers every bot's). */
export type JobSource = (env: JobEnv) => JobDef[];

export interface Bot {
  name: string;
  /** Which side of the store this bot talks to. */
  sides: Side[];
  /** Handles the turn and returns true, or returns false to let the next bot try. */
  handle(ctx: TurnContext): Promise<boolean>;
  /** The bot's scheduled jobs: the one place a job is declared. */
  jobs?: JobSource;
}
