// Pieces of the Slack → InboundMessage mapping that need no Bolt: the submitted values of
// a modal, a mention stripped from a text, the thread one of our messages started.
import type { Db } from '../../store/createPrisma.js';

interface ViewStateValue {
  type?: string;
  value?: string | null;
  selected_option?: { value?: string } | null;
  selected_date?: string | null;
  selected_time?: string | null;
}

/** view.state.values by block_id (= field name); an empty field is left out. */
export function flattenViewState(values: Record<string, Record<string, ViewStateValue>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(values ?? {})) {
    for (const v of Object.values(actions ?? {})) {
      const value = v.value ?? v.selected_option?.value ?? v.selected_date ?? v.selected_time;
      if (typeof value === 'string') out[blockId] = value;
    }
  }
  return out;
}

/** "<@U0BOT> show my leads" → "show my leads". */
export function stripLeadingMention(text: string | undefined): string {
  return (text ?? '').replace(/^\s*<@[UW][A-Z0-9]+(\|[^>]*)?>[\s:,，]*/, '').trim();
}

/** A DM's channel id starts with D; everything else (C…, G…) is a channel or group. */
export function isDirectChannel(channelId: string | undefined): boolean {
  return !!channelId && channelId.startsWith('D');
}

/**
 * The thread under one of our posted messages (its outbox row has sentRef `channel/ts`):
 * the chat id and the thread key for the pipeline, or null when the thread is not ours.
 */
export async function findOurThread(db: Db, channel: string, rootTs: string | undefined): Promise<{ chatId: string; threadKey: string } | null> {
  if (!rootTs) return null;
  const ref = `${channel}/${rootTs}`;
  const row = await db.outboxMessage.findFirst({ where: { channel: 'slack', sentRef: ref }, select: { idempotencyKey: true } });
  return row ? { chatId: ref, threadKey: row.idempotencyKey } : null;
}
