// What a channel is to the service, so adding one is one folder and one line in the
// composition root's list: its name, its sender (the outbox calls it), its HTTP routes,
// start/stop, whether a conversation can be reached now (a platform rule such as WeChat's
// 48-hour customer-service window lives here, in the channel, not in the bots that send),
// and the re-drivers of what it stores before its ack (Slack).
import type { FastifyInstance } from 'fastify';
import type { Conversation, InboundEvent } from '../generated/prisma/client.js';
import type { ChannelName } from './message.js';
import type { Sender } from './outbox.js';

/**
 * Runs a stored event again. Events of the pipeline's channels need none (the sweeper
 * hands their stored message to the pipeline); a channel that stores its platform's raw
 * body (Slack, before its ack) brings its own.
 */
export type Redriver = (payload: unknown, event: Pick<InboundEvent, 'channel' | 'eventId'>) => Promise<void>;

/** What reachability reads of a conversation. */
type ReachableConversation = Pick<Conversation, 'channel' | 'lastInboundAt'>;

export interface Channel {
  readonly name: ChannelName;
  readonly sender: Sender;
  registerRoutes(http: FastifyInstance): void | Promise<void>;
  /** Before the HTTP server opens: connect, check the token, start polling. */
  start?(): Promise<void>;
  /** After the HTTP server closed: stop polling, finish the work already acknowledged. */
  stop?(): Promise<void>;
  /** Whether a message the store starts (not a reply) may be sent to this conversation now. */
  canReach(conversation: ReachableConversation, now: Date): boolean;
  /** Re-drivers for the inbound events this channel keeps before its ack, by event channel. */
  readonly redrivers?: Record<string, Redriver>;
}

/** Whether a conversation can be reached now, over every configured channel. */
export type Reachability = (conversation: ReachableConversation, now: Date) => boolean;

/** A conversation on a channel that is not configured cannot be reached. */
export function reachabilityOf(channels: readonly Channel[]): Reachability {
  const byName = new Map(channels.map((c) => [c.name as string, c]));
  return (conversation, now) => byName.get(conversation.channel)?.canReach(conversation, now) ?? false;
}
